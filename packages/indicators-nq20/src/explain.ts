import type { OrganisationKind } from '@hoptac/core';
import type { Clocks } from './contract';
import { computeIndicator, type Entry } from './indicators';
import type { IndicatorId, PlanDefinition } from './plan';
import type { IndicatorsState } from './projection';
import { REASONS, type Reason } from './reasons';
import { queryContext } from './view';

/** One organisation in an explanation: why it is where it is, and the events that put it there. */
export interface ExplainedOrganisation {
  organisationId: string;
  kind: OrganisationKind;
  unit: string | null;
  reason: Reason;
  /** The reason in plain English. */
  detail: string;
  /** Admissions counted (new-members) or 1. */
  count: number;
  eventIds: string[];
}

/** An indicator explained: the organisations in its numerator, in its denominator, and those left out. */
export interface Explanation {
  indicatorId: IndicatorId;
  clocks: Clocks;
  commune: string | null;
  ratingYear: number | null;
  value: number | null;
  numerator: ExplainedOrganisation[];
  /** Every organisation in the denominator (numerator included); empty for counts. */
  denominator: ExplainedOrganisation[];
  excluded: ExplainedOrganisation[];
}

const toExplained = (entry: Entry): ExplainedOrganisation => ({
  organisationId: entry.organisationId,
  kind: entry.kind,
  unit: entry.unit,
  reason: entry.reason,
  detail: REASONS[entry.reason],
  count: entry.count,
  eventIds: entry.eventIds,
});

const byOrganisation = (a: ExplainedOrganisation, b: ExplainedOrganisation): number =>
  a.organisationId < b.organisationId ? -1 : a.organisationId > b.organisationId ? 1 : a.reason < b.reason ? -1 : 1;

/** Explains one indicator at the clocks, for the whole territory or one commune (its unit on the date that matters). */
export const explain = (
  state: IndicatorsState,
  plan: PlanDefinition,
  indicatorId: IndicatorId,
  clocks: Clocks,
  options: { commune?: string } = {},
): Explanation => {
  const computation = computeIndicator(queryContext(state, plan, clocks), indicatorId, true);
  const entries = computation.entries.filter((entry) => options.commune === undefined || entry.unit === options.commune);
  const numerator = entries.filter((entry) => entry.placement === 'numerator').map(toExplained).sort(byOrganisation);
  const denominator =
    computation.measure === 'share'
      ? entries.filter((entry) => entry.placement !== 'excluded').map(toExplained).sort(byOrganisation)
      : [];
  const counted = numerator.reduce((sum, entry) => sum + entry.count, 0);
  const value =
    options.commune === undefined
      ? computation.value
      : computation.measure === 'count'
        ? counted
        : denominator.length === 0
          ? null
          : counted / denominator.length;
  return {
    indicatorId,
    clocks: { asOf: clocks.asOf, knownAt: clocks.knownAt },
    commune: options.commune ?? null,
    ratingYear: computation.ratingYear,
    value,
    numerator,
    denominator,
    excluded: entries.filter((entry) => entry.placement === 'excluded').map(toExplained).sort(byOrganisation),
  };
};
