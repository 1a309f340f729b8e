import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { HoptacEvent } from '@hoptac/core';
import { explain } from './explain';
import { IndicatorId, vinhBaoPlan, vinhBaoUnitReorganisation2025 } from './plan';
import { buildReport } from './report';
import { historyWithLags, passing } from './test-history';

const ORGS = ['o1', 'o2', 'o3', 'o4', 'o5'];
const UNITS = ['VB-NHAN-HOA', 'VB-CO-AM', 'TL-OUTSIDE', 'HP-VINH-HOA'];

const date = fc.integer({ min: 0, max: 365 * 10 }).map((day) => new Date(Date.UTC(2022, 0, 1) + day * 86_400_000).toISOString().slice(0, 10));
const org = fc.constantFrom(...ORGS);
const pick = <T,>(...values: T[]) => fc.constantFrom(...values);

// one random domain event; data stays small so collisions (same member, same rating year) are frequent
const anEvent = fc.oneof(
  fc.record({
    type: fc.constant('OrganisationFounded' as const),
    occurredOn: date,
    data: fc.record({
      organisationId: org,
      kind: pick('cooperative', 'cooperative', 'cooperative-group', 'cooperative-union', 'peoples-credit-fund'),
      name: fc.constant('N'),
      registrationCode: fc.constant('R'),
      headOfficeUnit: pick(...UNITS),
      origin: fc.oneof(
        fc.constant({ type: 'new' as const }),
        fc.constant({ type: 'conversion' as const, fromGroupId: 'o9' }),
        fc.constant({ type: 'reorganisation-successor' as const, reorganisationId: 'r' }),
      ),
    }),
  }),
  fc.record({
    type: fc.constant('MemberAdmitted' as const),
    occurredOn: date,
    data: fc.record({
      organisationId: org,
      memberId: pick('m1', 'm2', 'm3'),
      memberKind: pick('official', 'associate-contributing', 'associate-non-contributing'),
      partyType: fc.constant('individual' as const),
      capitalCommitted: fc.constant(1),
      origin: pick('application', 'founding', 'conversion', 'reorganisation'),
    }),
  }),
  fc.record({
    type: fc.constant('MemberDeparted' as const),
    occurredOn: date,
    data: fc.record({ organisationId: org, memberId: pick('m1', 'm2', 'm3'), reason: pick('voluntary', 'reorganisation') }),
  }),
  fc.record({ type: fc.constant('OperationsSuspended' as const), occurredOn: date, data: fc.record({ organisationId: org }) }),
  fc.record({ type: fc.constant('OperationsResumed' as const), occurredOn: date, data: fc.record({ organisationId: org }) }),
  fc.record({
    type: fc.constant('LegalStatusChanged' as const),
    occurredOn: date,
    data: fc.record({ organisationId: org, from: fc.constant('active' as const), to: pick('active', 'not-at-registered-address', 'ceased') }),
  }),
  fc.record({
    type: pick('RatingRecorded' as const, 'RatingCorrected' as const),
    occurredOn: date,
    data: fc.record({
      organisationId: org,
      year: fc.integer({ min: 2023, max: 2031 }),
      scheme: pick('circular-01-2020', 'circular-09-2017', 'other'),
      level: pick('good', 'fair', 'average', 'weak'),
      score: fc.constant(70),
    }),
  }),
  fc.record({
    type: fc.constant('ValueChainLinkageStarted' as const),
    occurredOn: date,
    data: fc.record({
      organisationId: org,
      linkageId: pick('l1', 'l2'),
      contractReference: fc.constant('C'),
      counterpartyKind: pick('enterprise', 'state-owned-enterprise', 'farmers'),
      stages: pick(['production', 'consumption'] as const, ['inputs'] as const),
      startsOn: date,
    }),
  }),
  fc.record({
    type: fc.constant('ValueChainLinkageEnded' as const),
    occurredOn: date,
    data: fc.record({ organisationId: org, linkageId: pick('l1', 'l2'), endsOn: date }),
  }),
  fc.record({
    type: fc.constant('HighTechRecognitionGranted' as const),
    occurredOn: date,
    data: fc.record({ organisationId: org, recognitionId: pick('h1', 'h2'), basis: fc.constant('local-rule' as const), issuer: fc.constant('U'), validFrom: date }),
  }),
  fc.record({
    type: fc.constant('HighTechRecognitionLapsed' as const),
    occurredOn: date,
    data: fc.record({ organisationId: org, recognitionId: pick('h1', 'h2'), lapsedOn: date }),
  }),
  fc.record({
    type: fc.constant('DigitalAssessmentRecorded' as const),
    occurredOn: date,
    data: fc.record({ organisationId: org, checklistVersion: fc.constant('v1'), result: pick('meets', 'does-not-meet') }),
  }),
  fc.record({
    type: fc.constant('DebtRecognised' as const),
    occurredOn: date,
    data: fc.record({ organisationId: org, debtId: pick('d1', 'd2'), creditorType: pick('state', 'bank'), amount: fc.constant(100), originDate: date, dueDate: date }),
  }),
  fc.record({ type: fc.constant('DebtPaid' as const), occurredOn: date, data: fc.record({ organisationId: org, debtId: pick('d1', 'd2'), amount: fc.constant(60) }) }),
  fc.record({ type: fc.constant('SanctionImposed' as const), occurredOn: date, data: fc.record({ organisationId: org, decisionRef: fc.constant('S'), violation: fc.constant('V') }) }),
  fc.record({
    type: fc.constant('LegacyConversionAssessed' as const),
    occurredOn: date,
    data: fc.record({ organisationId: org, status: pick('not-converted', 'converted'), registeredUnderLaw: fc.constant('2003' as const) }),
  }),
  fc.record({ type: fc.constant('RegistrationUpdateSubmitted' as const), occurredOn: date, data: fc.record({ organisationId: org, windowYear: fc.integer({ min: 2024, max: 2032 }) }) }),
  fc.record({
    type: fc.constant('HeadOfficeMoved' as const),
    occurredOn: date,
    data: fc.record({ organisationId: org, fromUnit: fc.constant('X'), toUnit: pick(...UNITS) }),
  }),
  fc.record({ type: fc.constant('GroupConverted' as const), occurredOn: date, data: fc.record({ organisationId: org, cooperativeId: org }) }),
  fc.record({ type: fc.constant('DissolutionStarted' as const), occurredOn: date, data: fc.record({ organisationId: org, mode: pick('voluntary', 'bankruptcy') }) }),
  fc.constant(vinhBaoUnitReorganisation2025 as HoptacEvent),
) as unknown as fc.Arbitrary<HoptacEvent>; // literals widen inside fc.record; the first property checks every event against the schema

