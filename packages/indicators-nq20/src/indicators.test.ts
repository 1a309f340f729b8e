import { describe, expect, it } from 'vitest';
import { explain } from './explain';
import { parsePlan, vinhBaoPlan, vinhBaoUnitReorganisation2025, type PlanDefinition } from './plan';
import { buildReport, IndicatorReport, type IndicatorResult } from './report';
import { History } from './test-history';

const NOW = '2100-01-01T00:00:00.000Z';

const reportAt = (history: History, asOf: string, knownAt = NOW, plan: PlanDefinition = vinhBaoPlan) =>
  IndicatorReport.parse(buildReport(history.state(), plan, { asOf, knownAt }));

const indicator = (history: History, id: IndicatorResult['id'], asOf: string, knownAt = NOW, plan?: PlanDefinition): IndicatorResult =>
  reportAt(history, asOf, knownAt, plan).indicators.find((result) => result.id === id) as IndicatorResult;

const statusOf = (result: IndicatorResult, horizon: string) => result.targets.find((target) => target.horizon === horizon)?.status;

const commune = (result: IndicatorResult) => Object.fromEntries(result.byCommune.map((row) => [row.key, row.value]));

describe('new-cooperatives', () => {
  it('does not count a cooperative founded on the baseline date, and counts one founded the day after', () => {
    const history = new History();
    history.found('on-baseline', '2023-07-17');
    history.found('day-after', '2023-07-18');
    const result = indicator(history, 'new-cooperatives', '2024-01-01');
    expect(result.value).toBe(1);
    const why = explain(history.state(), vinhBaoPlan, 'new-cooperatives', { asOf: '2024-01-01', knownAt: NOW });
    expect(why.numerator.map((entry) => entry.organisationId)).toEqual(['day-after']);
    expect(why.excluded).toContainEqual(expect.objectContaining({ organisationId: 'on-baseline', reason: 'founded-on-or-before-baseline' }));
  });

  it('counts a conversion from a cooperative group but not a reorganisation successor', () => {
    const history = new History();
    history.found('group', '2022-01-01', { kind: 'cooperative-group', members: 3 });
    history.on('GroupConverted', 'group', '2024-03-01', { cooperativeId: 'converted' });
    history.found('converted', '2024-03-01', { origin: { type: 'conversion', fromGroupId: 'group' }, members: 3 });
    history.found('successor', '2024-05-01', { origin: { type: 'reorganisation-successor', reorganisationId: 'r1' } });
    const why = explain(history.state(), vinhBaoPlan, 'new-cooperatives', { asOf: '2025-01-01', knownAt: NOW });
    expect(why.value).toBe(1);
    expect(why.numerator).toEqual([expect.objectContaining({ organisationId: 'converted', reason: 'converted-from-group' })]);
    expect(why.excluded).toContainEqual(expect.objectContaining({ organisationId: 'successor', reason: 'reorganisation-successor' }));
  });

  it('counts neither unions, credit funds nor groups, nor a cooperative that moved in after founding elsewhere', () => {
    const history = new History();
    history.found('union', '2024-01-01', { kind: 'cooperative-union' });
    history.found('fund', '2024-01-01', { kind: 'peoples-credit-fund' });
    history.found('group', '2024-01-01', { kind: 'cooperative-group' });
    history.found('mover', '2024-01-01', { unit: 'TL-ELSEWHERE' });
    history.on('HeadOfficeMoved', 'mover', '2024-06-01', { fromUnit: 'TL-ELSEWHERE', toUnit: 'VB-CO-AM' });
    expect(indicator(history, 'new-cooperatives', '2025-01-01').value).toBe(0);
  });

  it('keeps counting a cooperative dissolved later', () => {
    const history = new History();
    history.found('c', '2024-01-01');
    history.on('DissolutionStarted', 'c', '2025-01-01', { mode: 'voluntary' });
    history.on('DissolutionCompleted', 'c', '2025-06-01', { mode: 'voluntary' });
    expect(indicator(history, 'new-cooperatives', '2026-01-01').value).toBe(1);
  });

  it('is met at exactly 10 by 2030 (non-strict) and not met at 9; 2045 is cumulative from the same baseline', () => {
    const nine = new History();
    for (let index = 0; index < 9; index++) nine.found(`c${index}`, '2025-01-01');
    expect(statusOf(indicator(nine, 'new-cooperatives', '2031-06-01'), '2030')).toBe('not-met');
    nine.found('c9', '2030-12-31');
    nine.found('late', '2031-01-01');
    const result = indicator(nine, 'new-cooperatives', '2031-06-01');
    expect(statusOf(result, '2030')).toBe('met');
    expect(result.targets.find((target) => target.horizon === '2030')?.valueAtHorizon).toBe(10);
    expect(result.value).toBe(11);
  });

  it('is on track before the horizon when the count reaches the target times the elapsed fraction', () => {
    // 2023-07-17 → 2030-12-31 is 2724 days; on 2027-04-09 (1362 days) half has elapsed: 5 of 10 is on track
    const history = new History();
    for (let index = 0; index < 5; index++) history.found(`c${index}`, '2024-01-01');
    expect(statusOf(indicator(history, 'new-cooperatives', '2027-04-09'), '2030')).toBe('on-track');
    expect(statusOf(indicator(history, 'new-cooperatives', '2027-04-10'), '2030')).toBe('behind');
  });
});

