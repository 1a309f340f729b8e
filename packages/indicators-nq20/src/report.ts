import { z } from 'zod';
import { CreditorType, LegalStatus, MemberKind, OrganisationKind } from '@hoptac/core';
import { companions } from './companions';
import type { Clocks } from './contract';
import { computeIndicator, goodFairShare, memberFlows, ratingYearAt, type Computation, type Entry } from './indicators';
import { Comparator, IndicatorId, type PlanDefinition } from './plan';
import { eventIdAt, type IndicatorsState } from './projection';
import { targetStatus, type Measured } from './targets';
import { atDate, queryContext, type QueryContext } from './view';
import { visibleBasis, warningsAt } from './warnings';

const Count = z.number().int().nonnegative();
const Share = z.number().min(0).max(1);
const Ids = z.array(z.string());

const BreakdownRow = z.strictObject({
  key: z.string(),
  name: z.string(),
  value: z.number().nullable(),
  numerator: Count,
  denominator: Count.nullable(),
});

const TargetResult = z.strictObject({
  horizon: z.string(),
  horizonDate: z.string(),
  comparator: Comparator,
  status: z.enum(['met', 'not-met', 'on-track', 'behind', 'no-data']),
  /** The value on the horizon date, once asOf has reached it; null before. */
  valueAtHorizon: z.number().nullable(),
});

const IndicatorResult = z.strictObject({
  id: IndicatorId,
  title: z.string(),
  measure: z.enum(['count', 'share']),
  period: z.strictObject({ from: z.string(), to: z.string() }),
  ratingYear: z.number().int().nullable(),
  value: z.number().nullable(),
  /** The value as a percentage with one decimal (shares only), e.g. "62.5%". */
  percentage: z.string().nullable(),
  numerator: Count,
  denominator: Count.nullable(),
  targets: z.array(TargetResult),
  byCommune: z.array(BreakdownRow),
  byKind: z.array(BreakdownRow),
});

const Companions = z.strictObject({
  organisations: z.strictObject({
    total: Count,
    byKind: z.array(z.strictObject({ kind: OrganisationKind, count: Count })),
    byLegalStatus: z.array(z.strictObject({ status: LegalStatus, count: Count })),
    byCommune: z.array(z.strictObject({ unit: z.string(), name: z.string(), count: Count })),
  }),
  activeMemberships: z.strictObject({
    total: Count,
    byMemberKind: z.array(z.strictObject({ memberKind: MemberKind, count: Count })),
  }),
  ratingCoverage: z.strictObject({
    ratingYear: z.number().int(),
    eligible: Count,
    rated: Count,
    coverage: Share.nullable(),
    missingRatings: Ids,
  }),
  netMemberChange: z.strictObject({ admissions: Count, departures: Count, net: z.number().int() }),
  debts: z.strictObject({
    outstandingByCreditorType: z.array(z.strictObject({ creditorType: CreditorType, amount: Count })),
    overdueYears: z.number().int(),
    organisationsWithOverdueDebts: z.array(z.strictObject({ organisationId: z.string(), debtIds: Ids, outstanding: Count })),
  }),
  organisationsSuspended: Ids,
  organisationsDissolving: Ids,
  organisationsNotConverted: Ids,
  belowMinimumMembership: z.array(
    z.strictObject({ organisationId: z.string(), kind: OrganisationKind, members: Count, minimum: Count }),
  ),
  resolvedSinceBaseline: z.array(z.strictObject({ organisationId: z.string(), problemsAtBaseline: Ids, statusNow: LegalStatus })),
  linkages: z.strictObject({ withEnterprises: Count, withStateOwnedEnterprises: Count }),
  registrationUpdates: z.strictObject({ windowYear: z.number().int(), from: z.string(), to: z.string(), submitted: Ids, pending: Ids }),
});

const ReportWarning = z.strictObject({
  code: z.enum([
    'missing-ratings',
    'late-records',
    'rating-overridden-by-sanction',
    'rating-of-ineligible-organisation',
    'rating-under-unaccepted-scheme',
    'organisation-without-founding',
  ]),
  message: z.string(),
  count: Count,
  organisationIds: Ids,
  eventIds: Ids,
});