// record lag in days: usually the same day, sometimes months late
const lag = fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: -10, max: 900 }) });
const recorded = fc.array(fc.tuple(anEvent, lag), { minLength: 1, maxLength: 40 });

const clocks = fc.tuple(date, fc.integer({ min: 0, max: 365 * 11 })).map(([asOf, day]) => ({
  asOf,
  knownAt: new Date(Date.UTC(2022, 0, 1) + day * 86_400_000 + 43_200_000).toISOString(),
}));



test.prop([anEvent])('the generator makes only valid domain events', (event) => {
  expect(HoptacEvent.parse(event)).toEqual(event);
});

test.prop([recorded, fc.array(clocks, { minLength: 1, maxLength: 3 })], { numRuns: 150 })(
  'a report from the full state equals the report from a fresh replay of the events passing both clocks',
  (entries, asks) => {
    const history = historyWithLags(entries);
    const full = history.state();
    for (const { asOf, knownAt } of asks) {
      const fresh = history.state(passing(history.events, asOf, knownAt));
      expect(buildReport(full, vinhBaoPlan, { asOf, knownAt })).toEqual(buildReport(fresh, vinhBaoPlan, { asOf, knownAt }));
    }
  },
);

test.prop([recorded, clocks], { numRuns: 60 })('explanations from the full state equal those from a fresh replay', (entries, { asOf, knownAt }) => {
  const history = historyWithLags(entries);
  const full = history.state();
  const fresh = history.state(passing(history.events, asOf, knownAt));
  for (const id of IndicatorId.options)
    expect(explain(full, vinhBaoPlan, id, { asOf, knownAt })).toEqual(explain(fresh, vinhBaoPlan, id, { asOf, knownAt }));
});

test.prop([recorded, clocks], { numRuns: 60 })('explain agrees with the report on every value', (entries, { asOf, knownAt }) => {
  const history = historyWithLags(entries);
  const state = history.state();
  const report = buildReport(state, vinhBaoPlan, { asOf, knownAt });
  for (const result of report.indicators) {
    const why = explain(state, vinhBaoPlan, result.id, { asOf, knownAt });
    expect(why.value).toBe(result.value);
    expect(why.numerator.reduce((sum, entry) => sum + entry.count, 0)).toBe(result.numerator);
    if (result.measure === 'share') expect(why.denominator.length).toBe(result.denominator);
  }
});