describe('new-members', () => {
  it('counts founding members and later admissions after the baseline, not those carried over by a conversion', () => {
    const history = new History();
    history.found('old', '2020-01-01', { members: 5 });
    history.admit('old', '2023-07-17', 'on-baseline');
    history.admit('old', '2023-07-18', 'day-after');
    history.found('group', '2023-09-01', { kind: 'cooperative-group', members: 2 });
    history.on('GroupConverted', 'group', '2024-09-01', { cooperativeId: 'coop' });
    history.found('coop', '2024-09-01', { origin: { type: 'conversion', fromGroupId: 'group' }, members: 2 });
    history.on('MemberDeparted', 'group', '2024-09-01', { memberId: 'group-m1', reason: 'organisation-ceased' });
    expect(indicator(history, 'new-members', '2025-01-01').value).toBe(3);
  });

  it('does not count members of unions, and counts credit funds and all member kinds', () => {
    const history = new History();
    history.found('union', '2024-01-01', { kind: 'cooperative-union', members: 3 });
    history.found('fund', '2024-01-01', { kind: 'peoples-credit-fund', members: 2 });
    history.admit('fund', '2024-02-01', 'associate', { kind: 'associate-non-contributing' });
    const result = indicator(history, 'new-members', '2025-01-01');
    expect(result.value).toBe(3);
    expect(result.byKind).toEqual([{ key: 'peoples-credit-fund', name: 'peoples-credit-fund', value: 3, numerator: 3, denominator: null }]);
  });

  it('reports the net change: admissions minus departures in the same population and window', () => {
    const history = new History();
    history.found('c', '2024-01-01', { members: 6 });
    history.on('MemberDeparted', 'c', '2024-06-01', { memberId: 'c-m1', reason: 'voluntary' });
    history.on('MemberDeparted', 'c', '2024-07-01', { memberId: 'c-m2', reason: 'reorganisation' });
    const report = reportAt(history, '2025-01-01');
    expect(report.companions.netMemberChange).toEqual({ admissions: 6, departures: 1, net: 5 });
  });

  it('meets a range target at its lower bound and not one below', () => {
    const history = new History();
    history.found('c', '2024-01-01', { members: 99 });
    expect(statusOf(indicator(history, 'new-members', '2031-01-01'), '2030')).toBe('not-met');
    history.admit('c', '2030-12-31', 'hundredth');
    expect(statusOf(indicator(history, 'new-members', '2031-01-01'), '2030')).toBe('met');
  });
});