/** The report for (plan, asOf, knownAt): plain JSON with stable field names; docs/report.schema.json is generated from it. */
export const IndicatorReport = z.strictObject({
  reportVersion: z.literal(1),
  plan: z.strictObject({ id: z.string(), name: z.string(), baselineDate: z.string() }),
  clocks: z.strictObject({ asOf: z.string(), knownAt: z.string() }),
  /** How many events passed both clocks, and the last global position among them. */
  basis: z.strictObject({ eventsConsidered: Count, lastGlobalPosition: Count }),
  territory: z.strictObject({
    units: z.array(z.strictObject({ code: z.string(), name: z.string() })),
    reorganisations: z.array(z.strictObject({ reorganisationId: z.string(), occurredOn: z.string(), eventId: z.string() })),
  }),
  ratingYear: z.number().int(),
  indicators: z.array(IndicatorResult),
  companions: Companions,
  warnings: z.array(ReportWarning),
});
export type IndicatorReport = z.infer<typeof IndicatorReport>;
/** One indicator of the report. */
export type IndicatorResult = z.infer<typeof IndicatorResult>;

/** The indicators' titles, in plain English. */
export const INDICATOR_TITLES: Record<IndicatorId, string> = {
  'new-cooperatives': 'New cooperatives founded since the baseline (thành lập mới hợp tác xã)',
  'new-members': 'New members admitted since the baseline (thu hút thêm thành viên)',
  'good-fair-share': 'Share of eligible organisations rated good or fair (đạt loại tốt, khá)',
  'value-chain-share': 'Share of good or fair organisations in a value-chain linkage (liên kết theo chuỗi giá trị)',
  'high-tech-share': 'Share of active cooperatives applying high technology (ứng dụng công nghệ cao)',
  'digital-share': 'Share of active cooperatives meeting the digital checklist (chuyển đổi số)',
};

const measuredOf = (computation: Computation): Measured =>
  computation.measure === 'count'
    ? { unit: 'count', value: computation.numerator }
    : { unit: 'share', value: computation.value, numerator: computation.numerator, denominator: computation.denominator ?? 0 };

/** A share as a percentage with one decimal, e.g. 0.625 → "62.5%". */
export const formatPercentage = (value: number | null): string | null =>
  value === null ? null : `${(Math.round(value * 1000) / 10).toFixed(1)}%`;

interface Row {
  numerator: number;
  denominator: number;
}

const rowsOf = (rows: Map<string, Row>, measure: 'count' | 'share', nameOf: (key: string) => string) =>
  [...rows.keys()].sort().map((key) => {
    const { numerator, denominator } = rows.get(key) as Row;
    return measure === 'count'
      ? { key, name: nameOf(key), value: numerator, numerator, denominator: null }
      : { key, name: nameOf(key), value: denominator === 0 ? null : numerator / denominator, numerator, denominator };
  });

// the breakdowns by commune (the entry's unit) and by kind, in one pass over the entries
const breakdowns = (entries: readonly Entry[], measure: 'count' | 'share', nameOf: (unit: string) => string) => {
  const byCommune = new Map<string, Row>();
  const byKind = new Map<string, Row>();
  const add = (rows: Map<string, Row>, key: string, entry: Entry) => {
    let row = rows.get(key);
    if (row === undefined) {
      row = { numerator: 0, denominator: 0 };
      rows.set(key, row);
    }
    if (entry.placement === 'numerator') row.numerator += entry.count;
    row.denominator += entry.count;
  };
  for (const entry of entries) {
    if (entry.placement === 'excluded') continue;
    add(byCommune, entry.unit ?? '(unknown)', entry);
    add(byKind, entry.kind, entry);
  }
  return { byCommune: rowsOf(byCommune, measure, nameOf), byKind: rowsOf(byKind, measure, (kind) => kind) };
};

// a horizon's value depends only on (state, plan, indicator, horizon date, knownAt), so the reports for every asOf
// past the horizon share it; kept per state and plan until the state changes
interface HorizonMemo {
  revision: number;
  measured: Map<string, Measured>;
}
const horizonMemos = new WeakMap<IndicatorsState, WeakMap<PlanDefinition, HorizonMemo>>();
const MAX_HORIZON_MEMO = 1000;

