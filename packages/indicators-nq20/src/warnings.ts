import { DAY, dayNumber } from './dates';
import { effectiveRating, type Computation } from './indicators';
import type { OrganisationTimeline, Stamp } from './projection';
import { foundingOf, isVisible, type QueryContext } from './view';

/** A data-quality warning: what is wrong, how often, and (up to 50 each) the organisations and events involved. */
export interface Warning {
  code:
    | 'missing-ratings'
    | 'late-records'
    | 'rating-overridden-by-sanction'
    | 'rating-of-ineligible-organisation'
    | 'rating-under-unaccepted-scheme'
    | 'organisation-without-founding';
  message: string;
  count: number;
  organisationIds: string[];
  eventIds: string[];
}

const SAMPLE = 50;

// the `SAMPLE` smallest distinct values seen, sorted: the same as sorting all of them and keeping the first ones,
// without holding them all (late records can be a tenth of a history)
class Smallest {
  readonly values: string[] = [];
  add(value: string): void {
    const { values } = this;
    if (values.length === SAMPLE && value >= (values[SAMPLE - 1] as string)) return;
    let low = 0;
    let high = values.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((values[middle] as string) < value) low = middle + 1;
      else high = middle;
    }
    if (values[low] === value) return;
    values.splice(low, 0, value);
    if (values.length > SAMPLE) values.pop();
  }
}

class Collector {
  readonly organisationIds = new Smallest();
  readonly eventIds = new Smallest();
  count = 0;
  add(organisationId: string | undefined, eventId: string | undefined): void {
    this.count++;
    if (organisationId !== undefined) this.organisationIds.add(organisationId);
    if (eventId !== undefined) this.eventIds.add(eventId);
  }
  toWarning(code: Warning['code'], message: string): Warning | undefined {
    if (this.count === 0) return undefined;
    return { code, message, count: this.count, organisationIds: [...this.organisationIds.values], eventIds: [...this.eventIds.values] };
  }
}

/** Events that pass both clocks, and the last global position among them. */
export const visibleBasis = (context: QueryContext): { eventsConsidered: number; lastGlobalPosition: number; late: Collector } => {
  const { log } = context.state;
  const asOfDay = dayNumber(context.asOf);
  const knownMs = context.knownMs;
  // late when recorded more than lateRecordDays + 1 days after the start of the business day
  const lateAfter = context.plan.policies.lateRecordDays * DAY + DAY;
  const late = new Collector();
  const { occurredDays, recordedMs, globalPositions, length } = log;
  let eventsConsidered = 0;
  let lastGlobalPosition = 0;
  for (let index = 0; index < length; index++) {
    const occurredDay = occurredDays[index] as number;
    const recorded = recordedMs[index] as number;
    if (occurredDay > asOfDay || recorded > knownMs) continue;
    eventsConsidered++;
    const position = globalPositions[index] as number;
    if (position > lastGlobalPosition) lastGlobalPosition = position;
    if (recorded - occurredDay * DAY > lateAfter) late.add(log.organisationIds[index] || undefined, log.eventIds[index] as string);
  }
  return { eventsConsidered, lastGlobalPosition, late };
};

const firstVisible = (context: QueryContext, facts: readonly Stamp[]): Stamp | undefined => {
  for (const fact of facts) if (isVisible(context, fact)) return fact;
  return undefined;
};

/** Data-quality warnings at the view: missing ratings, late records, rating anomalies, organisations without a founding. */
export const warningsAt = (context: QueryContext, goodFair: Computation, late: Collector): Warning[] => {
  const year = goodFair.ratingYear as number;
  const { ratingSchemes } = context.plan.policies;
  const missing = new Collector();
  const overridden = new Collector();
  const ineligible = new Collector();
  const unaccepted = new Collector();
  const orphans = new Collector();
  const inDenominator = new Set<string>();
  for (const entry of goodFair.entries) {
    if (entry.placement === 'excluded') continue;
    inDenominator.add(entry.organisationId);
    if (entry.reason === 'missing-rating') missing.add(entry.organisationId, undefined);
  }
  for (const org of context.state.organisations.values() as IterableIterator<OrganisationTimeline>) {
    if (foundingOf(context, org) === undefined) {
      const first = firstVisible(context, org.admissions) ?? firstVisible(context, org.statuses) ?? firstVisible(context, org.ratings);
      if (first !== undefined) orphans.add(org.id, first.eventId);
      continue;
    }
    const ratings = org.ratings.filter((fact) => fact.year === year && isVisible(context, fact));
    if (ratings.length === 0) continue;
    const rating = effectiveRating(context, org, year);
    if (rating?.sanctionEventId !== undefined && rating.fact.level !== 'weak') overridden.add(org.id, rating.sanctionEventId);
    if (rating !== undefined && !inDenominator.has(org.id)) ineligible.add(org.id, rating.fact.eventId);
    if (rating === undefined)
      for (const fact of ratings) if (!ratingSchemes.includes(fact.scheme)) unaccepted.add(org.id, fact.eventId);
  }
  const days = context.plan.policies.lateRecordDays;
  return [
    missing.toWarning('missing-ratings', `eligible organisations with no rating for ${year}; they stay in the denominator`),
    late.toWarning('late-records', `events recorded more than ${days} days after their business date`),
    overridden.toWarning('rating-overridden-by-sanction', `${year} ratings made weak by an administrative sanction in the year`),
    ineligible.toWarning('rating-of-ineligible-organisation', `${year} ratings of organisations not eligible for rating; not counted`),
    unaccepted.toWarning('rating-under-unaccepted-scheme', `${year} ratings under a scheme the plan does not accept; not counted`),
    orphans.toWarning('organisation-without-founding', 'events of organisations whose founding is not recorded; not counted'),
  ].filter((warning): warning is Warning => warning !== undefined);
};

export type { Collector };
