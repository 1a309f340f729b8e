import {
  IndicatorId,
  computeIndicator,
  queryContext,
  type Clocks,
  type IndicatorsState,
  type PlanDefinition,
} from '@hoptac/indicators-nq20';
import type { TrajectoryPoint } from './chart';

/** The dates a trajectory is computed at: the baseline, each 31/12 after it before asOf, and asOf. */
export const trajectoryDates = (baselineDate: string, asOf: string): string[] => {
  const dates = [baselineDate];
  for (let year = Number(baselineDate.slice(0, 4)); `${year}-12-31` < asOf; year++)
    if (`${year}-12-31` > baselineDate) dates.push(`${year}-12-31`);
  if (asOf > baselineDate) dates.push(asOf);
  return dates;
};

/** Each indicator computed at each trajectory date, all at the same record time `knownAt`. */
export const computeTrajectories = (
  state: IndicatorsState,
  plan: PlanDefinition,
  clocks: Clocks,
): Record<IndicatorId, TrajectoryPoint[]> => {
  const result = Object.fromEntries(IndicatorId.options.map((id) => [id, [] as TrajectoryPoint[]])) as Record<IndicatorId, TrajectoryPoint[]>;
  for (const date of trajectoryDates(plan.baselineDate, clocks.asOf)) {
    const context = queryContext(state, plan, { asOf: date, knownAt: clocks.knownAt });
    for (const id of IndicatorId.options) result[id].push({ date, value: computeIndicator(context, id).value });
  }
  return result;
};