describe('good-fair-share', () => {
  it('uses the latest rating year whose deadline (15/12) has passed', () => {
    const history = new History();
    history.found('c', '2020-01-01');
    expect(reportAt(history, '2030-12-14').ratingYear).toBe(2029);
    expect(reportAt(history, '2030-12-15').ratingYear).toBe(2030);
  });

  it('keeps an eligible organisation with no rating in the denominator and warns about it', () => {
    const history = new History();
    history.found('rated', '2020-01-01');
    history.found('unrated', '2020-01-01');
    history.rate('rated', 2030, 'good');
    const report = reportAt(history, '2030-12-31');
    const result = report.indicators.find((entry) => entry.id === 'good-fair-share') as IndicatorResult;
    expect([result.numerator, result.denominator, result.value, result.percentage]).toEqual([1, 2, 0.5, '50.0%']);
    expect(report.companions.ratingCoverage).toMatchObject({ eligible: 2, rated: 1, coverage: 0.5, missingRatings: ['unrated'] });
    expect(report.warnings).toContainEqual(expect.objectContaining({ code: 'missing-ratings', count: 1, organisationIds: ['unrated'] }));
  });

  it('includes an organisation founded on 31/12 of the year before and excludes one founded on 1/1 of the rating year', () => {
    const history = new History();
    history.found('just-before', '2029-12-31');
    history.found('in-year', '2030-01-01');
    history.rate('just-before', 2030, 'fair');
    history.rate('in-year', 2030, 'good');
    const why = explain(history.state(), vinhBaoPlan, 'good-fair-share', { asOf: '2030-12-31', knownAt: NOW });
    expect(why.denominator.map((entry) => entry.organisationId)).toEqual(['just-before']);
    expect(why.excluded).toContainEqual(expect.objectContaining({ organisationId: 'in-year', reason: 'founded-too-late' }));
  });

  it('keeps an organisation suspended 90 days in the year and excludes one suspended 91 days', () => {
    const history = new History();
    history.found('ninety', '2020-01-01');
    history.on('OperationsSuspended', 'ninety', '2030-02-01', {});
    history.on('OperationsResumed', 'ninety', '2030-05-02', {}); // 1/2 … 1/5: 28 + 31 + 30 + 1 = 90 days
    history.found('ninety-one', '2020-01-01');
    history.on('OperationsSuspended', 'ninety-one', '2030-02-01', {});
    history.on('OperationsResumed', 'ninety-one', '2030-05-03', {});
    const why = explain(history.state(), vinhBaoPlan, 'good-fair-share', { asOf: '2030-12-31', knownAt: NOW });
    expect(why.denominator.map((entry) => entry.organisationId)).toEqual(['ninety']);
    expect(why.excluded).toContainEqual(expect.objectContaining({ organisationId: 'ninety-one', reason: 'suspended-too-long' }));
  });

  it('counts suspension days inside the year only', () => {
    const history = new History();
    history.found('c', '2020-01-01');
    history.on('OperationsSuspended', 'c', '2029-10-01', {});
    history.on('OperationsResumed', 'c', '2030-03-02', {}); // in 2030: 1/1 … 1/3 = 31 + 28 + 1 = 60 days
    expect(indicator(history, 'good-fair-share', '2030-12-31').denominator).toBe(1);
  });

  it('excludes organisations not active on 31/12, groups and credit funds', () => {
    const history = new History();
    history.found('suspended', '2020-01-01');
    history.on('OperationsSuspended', 'suspended', '2030-12-01', {});
    history.found('group', '2020-01-01', { kind: 'cooperative-group' });
    history.found('fund', '2020-01-01', { kind: 'peoples-credit-fund' });
    history.found('union', '2020-01-01', { kind: 'cooperative-union' });
    history.rate('union', 2030, 'good');
    const result = indicator(history, 'good-fair-share', '2030-12-31');
    expect([result.numerator, result.denominator]).toEqual([1, 1]);
  });

  it('uses the latest correction in record order, even when its business date is earlier', () => {
    const history = new History();
    history.found('c', '2020-01-01');
    history.rate('c', 2030, 'average', { on: '2030-12-10' });
    history.rate('c', 2030, 'good', { on: '2030-12-05', correction: true });
    expect(indicator(history, 'good-fair-share', '2030-12-31').value).toBe(1);
  });

  it('answers as known then and as known now when a correction is recorded after the report date', () => {
    const history = new History();
    history.found('c', '2020-01-01');
    history.found('d', '2020-01-01');
    history.rate('c', 2030, 'good');
    history.rate('d', 2030, 'fair');
    history.rate('c', 2030, 'weak', { on: '2030-12-20', correction: true, recordedAt: '2031-02-01T03:00:00.000Z' });
    const then = indicator(history, 'good-fair-share', '2030-12-31', '2030-12-31T10:00:00.000Z');
    const now = indicator(history, 'good-fair-share', '2030-12-31');
    expect([then.value, statusOf(then, '2030')]).toEqual([1, 'met']);
    expect([now.value, statusOf(now, '2030')]).toEqual([0.5, 'not-met']);
  });

  it('treats > 60% as strict: 3 of 5 is not met, 2 of 3 is', () => {
    const history = new History();
    for (const [id, level] of [['a', 'good'], ['b', 'fair'], ['c', 'good'], ['d', 'average'], ['e', 'weak']] as const) {
      history.found(id, '2020-01-01');
      history.rate(id, 2030, level);
    }
    expect(statusOf(indicator(history, 'good-fair-share', '2031-01-01'), '2030')).toBe('not-met');
    history.on('DissolutionStarted', 'e', '2030-11-01', { mode: 'voluntary' });
    expect(statusOf(indicator(history, 'good-fair-share', '2031-01-01'), '2030')).toBe('met');
    expect(statusOf(indicator(history, 'good-fair-share', '2030-12-20'), '2030')).toBe('on-track');
  });

  it('makes a 2017-scheme rating weak when a sanction fell in the year', () => {
    const history = new History();
    history.found('c', '2020-01-01');
    history.rate('c', 2030, 'good', { scheme: 'circular-09-2017' });
    history.on('SanctionImposed', 'c', '2030-04-01', { decisionRef: 'QĐ 1', violation: 'late report' });
    const report = reportAt(history, '2030-12-31');
    expect(report.indicators.find((entry) => entry.id === 'good-fair-share')?.value).toBe(0);
    expect(report.warnings.map((warning) => warning.code)).toContain('rating-overridden-by-sanction');
  });

  it('has no value and no-data status when no organisation is eligible', () => {
    const history = new History();
    history.found('group', '2020-01-01', { kind: 'cooperative-group' });
    const result = indicator(history, 'good-fair-share', '2031-01-01');
    expect([result.value, result.denominator, result.percentage, statusOf(result, '2030')]).toEqual([null, 0, null, 'no-data']);
    expect(indicator(history, 'value-chain-share', '2031-01-01').value).toBeNull();
  });
});

