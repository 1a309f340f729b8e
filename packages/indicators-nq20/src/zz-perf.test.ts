import { it } from 'vitest';
import { toRecordedEvent, GENESIS_HASH } from '@hoptac/core';
import { applyIndicatorEvent, initialIndicatorsState } from '/work/main/packages/indicators-nq20/src/projection';
import { buildReport } from '/work/main/packages/indicators-nq20/src/report';
import { queryContext } from '/work/main/packages/indicators-nq20/src/view';
import * as I from '/work/main/packages/indicators-nq20/src/indicators';
import { companions } from '/work/main/packages/indicators-nq20/src/companions';
import { visibleBasis } from '/work/main/packages/indicators-nq20/src/warnings';
import { vinhBaoPlan } from '/work/main/packages/indicators-nq20/src/plan';

it('perf', () => {
  const units = vinhBaoPlan.territory.units.map((u) => u.code);
  const state = initialIndicatorsState();
  const N = 200_000; let gp = 0;
  const day = (d: number) => new Date(Date.UTC(2020, 0, 1) + d * 86400000).toISOString().slice(0, 10);
  let t = performance.now();
  const orgs = 8000;
  for (let i = 0; gp < N; i++) {
    const o = `o${i % orgs}`;
    const d = day((i * 7) % 4000);
    const ev: any = i < orgs
      ? { type: 'OrganisationFounded', occurredOn: day(i % 2000), data: { organisationId: o, kind: 'cooperative', name: 'n', registrationCode: 'r', headOfficeUnit: units[i % units.length], origin: { type: 'new' } } }
      : i % 10 === 0 ? { type: 'RatingRecorded', occurredOn: d, data: { organisationId: o, year: 2020 + (i % 10), scheme: 'circular-01-2020', level: 'good', score: 80 } }
      : { type: 'MemberAdmitted', occurredOn: d, data: { organisationId: o, memberId: `m${i}`, memberKind: 'official', partyType: 'individual', capitalCommitted: 1, origin: 'application' } };
    gp++;
    const rec = { ...ev, eventId: `e${gp}`, schemaVersion: 1, stream: `organisation-${o}`, streamVersion: 1, globalPosition: gp, recordedAt: `${ev.occurredOn}T12:00:00.000Z`, metadata: {}, hash: 'x' };
    applyIndicatorEvent(state, rec);
  }
  console.log('apply', N, performance.now() - t);
  for (const asOf of ['2026-01-01', '2030-12-31', '2031-06-01']) {
    t = performance.now();
    const c = queryContext(state, vinhBaoPlan, { asOf, knownAt: '2100-01-01T00:00:00Z' });
    const lap = (name: string) => { console.log('part', name, Math.round(performance.now() - t)); t = performance.now(); };
    I.newCooperatives(c); lap('newco');
    const f = I.memberFlows(c); lap('members');
    const g = I.goodFairShare(c); lap('goodfair');
    I.valueChainShare(c); lap('vc');
    I.highTechShare(c); lap('ht');
    I.digitalShare(c); lap('dig');
    companions(c, g, f); lap('companions');
    visibleBasis(c); lap('basis');
  }
});
