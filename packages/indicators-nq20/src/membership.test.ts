import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { HoptacEvent } from '@hoptac/core';
import { activeMembers, companions } from './companions';
import { goodFairShare, memberFlows } from './indicators';
import { vinhBaoPlan, vinhBaoUnitReorganisation2025 } from './plan';
import { historyWithLags } from './test-history';
import { foundingOf, legalStatusOn, placementOn, queryContext } from './view';

// small histories dense in memberships: the report counts them from per-organisation indexes, explain and
// activeMembers look at every fact; both must agree on every history and clocks
const ORGS = ['o1', 'o2'];
const MEMBERS = ['m1', 'm2', 'm3'];
const UNITS = ['VB-NHAN-HOA', 'VB-CO-AM', 'TL-OUTSIDE', 'HP-VINH-HOA'];
// few distinct dates, so facts often share a day (an admission and a kind change, a departure and a reorganisation)
const DATES = ['2022-03-01', '2023-07-17', '2023-07-18', '2024-02-10', '2025-06-30', '2025-07-01', '2026-12-31', '2027-05-05'];
const date = fc.constantFrom(...DATES);
const org = fc.constantFrom(...ORGS);
const member = fc.constantFrom(...MEMBERS);
const kind = fc.constantFrom('official' as const, 'associate-contributing' as const, 'associate-non-contributing' as const);

const weighted = <T,>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });

const anEvent = fc.oneof(
  weighted(3, fc.record({
    type: fc.constant('OrganisationFounded' as const),
    occurredOn: date,
    data: fc.record({
      organisationId: org,
      kind: fc.constantFrom('cooperative' as const, 'cooperative-group' as const, 'cooperative-union' as const, 'peoples-credit-fund' as const),
      name: fc.constant('N'),
      registrationCode: fc.constant('R'),
      headOfficeUnit: fc.constantFrom(...UNITS),
      origin: fc.constant({ type: 'new' as const }),
    }),
  })),
  weighted(6, fc.record({
    type: fc.constant('MemberAdmitted' as const),
    occurredOn: date,
    data: fc.record({
      organisationId: org,
      memberId: member,
      memberKind: kind,
      partyType: fc.constant('individual' as const),
      capitalCommitted: fc.constant(1),
      origin: fc.constantFrom('application' as const, 'founding' as const, 'conversion' as const, 'reorganisation' as const),
    }),
  })),
  weighted(3, fc.record({
    type: fc.constant('MemberDeparted' as const),
    occurredOn: date,
    data: fc.record({ organisationId: org, memberId: member, reason: fc.constantFrom('voluntary' as const, 'reorganisation' as const) }),
  })),
  weighted(3, fc.record({
    type: fc.constant('MemberKindChanged' as const),
    occurredOn: date,
    data: fc.record({ organisationId: org, memberId: member, from: kind, to: kind }),
  })),
  weighted(1, fc.record({
    type: fc.constant('OrganisationReorganised' as const),
    occurredOn: date,
    data: fc.record({
      organisationId: org,
      reorganisationId: fc.constant('r1'),
      shape: fc.constant('merger' as const),
      role: fc.constantFrom('absorbing' as const, 'source-continues' as const),
      sourceIds: fc.constant(['o9']),
      successorIds: fc.constant(['o1']),
    }),
  })),
  weighted(1, fc.record({
    type: fc.constant('HeadOfficeMoved' as const),
    occurredOn: date,
    data: fc.record({ organisationId: org, fromUnit: fc.constant('X'), toUnit: fc.constantFrom(...UNITS) }),
  })),
  weighted(1, fc.record({ type: fc.constant('DissolutionCompleted' as const), occurredOn: date, data: fc.record({ organisationId: org, mode: fc.constant('voluntary' as const) }) })),
  weighted(1, fc.constant(vinhBaoUnitReorganisation2025 as HoptacEvent)),
) as unknown as fc.Arbitrary<HoptacEvent>;

const lag = fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: -5, max: 400 }) });
const recorded = fc.array(fc.tuple(anEvent, lag), { minLength: 20, maxLength: 60 });
const clocks = fc.tuple(date, fc.integer({ min: 0, max: 365 * 7 })).map(([asOf, day]) => ({
  asOf,
  knownAt: new Date(Date.UTC(2022, 0, 1) + day * 86_400_000 + 43_200_000).toISOString(),
}));



describe('memberships counted from the indexes', () => {
  test.prop([anEvent])('the generator makes only valid domain events', (event) => {
    expect(HoptacEvent.parse(event)).toEqual(event);
  });

  test.prop([recorded, fc.array(clocks, { minLength: 1, maxLength: 4 })], { numRuns: 300 })(
    'new members and departures equal those found admission by admission',
    (entries, asks) => {
      const state = historyWithLags(entries).state();
      for (const asked of asks) {
        const counted = memberFlows(queryContext(state, vinhBaoPlan, asked));
        const explained = memberFlows(queryContext(state, vinhBaoPlan, asked), true);
        const perUnit = (flows: typeof counted) =>
          flows.computation.entries
            .filter((entry) => entry.placement === 'numerator')
            .map((entry) => `${entry.organisationId} ${entry.unit ?? ''}`)
            .flatMap((key, index, keys) => (keys.indexOf(key) === index ? [key] : []))
            .sort()
            .map((key) => [
              key,
              flows.computation.entries
                .filter((entry) => entry.placement === 'numerator' && `${entry.organisationId} ${entry.unit ?? ''}` === key)
                .reduce((sum, entry) => sum + entry.count, 0),
            ]);
        expect(perUnit(counted)).toEqual(perUnit(explained));
        expect(counted.computation.numerator).toBe(explained.computation.numerator);
        expect(counted.departures).toBe(explained.departures);
        expect([...counted.departuresByUnit].sort()).toEqual([...explained.departuresByUnit].sort());
        expect([...counted.departuresByKind].sort()).toEqual([...explained.departuresByKind].sort());
      }
    },
  );

  test.prop([recorded, fc.array(clocks, { minLength: 1, maxLength: 4 })], { numRuns: 300 })(
    'active memberships and minimum membership equal those found member by member',
    (entries, asks) => {
      const state = historyWithLags(entries).state();
      for (const asked of asks) {
        const context = queryContext(state, vinhBaoPlan, asked);
        const figures = companions(context, goodFairShare(context), memberFlows(context));
        let total = 0;
        const byKind = new Map<string, number>();
        for (const timeline of state.organisations.values()) {
          if (foundingOf(context, timeline) === undefined) continue;
          const place = placementOn(context, timeline, asked.asOf);
          const status = legalStatusOn(context, timeline, asked.asOf);
          if (!place.inTerritory || place.unit === undefined || status === undefined || status === 'ceased') continue;
          for (const memberKind of activeMembers(context, timeline).values()) {
            total++;
            byKind.set(memberKind, (byKind.get(memberKind) ?? 0) + 1);
          }
          const below = figures.belowMinimumMembership.find((row) => row.organisationId === timeline.id);
          if (below !== undefined) {
            const members = [...activeMembers(context, timeline).values()];
            expect(below.members).toBe(below.kind === 'cooperative-group' ? members.length : members.filter((k) => k === 'official').length);
          }
        }
        expect(figures.activeMemberships.total).toBe(total);
        expect(figures.activeMemberships.byMemberKind.map((row) => [row.memberKind, row.count]).sort()).toEqual([...byKind].sort());
      }
    },
  );
});
