import { GENESIS_HASH, organisationStream, toRecordedEvent, type HoptacEvent, type RecordedEvent } from '@hoptac/core';
import { describe, expect, it } from 'vitest';
import { sampleTerritory } from './history';
import { oracleReport, type OraclePlan } from './oracle';

const plan: OraclePlan = { territoryUnits: ['T-A', 'T-B', 'T-C', 'T-D'], baselineDate: '2023-07-17' };
const everything = '2100-01-01T00:00:00.000Z';

/** Records domain events in the order given, each at `recordedAt` (default: the morning after its business date). */
const history = (...items: Array<HoptacEvent | [HoptacEvent, string]>): RecordedEvent[] => {
  const versions = new Map<string, number>();
  let previousHash = GENESIS_HASH;
  return items.map((item, index) => {
    const [event, recordedAt] = Array.isArray(item) ? item : [item, `${item.occurredOn}T09:00:00.000Z`];
    const stream = event.type === 'AdministrativeUnitsReorganised' ? 'territory-administrative-units' : organisationStream(event.data.organisationId);
    const version = (versions.get(stream) ?? 0) + 1;
    versions.set(stream, version);
    const stored = toRecordedEvent({ ...event, eventId: `e${index + 1}`, recordedAt }, stream, version, index + 1, previousHash);
    previousHash = stored.hash;
    return stored;
  });
};

const founded = (organisationId: string, on: string, kind = 'cooperative', unit = 'T-A', origin: object = { type: 'new' }): HoptacEvent =>
  ({
    type: 'OrganisationFounded',
    occurredOn: on,
    data: { organisationId, kind, name: organisationId, registrationCode: organisationId, headOfficeUnit: unit, origin },
  }) as HoptacEvent;
const admitted = (organisationId: string, on: string, memberId: string, origin = 'application'): HoptacEvent =>
  ({
    type: 'MemberAdmitted',
    occurredOn: on,
    data: { organisationId, memberId, memberKind: 'official', partyType: 'individual', capitalCommitted: 0, origin },
  }) as HoptacEvent;
const rated = (organisationId: string, on: string, year: number, level: string, scheme = 'circular-01-2020', type = 'RatingRecorded'): HoptacEvent =>
  ({ type, occurredOn: on, data: { organisationId, year, scheme, level, score: { good: 90, fair: 70, average: 55, weak: 10 }[level] } }) as HoptacEvent;
const simple = (type: string, organisationId: string, on: string, data: object = {}): HoptacEvent =>
  ({ type, occurredOn: on, data: { organisationId, ...data } }) as HoptacEvent;

const at = (events: RecordedEvent[], asOf: string, knownAt = everything) => oracleReport(events, plan, { asOf, knownAt });

describe('the oracle: new cooperatives', () => {
  it('counts cooperatives founded strictly after the baseline, inside the territory, new or converted', () => {
    const events = history(
      founded('on-baseline', '2023-07-17'),
      founded('day-after', '2023-07-18'),
      founded('outside', '2024-01-01', 'cooperative', 'OUT-X'),
      founded('group', '2024-01-01', 'cooperative-group'),
      founded('union', '2024-01-01', 'cooperative-union'),
      founded('converted', '2025-02-01', 'cooperative', 'T-B', { type: 'conversion', fromGroupId: 'group' }),
      founded('successor', '2025-03-01', 'cooperative', 'T-B', { type: 'reorganisation-successor', reorganisationId: 'r1' }),
      simple('DissolutionCompleted', 'day-after', '2026-01-01', { mode: 'voluntary' }),
    );
    expect(at(events, '2030-12-31').indicators['new-cooperatives']).toEqual({ value: 2, numerator: 2, denominator: null });
    expect(at(events, '2025-01-31').indicators['new-cooperatives'].value).toBe(1);
  });

  it('does not count a cooperative that moved into the territory after its founding', () => {
    const events = history(founded('mover', '2024-01-01', 'cooperative', 'OUT-X'), simple('HeadOfficeMoved', 'mover', '2024-06-01', { fromUnit: 'OUT-X', toUnit: 'T-C' }));
    expect(at(events, '2030-12-31').indicators['new-cooperatives'].value).toBe(0);
  });

  it('sees a late-recorded founding only once it is known', () => {
    const events = history([founded('late', '2024-01-01'), '2026-03-01T00:00:00.000Z']);
    expect(at(events, '2025-12-31', '2025-12-31T00:00:00.000Z').indicators['new-cooperatives'].value).toBe(0);
    expect(at(events, '2025-12-31', '2026-03-01T00:00:00.000Z').indicators['new-cooperatives'].value).toBe(1);
  });
});