describe('value-chain-share', () => {
  const linkage = (history: History, id: string, startsOn: string, endsOn?: string, stages: Array<'production' | 'consumption' | 'inputs'> = ['production', 'consumption']) =>
    history.on('ValueChainLinkageStarted', id, startsOn, {
      linkageId: `${id}-link`,
      contractReference: 'HĐ 1',
      counterpartyKind: 'enterprise',
      stages,
      startsOn,
      ...(endsOn === undefined ? {} : { endsOn }),
    });

  const rated = (history: History, id: string) => {
    history.found(id, '2020-01-01');
    history.rate(id, 2030, 'good');
  };

  it('counts linkages in force only on the first or only on the last day of the year, and not those just outside', () => {
    const history = new History();
    for (const id of ['first-day', 'last-day', 'ended-before', 'starts-after']) rated(history, id);
    linkage(history, 'first-day', '2029-06-01', '2030-01-01');
    linkage(history, 'last-day', '2030-12-31');
    linkage(history, 'ended-before', '2029-01-01', '2029-12-31');
    const why = explain(history.state(), vinhBaoPlan, 'value-chain-share', { asOf: '2031-01-02', knownAt: NOW });
    expect(why.numerator.map((entry) => entry.organisationId)).toEqual(['first-day', 'last-day']);
    expect(why.value).toBe(0.5);
    expect(why.numerator[0]?.eventIds.length).toBeGreaterThan(1);
  });

  it('uses the recorded end of a linkage and ignores contracts that stop short of consumption', () => {
    const history = new History();
    rated(history, 'ended');
    rated(history, 'no-consumption');
    linkage(history, 'ended', '2028-01-01');
    history.on('ValueChainLinkageEnded', 'ended', '2029-12-31', { linkageId: 'ended-link', endsOn: '2029-12-31' });
    linkage(history, 'no-consumption', '2028-01-01', undefined, ['inputs', 'production']);
    expect(indicator(history, 'value-chain-share', '2031-01-01').value).toBe(0);
  });

  it('meets ≥ 50% exactly at one of two (non-strict) and takes only good or fair organisations', () => {
    const history = new History();
    rated(history, 'a');
    rated(history, 'b');
    history.found('average', '2020-01-01');
    history.rate('average', 2030, 'average');
    linkage(history, 'a', '2030-03-01');
    linkage(history, 'average', '2030-03-01');
    const result = indicator(history, 'value-chain-share', '2031-01-01');
    expect([result.numerator, result.denominator, statusOf(result, '2030')]).toEqual([1, 2, 'met']);
  });
});

