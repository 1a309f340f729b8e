import type { Comparator, PlanDefinition } from './plan';
import { daysBetween } from './dates';

/** Status of a target at asOf for one horizon (DOMAIN.md §2). */
export type TargetStatus = 'met' | 'not-met' | 'on-track' | 'behind' | 'no-data';

// shares are compared as exact fractions on a 1e-9 grid, so 0.05 - 0.01 is 0.04, not 0.04000000000000001
const SCALE = 1e9;

/** The bound a value must reach: the value of `>`/`>=`, a range's lower bound, `about` minus its tolerance. */
export const thresholdOf = (comparator: Comparator, aboutTolerance: number): number => {
  switch (comparator.type) {
    case '>':
    case '>=':
      return comparator.value;
    case 'range':
      return comparator.min;
    case 'about':
      return comparator.value - (comparator.tolerance ?? aboutTolerance);
  }
};

const isStrict = (comparator: Comparator): boolean => comparator.type === '>';

/** True when a count satisfies the comparator. */
export const countSatisfies = (value: number, comparator: Comparator, aboutTolerance: number): boolean => {
  const bound = Math.round(thresholdOf(comparator, aboutTolerance) * SCALE);
  const scaled = value * SCALE;
  return isStrict(comparator) ? scaled > bound : scaled >= bound;
};

/** True when numerator/denominator satisfies the comparator, compared exactly; false when the denominator is 0. */
export const shareSatisfies = (numerator: number, denominator: number, comparator: Comparator, aboutTolerance: number): boolean => {
  if (denominator === 0) return false;
  const left = numerator * SCALE;
  const right = Math.round(thresholdOf(comparator, aboutTolerance) * SCALE) * denominator;
  return isStrict(comparator) ? left > right : left >= right;
};

/** Fraction of the baseline→horizon period elapsed at asOf, between 0 and 1. */
export const elapsedFraction = (plan: PlanDefinition, asOf: string, horizonDate: string): number => {
  const total = daysBetween(plan.baselineDate, horizonDate);
  if (total <= 0) return 1;
  return Math.min(1, Math.max(0, daysBetween(plan.baselineDate, asOf) / total));
};

/** A measured value: a count, or a share with its numerator and denominator. */
export type Measured =
  | { unit: 'count'; value: number }
  | { unit: 'share'; value: number | null; numerator: number; denominator: number };

/**
 * The status of a target. `atHorizon` is the value measured on the horizon date (used once asOf ≥ horizon);
 * `now` the value at asOf (used before it): a count is on track at ≥ threshold × elapsed fraction, a share when it
 * already satisfies the target.
 */
export const targetStatus = (
  plan: PlanDefinition,
  comparator: Comparator,
  asOf: string,
  horizonDate: string,
  now: Measured,
  atHorizon: Measured,
): TargetStatus => {
  const tolerance = plan.policies.aboutTolerance;
  const satisfied = (measured: Measured): boolean =>
    measured.unit === 'count'
      ? countSatisfies(measured.value, comparator, tolerance)
      : shareSatisfies(measured.numerator, measured.denominator, comparator, tolerance);
  if (asOf >= horizonDate) {
    if (atHorizon.value === null) return 'no-data';
    return satisfied(atHorizon) ? 'met' : 'not-met';
  }
  if (now.value === null) return 'no-data';
  if (now.unit === 'share') return satisfied(now) ? 'on-track' : 'behind';
  const expected = thresholdOf(comparator, tolerance) * elapsedFraction(plan, asOf, horizonDate);
  return now.value * SCALE >= Math.round(expected * SCALE) ? 'on-track' : 'behind';
};