const horizonMemoOf = (state: IndicatorsState, plan: PlanDefinition): HorizonMemo => {
  let byPlan = horizonMemos.get(state);
  if (byPlan === undefined) {
    byPlan = new WeakMap();
    horizonMemos.set(state, byPlan);
  }
  let memo = byPlan.get(plan);
  if (memo === undefined || memo.revision !== state.revision || memo.measured.size >= MAX_HORIZON_MEMO) {
    memo = { revision: state.revision, measured: new Map() };
    byPlan.set(plan, memo);
  }
  return memo;
};

const measuredAtHorizon = (context: QueryContext, id: IndicatorId, horizonDate: string): Measured => {
  const { state, plan, knownMs } = context;
  const memo = horizonMemoOf(state, plan);
  // every view known at or after the latest record sees the same facts
  const known = knownMs >= state.maxRecordedMs ? 'all' : String(knownMs);
  const key = `${id} ${horizonDate} ${known}`;
  let measured = memo.measured.get(key);
  if (measured === undefined) {
    measured = measuredOf(computeIndicator(atDate(context, horizonDate), id));
    memo.measured.set(key, measured);
  }
  return measured;
};

const indicatorResult = (context: QueryContext, computation: Computation): IndicatorResult => {
  const { plan, asOf } = context;
  const targets = Object.entries(plan.targets[computation.id] ?? {})
    .filter(([horizon]) => plan.horizons[horizon] !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([horizon, comparator]) => {
      const horizonDate = plan.horizons[horizon] as string;
      const reached = asOf >= horizonDate;
      const atHorizon = reached ? measuredAtHorizon(context, computation.id, horizonDate) : measuredOf(computation);
      return {
        horizon,
        horizonDate,
        comparator,
        status: targetStatus(plan, comparator, asOf, horizonDate, measuredOf(computation), atHorizon),
        valueAtHorizon: reached ? atHorizon.value : null,
      };
    });
  const rows = breakdowns(computation.entries, computation.measure, context.territory.nameOf);
  return {
    id: computation.id,
    title: INDICATOR_TITLES[computation.id],
    measure: computation.measure,
    period: computation.period,
    ratingYear: computation.ratingYear,
    value: computation.value,
    percentage: computation.measure === 'share' ? formatPercentage(computation.value) : null,
    numerator: computation.numerator,
    denominator: computation.denominator,
    targets,
    byCommune: rows.byCommune,
    byKind: rows.byKind,
  };
};

/** Builds the full report for a plan at (asOf, knownAt) from the projection's state, without replaying events. */
export const buildReport = (state: IndicatorsState, plan: PlanDefinition, clocks: Clocks): IndicatorReport => {
  const context = queryContext(state, plan, clocks);
  const flows = memberFlows(context);
  const goodFair = goodFairShare(context);
  const computations = IndicatorId.options.map((id) =>
    id === 'new-members' ? flows.computation : id === 'good-fair-share' ? goodFair : computeIndicator(context, id),
  );
  const basis = visibleBasis(context);
  const units = [...context.territory.unitsOn(context.asOf)].sort();
  return {
    reportVersion: 1,
    plan: { id: plan.id, name: plan.name, baselineDate: plan.baselineDate },
    clocks: { asOf: clocks.asOf, knownAt: clocks.knownAt },
    basis: { eventsConsidered: basis.eventsConsidered, lastGlobalPosition: basis.lastGlobalPosition },
    territory: {
      units: units.map((code) => ({ code, name: context.territory.nameOf(code) })),
      reorganisations: context.territory.reorganisations.map((fact) => ({
        reorganisationId: fact.reorganisationId,
        occurredOn: fact.occurredOn,
        eventId: eventIdAt(state.log, fact.at),
      })),
    },
    ratingYear: ratingYearAt(context),
    indicators: computations.map((computation) => indicatorResult(context, computation)),
    companions: companions(context, goodFair, flows),
    warnings: warningsAt(context, goodFair, basis.late),
  };
};