describe('high-tech-share', () => {
  const cooperatives = (history: History, count: number, recognised: number) => {
    for (let index = 0; index < count; index++) {
      history.found(`c${index}`, '2024-01-01');
      if (index < recognised)
        history.on('HighTechRecognitionGranted', `c${index}`, '2025-01-01', {
          recognitionId: `r${index}`,
          basis: 'decision-738-criteria',
          issuer: 'UBND',
          validFrom: '2025-01-01',
        });
    }
  };

  it('meets "about 5%" at 5% minus the one-point tolerance (4%) and not below', () => {
    const atFour = new History();
    cooperatives(atFour, 25, 1);
    const met = indicator(atFour, 'high-tech-share', '2031-01-01');
    expect([met.value, statusOf(met, '2030')]).toEqual([0.04, 'met']);
    const below = new History();
    cooperatives(below, 26, 1);
    expect(statusOf(indicator(below, 'high-tech-share', '2031-01-01'), '2030')).toBe('not-met');
    expect(indicator(below, 'high-tech-share', '2031-01-01').targets.map((target) => target.horizon)).toEqual(['2030']);
  });

  it('follows the tolerance of the plan', () => {
    const history = new History();
    cooperatives(history, 25, 1);
    const strict = parsePlan({ ...vinhBaoPlan, policies: { ...vinhBaoPlan.policies, aboutTolerance: 0 } });
    expect(statusOf(indicator(history, 'high-tech-share', '2031-01-01', NOW, strict), '2030')).toBe('not-met');
  });

  it('counts a recognition only while in force, and only active cooperatives in the denominator', () => {
    const history = new History();
    cooperatives(history, 3, 3);
    history.on('HighTechRecognitionLapsed', 'c0', '2026-06-30', { recognitionId: 'r0', lapsedOn: '2026-06-30' });
    history.on('OperationsSuspended', 'c1', '2026-01-01', {});
    expect(indicator(history, 'high-tech-share', '2026-06-30').value).toBe(1);
    const later = indicator(history, 'high-tech-share', '2026-07-01');
    expect([later.numerator, later.denominator]).toEqual([1, 2]);
  });

  it('has no value when there is no active cooperative', () => {
    const history = new History();
    history.found('group', '2024-01-01', { kind: 'cooperative-group' });
    const result = indicator(history, 'high-tech-share', '2025-01-01');
    expect([result.value, statusOf(result, '2030')]).toEqual([null, 'no-data']);
  });
});

describe('digital-share', () => {
  it('uses the latest assessment on or before asOf, and needs 100%', () => {
    const history = new History();
    history.found('a', '2024-01-01');
    history.found('b', '2024-01-01');
    history.on('DigitalAssessmentRecorded', 'a', '2025-01-01', { checklistVersion: 'v1', result: 'meets' });
    history.on('DigitalAssessmentRecorded', 'b', '2025-01-01', { checklistVersion: 'v1', result: 'does-not-meet' });
    history.on('DigitalAssessmentRecorded', 'b', '2026-01-01', { checklistVersion: 'v1', result: 'meets' });
    const before = indicator(history, 'digital-share', '2025-12-31');
    expect([before.value, statusOf(before, '2030')]).toEqual([0.5, 'behind']);
    expect(statusOf(indicator(history, 'digital-share', '2026-01-01'), '2030')).toBe('on-track');
    expect(statusOf(indicator(history, 'digital-share', '2031-01-01'), '2030')).toBe('met');
  });
});