describe('the oracle: new members', () => {
  it('counts founding and applied admissions after the baseline, not carried-over members', () => {
    const events = history(
      founded('g', '2023-07-01', 'cooperative-group'),
      admitted('g', '2023-07-01', 'before-baseline', 'founding'),
      admitted('g', '2023-08-01', 'applied'),
      founded('c', '2024-08-01', 'cooperative', 'T-B', { type: 'conversion', fromGroupId: 'g' }),
      admitted('c', '2024-08-01', 'applied', 'conversion'),
      admitted('c', '2024-09-01', 'm2'),
      founded('u', '2024-01-01', 'cooperative-union'),
      admitted('u', '2024-01-01', 'a-cooperative', 'founding'),
      simple('MemberDeparted', 'c', '2025-01-01', { memberId: 'm2', reason: 'voluntary' }),
    );
    const report = at(events, '2030-12-31');
    expect(report.indicators['new-members'].value).toBe(2);
    expect(report.netMemberChange).toBe(1);
  });
});

describe('the oracle: good-fair share and value chains', () => {
  const base = [
    founded('good', '2028-06-01'),
    founded('missing', '2028-06-01', 'cooperative', 'T-B'),
    founded('young', '2030-01-01'),
    founded('weak', '2028-06-01'),
  ];

  it('takes the latest year whose deadline has passed, keeps a missing rating in the denominator', () => {
    const events = history(
      ...base,
      rated('good', '2030-10-01', 2030, 'good'),
      rated('young', '2030-10-01', 2030, 'good'),
      rated('weak', '2030-10-01', 2030, 'weak'),
      rated('weak', '2029-10-01', 2029, 'fair'),
    );
    expect(at(events, '2030-12-15').indicators['good-fair-share']).toEqual({ value: 1 / 3, numerator: 1, denominator: 3 });
    expect(at(events, '2030-12-15').ratingYear).toBe(2030);
    expect(at(events, '2030-12-14').ratingYear).toBe(2029);
    expect(at(events, '2030-12-14').indicators['good-fair-share']).toEqual({ value: 1 / 3, numerator: 1, denominator: 3 });
  });

  it('drops an organisation suspended more than 90 days of the year (150 days: 1/2 to 30/6)', () => {
    const suspended = (until: string) =>
      history(...base.slice(0, 1), simple('OperationsSuspended', 'good', '2030-02-01'), simple('OperationsResumed', 'good', until), rated('good', '2030-10-01', 2030, 'good'));
    expect(at(suspended('2030-07-01'), '2030-12-31').indicators['good-fair-share'].denominator).toBe(0);
    // 1/2 to 1/5 is 89 days: still eligible
    expect(at(suspended('2030-05-02'), '2030-12-31').indicators['good-fair-share'].denominator).toBe(1);
  });

  it('uses the corrected level, and a sanction in the year makes a 2017-scheme rating weak', () => {
    const events = history(
      founded('a', '2028-01-01'),
      founded('b', '2028-01-01'),
      rated('a', '2030-09-01', 2030, 'weak'),
      rated('a', '2030-11-01', 2030, 'fair', 'circular-01-2020', 'RatingCorrected'),
      rated('b', '2030-09-01', 2030, 'good', 'circular-09-2017'),
      simple('SanctionImposed', 'b', '2030-11-20', { decisionRef: 'qd-1', violation: 'late report' }),
    );
    expect(at(events, '2030-12-31').indicators['good-fair-share']).toEqual({ value: 0.5, numerator: 1, denominator: 2 });
    expect(at(events, '2030-11-19').indicators['good-fair-share'].numerator).toBe(0);
  });

  it('counts a linkage in force on at least one day of the year, its end day included', () => {
    const link = (id: string, on: string, endsOn?: string): HoptacEvent =>
      simple('ValueChainLinkageStarted', 'good', on, {
        linkageId: id,
        contractReference: id,
        counterpartyKind: 'enterprise',
        stages: ['production', 'consumption'],
        startsOn: on,
        ...(endsOn && { endsOn }),
      });
    const ended = history(...base.slice(0, 1), link('l1', '2028-01-01'), simple('ValueChainLinkageEnded', 'good', '2030-01-01', { linkageId: 'l1', endsOn: '2030-01-01' }), rated('good', '2030-10-01', 2030, 'good'));
    expect(at(ended, '2030-12-31').indicators['value-chain-share']).toEqual({ value: 1, numerator: 1, denominator: 1 });
    const before = history(...base.slice(0, 1), link('l1', '2028-01-01', '2029-12-31'), rated('good', '2030-10-01', 2030, 'good'));
    expect(at(before, '2030-12-31').indicators['value-chain-share']).toEqual({ value: 0, numerator: 0, denominator: 1 });
  });
});

