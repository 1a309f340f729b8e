import { DAY, dayNumber } from './dates';
import { effectiveRating, type Computation } from './indicators';
import type { OrganisationTimeline } from './projection';
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

class Collector {
  readonly organisationIds = new Set<string>();
  readonly eventIds = new Set<string>();
  count = 0;
  add(organisationId: string | undefined, eventId: string | undefined): void {
    this.count++;
    if (organisationId !== undefined) this.organisationIds.add(organisationId);
    if (eventId !== undefined) this.eventIds.add(eventId);
  }
  toWarning(code: Warning['code'], message: string): Warning | undefined {
    if (this.count === 0) return undefined;
    const sample = (values: Set<string>) => [...values].sort().slice(0, SAMPLE);
    return { code, message, count: this.count, organisationIds: sample(this.organisationIds), eventIds: sample(this.eventIds) };
  }
}

/** Events that pass both clocks, and the last global position among them. */
export const visibleBasis = (context: QueryContext): { eventsConsidered: number; lastGlobalPosition: number; late: Collector } => {
  const { log } = context.state;
  const asOfDay = dayNumber(context.asOf);
  const lateMs = context.plan.policies.lateRecordDays * DAY;
  const late = new Collector();
  let eventsConsidered = 0;
  let lastGlobalPosition = 0;
  for (let index = 0; index < log.eventIds.length; index++) {
    const occurredDay = log.occurredDays[index] as number;
    const recordedMs = log.recordedMs[index] as number;
    if (occurredDay > asOfDay || recordedMs > context.knownMs) continue;
    eventsConsidered++;
    lastGlobalPosition = Math.max(lastGlobalPosition, log.globalPositions[index] as number);
    if (recordedMs - occurredDay * DAY > lateMs + DAY)
      late.add(log.organisationIds[index] || undefined, log.eventIds[index] as string);
  }
  return { eventsConsidered, lastGlobalPosition, late };
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
      const first = [...org.admissions, ...org.statuses, ...org.ratings].find((fact) => isVisible(context, fact));
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