describe('the territory over time (1/7/2025)', () => {
  it('attributes organisations to the unit of their head office on each date, before and after the merge', () => {
    const history = new History();
    history.found('a', '2024-01-01', { unit: 'VB-NHAN-HOA' });
    history.found('b', '2024-01-01', { unit: 'VB-CAO-MINH' });
    history.found('c', '2024-01-01', { unit: 'VB-LIEN-AM' });
    history.record(vinhBaoUnitReorganisation2025, '2025-07-02T01:00:00.000Z');
    const before = indicator(history, 'digital-share', '2025-06-30');
    const after = indicator(history, 'digital-share', '2025-07-01');
    expect(before.byCommune.map((row) => [row.key, row.denominator])).toEqual([
      ['VB-CAO-MINH', 1],
      ['VB-LIEN-AM', 1],
      ['VB-NHAN-HOA', 1],
    ]);
    expect(after.byCommune.map((row) => [row.key, row.name, row.denominator])).toEqual([
      ['HP-VINH-AM', 'Xã Vĩnh Am', 1],
      ['HP-VINH-HOA', 'Xã Vĩnh Hòa', 2],
    ]);
    // the new-cooperatives breakdown keeps the unit on the founding date
    expect(commune(indicator(history, 'new-cooperatives', '2025-07-01'))).toEqual({ 'VB-CAO-MINH': 1, 'VB-LIEN-AM': 1, 'VB-NHAN-HOA': 1 });
    // as known before the reorganisation was recorded, the old communes still stand
    expect(indicator(history, 'digital-share', '2025-07-01', '2025-07-01T12:00:00.000Z').byCommune.map((row) => row.key)).toEqual([
      'VB-CAO-MINH',
      'VB-LIEN-AM',
      'VB-NHAN-HOA',
    ]);
  });

  it('counts organisations founded in a new commune after the merge, and the district is gone from the territory', () => {
    const history = new History();
    history.record(vinhBaoUnitReorganisation2025);
    history.found('new', '2025-08-01', { unit: 'HP-VINH-THINH' });
    history.found('stale-code', '2025-08-01', { unit: 'VB-TIEN-PHONG' });
    const report = reportAt(history, '2025-09-01');
    expect(report.territory.units.map((unit) => unit.code)).not.toContain('VB');
    expect(commune(report.indicators[0] as IndicatorResult)).toEqual({ 'HP-VINH-THINH': 2 });
  });

  it('follows the partial-merge policy for a unit formed from inside and outside the territory', () => {
    const history = new History();
    history.found('outsider', '2024-01-01', { unit: 'TL-OUTSIDE' });
    history.record({
      type: 'AdministrativeUnitsReorganised',
      occurredOn: '2025-07-01',
      data: {
        reorganisationId: 'mixed',
        decisionRef: 'NQ test',
        merges: [{ unit: { code: 'HP-MIXED', name: 'Xã Mixed', level: 'commune' }, from: ['VB-NHAN-HOA', 'TL-OUTSIDE'] }],
        abolished: [],
      },
    });
    const exclude = parsePlan({ ...vinhBaoPlan, policies: { ...vinhBaoPlan.policies, partialMerge: 'exclude' } });
    expect(indicator(history, 'digital-share', '2025-07-01').denominator).toBe(1);
    expect(indicator(history, 'digital-share', '2025-07-01', NOW, exclude).denominator).toBe(0);
    expect(indicator(history, 'digital-share', '2025-06-30').denominator).toBe(0);
  });

  it('drops an organisation whose head office moves out of the territory', () => {
    const history = new History();
    history.found('a', '2024-01-01');
    history.on('HeadOfficeMoved', 'a', '2026-01-01', { fromUnit: 'VB-NHAN-HOA', toUnit: 'TL-OUTSIDE' });
    expect(indicator(history, 'digital-share', '2025-12-31').denominator).toBe(1);
    expect(indicator(history, 'digital-share', '2026-01-01').denominator).toBe(0);
    expect(indicator(history, 'new-cooperatives', '2026-01-01').value).toBe(1);
  });
});

describe('explain', () => {
  it('names the events that put an organisation in the numerator, per commune', () => {
    const history = new History();
    const founded = history.found('a', '2024-01-01', { unit: 'VB-CO-AM' });
    history.found('b', '2024-01-01', { unit: 'VB-VINH-AN' });
    const why = explain(history.state(), vinhBaoPlan, 'new-cooperatives', { asOf: '2025-01-01', knownAt: NOW }, { commune: 'VB-CO-AM' });
    expect(why.value).toBe(1);
    expect(why.numerator).toEqual([
      expect.objectContaining({ organisationId: 'a', reason: 'founded-new', eventIds: [founded.eventId], detail: expect.any(String) }),
    ]);
  });

  it('lists the admissions of new-members by event id', () => {
    const history = new History();
    history.found('a', '2024-01-01');
    const admitted = history.admit('a', '2024-02-01', 'm1');
    const carried = history.admit('a', '2024-03-01', 'm2', { origin: 'reorganisation' });
    const why = explain(history.state(), vinhBaoPlan, 'new-members', { asOf: '2025-01-01', knownAt: NOW });
    expect(why.numerator).toEqual([expect.objectContaining({ count: 1, eventIds: expect.arrayContaining([admitted.eventId]) })]);
    expect(why.excluded).toEqual([expect.objectContaining({ reason: 'carried-over', eventIds: [carried.eventId] })]);
  });
});