describe('the oracle: high technology, digital, territory', () => {
  it('counts a recognition in force on asOf (lapse day inclusive) among active cooperatives in the territory', () => {
    const events = history(
      founded('a', '2024-01-01'),
      founded('b', '2024-01-01', 'cooperative', 'T-D'),
      founded('outside', '2024-01-01', 'cooperative', 'OUT-Y'),
      simple('HighTechRecognitionGranted', 'a', '2025-01-01', { recognitionId: 'r', basis: 'local-rule', issuer: 'x', validFrom: '2025-01-01' }),
      simple('HighTechRecognitionLapsed', 'a', '2026-01-01', { recognitionId: 'r', lapsedOn: '2026-01-01' }),
      sampleTerritory.reorganisation as HoptacEvent,
    );
    expect(at(events, '2026-01-01').indicators['high-tech-share']).toEqual({ value: 0.5, numerator: 1, denominator: 2 });
    expect(at(events, '2026-01-02').indicators['high-tech-share']).toEqual({ value: 0, numerator: 0, denominator: 2 });
  });

  it('takes the latest digital assessment on or before asOf', () => {
    const assess = (on: string, result: string) => simple('DigitalAssessmentRecorded', 'a', on, { checklistVersion: 'v1', result });
    const events = history(founded('a', '2024-01-01'), assess('2025-01-01', 'meets'), assess('2026-01-01', 'does-not-meet'));
    expect(at(events, '2025-06-30').indicators['digital-share'].value).toBe(1);
    expect(at(events, '2026-06-30').indicators['digital-share'].value).toBe(0);
    expect(at(history(), '2026-06-30').indicators['digital-share']).toEqual({ value: null, numerator: 0, denominator: 0 });
  });

  it('keeps an organisation in the territory through the units reorganisation, and drops a ceased one', () => {
    const events = history(
      founded('a', '2024-01-01', 'cooperative', 'T-A'),
      founded('b', '2024-01-01', 'cooperative', 'T-B'),
      sampleTerritory.reorganisation as HoptacEvent,
      simple('DissolutionStarted', 'b', '2026-01-01', { mode: 'voluntary' }),
    );
    expect(at(events, '2025-12-31').indicators['digital-share'].denominator).toBe(2);
    expect(at(events, '2026-01-01').indicators['digital-share'].denominator).toBe(1);
  });
});

describe('the oracle: a correction recorded late', () => {
  const events = history(
    founded('a', '2022-01-01'),
    rated('a', '2023-08-27', 2023, 'weak'),
    rated('a', '2024-02-10', 2023, 'fair', 'circular-01-2020', 'RatingCorrected'),
    [rated('a', '2023-12-01', 2023, 'average', 'circular-01-2020', 'RatingCorrected'), '2024-12-18T08:00:00.000Z'],
  );

  it('takes the last recorded correction by default, whatever its business date', () => {
    expect(at(events, '2024-11-08').indicators['good-fair-share'].numerator).toBe(0);
  });

  it('keeps the decision with the latest business date when the plan says so', () => {
    expect(oracleReport(events, { ...plan, ratingOrder: 'business-date' }, { asOf: '2024-11-08', knownAt: everything }).indicators['good-fair-share'].numerator).toBe(1);
  });
});
