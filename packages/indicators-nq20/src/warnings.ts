import { DAY, dayNumber } from './dates';
import { effectiveLevel, effectiveRowOf, knownRatingsOf, ratedEventIdOf, sanctionEventIdOf, type Computation } from './indicators';
import { membershipColumns, upperBound } from './membership';
import {
  ADMITTED,
  dayAt,
  eventIdAt,
  LOG_CHUNK,
  memberCodeAt,
  nextEventAt,
  positionAt,
  recordedMsAt,
  type IndicatorsState,
  type OrganisationTimeline,
  type Stamp,
} from './projection';
import { eventIdOf, foundingsAt, isVisible, isVisibleAt, type QueryContext } from './view';

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
export const visibleBasis = (context: QueryContext): { eventsConsidered: number; lastGlobalPosition: number; late: Collector } =>
  context.knownMs >= context.state.maxRecordedMs ? basisFromDayIndex(context) : basisFromScan(context);

// late when recorded more than lateRecordDays + 1 days after the start of the business day
const lateAfterMs = (context: QueryContext): number => context.plan.policies.lateRecordDays * DAY + DAY;

/**
 * The log in business-day order, built once per state revision: for views that know every record the basis at
 * asOf is a prefix; for any view, the late events with their organisations and event ids.
 */
interface DayIndex {
  revision: number;
  lateAfter: number;
  /** Every event's business day, ascending, and the largest global position up to each. */
  days: Int32Array;
  maxPositions: Float64Array;
  /** The late events (log entries) in business-day order, their days, organisations and event ids. */
  lateEntries: Int32Array;
  lateDays: Int32Array;
  lateOrganisationIds: Array<string | undefined>;
  lateEventIds: string[];
  /** The late events' positions above, in event id order; their distinct organisations in id order, each with its first position. */
  byEventId: Int32Array;
  organisations: string[];
  firstPositions: Int32Array;
}
const dayIndexes = new WeakMap<IndicatorsState, DayIndex>();

// every entry's business day, in one array
const allDays = (log: IndicatorsState['log']): Int32Array => {
  const days = new Int32Array(log.length);
  log.chunks.forEach((chunk, index) => {
    const from = index * LOG_CHUNK;
    const count = Math.min(chunk.occurredDays.length, log.length - from);
    for (let slot = 0; slot < count; slot++) days[from + slot] = log.dayBase + (chunk.occurredDays[slot] as number);
  });
  return days;
};

// the log's indexes in business-day order (a counting sort: days span a few thousand values)
const logOrderByDay = (occurredDays: Int32Array): Int32Array => {
  const { length } = occurredDays;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < length; index++) {
    const day = occurredDays[index] as number;
    if (day < first) first = day;
    if (day > last) last = day;
  }
  const order = new Int32Array(length);
  if (length === 0) return order;
  const starts = new Int32Array(last - first + 2);
  for (let index = 0; index < length; index++) {
    const slot = (occurredDays[index] as number) - first + 1;
    starts[slot] = (starts[slot] as number) + 1;
  }
  for (let day = 1; day < starts.length; day++) starts[day] = (starts[day] as number) + (starts[day - 1] as number);
  for (let index = 0; index < length; index++) {
    const slot = (occurredDays[index] as number) - first;
    const at = starts[slot] as number;
    order[at] = index;
    starts[slot] = at + 1;
  }
  return order;
};

const buildDayIndex = (state: IndicatorsState, lateAfter: number): DayIndex => {
  const { log, timelines } = state;
  const occurredDays = allDays(log);
  // each entry's organisation, from the organisations' chains (-1: a territory event)
  const organisations = new Int32Array(log.length).fill(-1);
  for (const org of timelines) for (let at = org.firstEvent; at !== -1; at = nextEventAt(log, at)) organisations[at] = org.index;
  const order = logOrderByDay(occurredDays);
  const days = new Int32Array(order.length);
  const maxPositions = new Float64Array(order.length);
  const lateEntries: number[] = [];
  const lateDays: number[] = [];
  const lateOrganisationIds: Array<string | undefined> = [];
  const lateEventIds: string[] = [];
  let maxPosition = 0;
  for (let at = 0; at < order.length; at++) {
    const index = order[at] as number;
    const day = occurredDays[index] as number;
    days[at] = day;
    maxPosition = Math.max(maxPosition, positionAt(log, index));
    maxPositions[at] = maxPosition;
    if (recordedMsAt(log, index) - day * DAY > lateAfter) {
      lateEntries.push(index);
      lateDays.push(day);
      lateOrganisationIds.push(timelines[organisations[index] as number]?.id);
      lateEventIds.push(eventIdAt(log, index));
    }
  }
  const byEventId = Int32Array.from(lateEventIds.keys()).sort((a, b) => {
    const left = lateEventIds[a] as string;
    const right = lateEventIds[b] as string;
    return left < right ? -1 : left > right ? 1 : a - b;
  });
  const firsts = new Map<string, number>();
  lateOrganisationIds.forEach((id, position) => {
    if (id !== undefined && !firsts.has(id)) firsts.set(id, position);
  });
  const lateOrganisations = [...firsts.keys()].sort();
  return {
    revision: state.revision,
    lateAfter,
    days,
    maxPositions,
    lateEntries: Int32Array.from(lateEntries),
    lateDays: Int32Array.from(lateDays),
    lateOrganisationIds,
    lateEventIds,
    byEventId,
    organisations: lateOrganisations,
    firstPositions: Int32Array.from(lateOrganisations, (id) => firsts.get(id) as number),
  };
};

// the late records among the first `count` late events: the smallest ids straight from the orders by id, unless
// so few are counted that adding them one by one is quicker
const lateOfPrefix = (index: DayIndex, count: number): Collector => {
  const late = new Collector();
  if (count * 16 < index.lateEntries.length) {
    for (let at = 0; at < count; at++) late.add(index.lateOrganisationIds[at], index.lateEventIds[at]);
    return late;
  }
  late.count = count;
  const eventIds = late.eventIds.values;
  for (let at = 0; at < index.byEventId.length && eventIds.length < SAMPLE; at++) {
    const position = index.byEventId[at] as number;
    const id = index.lateEventIds[position] as string;
    if (position < count && eventIds[eventIds.length - 1] !== id) eventIds.push(id);
  }
  const organisationIds = late.organisationIds.values;
  for (let at = 0; at < index.organisations.length && organisationIds.length < SAMPLE; at++)
    if ((index.firstPositions[at] as number) < count) organisationIds.push(index.organisations[at] as string);
  return late;
};

const dayIndexOf = (context: QueryContext): DayIndex => {
  const { state } = context;
  const lateAfter = lateAfterMs(context);
  let index = dayIndexes.get(state);
  if (index === undefined || index.revision !== state.revision || index.lateAfter !== lateAfter) {
    index = buildDayIndex(state, lateAfter);
    dayIndexes.set(state, index);
  }
  return index;
};

// any view: one pass over the whole log, and one over the late events
const basisFromScan = (context: QueryContext) => {
  const { log } = context.state;
  const asOfDay = dayNumber(context.asOf);
  const knownMs = context.knownMs;
  const late = new Collector();
  let eventsConsidered = 0;
  let lastGlobalPosition = 0;
  // in the narrow form, days and record times compared as offsets from the log's bases
  const lastDay = asOfDay - log.dayBase;
  const lastSecond = Math.floor((knownMs - log.recordBase) / 1000);
  const lastMillis = knownMs - log.recordBase - lastSecond * 1000;
  log.chunks.forEach((chunk, chunkIndex) => {
    const from = chunkIndex * LOG_CHUNK;
    const { occurredDays, recordedSeconds, recordedMillis, recordedMs } = chunk;
    const count = Math.min(occurredDays.length, log.length - from);
    for (let slot = 0; slot < count; slot++) {
      if ((occurredDays[slot] as number) > lastDay) continue;
      if (log.narrowRecords) {
        const second = recordedSeconds[slot] as number;
        if (second > lastSecond || (second === lastSecond && (recordedMillis[slot] as number) > lastMillis)) continue;
      } else if ((recordedMs[slot] as number) > knownMs) continue;
      eventsConsidered++;
      const position = positionAt(log, from + slot);
      if (position > lastGlobalPosition) lastGlobalPosition = position;
    }
  });
  const index = dayIndexOf(context);
  const lateCount = upperBound(index.lateDays, asOfDay);
  for (let at = 0; at < lateCount; at++)
    if (recordedMsAt(log, index.lateEntries[at] as number) <= knownMs) late.add(index.lateOrganisationIds[at], index.lateEventIds[at]);
  return { eventsConsidered, lastGlobalPosition, late };
};

// a view that knows every record: counts by binary search, late records from the late events alone
const basisFromDayIndex = (context: QueryContext) => {
  const index = dayIndexOf(context);
  const asOfDay = dayNumber(context.asOf);
  const eventsConsidered = upperBound(index.days, asOfDay);
  const lastGlobalPosition = eventsConsidered === 0 ? 0 : (index.maxPositions[eventsConsidered - 1] as number);
  const late = lateOfPrefix(index, upperBound(index.lateDays, asOfDay));
  return { eventsConsidered, lastGlobalPosition, late };
};

const firstVisible = (context: QueryContext, facts: readonly Stamp[]): string | undefined => {
  for (const fact of facts) if (isVisible(context, fact)) return eventIdOf(context, fact);
  return undefined;
};

// the event id of the organisation's first visible admission, in record order
const firstVisibleAdmission = (context: QueryContext, org: OrganisationTimeline): string | undefined => {
  const { log } = context.state;
  const { asOfDay } = context;
  // most organisations without a founding at asOf are founded later, so none of their admissions is visible either
  if (org.admissionCount === 0 || (membershipColumns(context.state, context.knownMs).firstAdmissionDays[org.index] as number) > asOfDay)
    return undefined;
  for (let at = org.firstEvent; at !== -1; at = nextEventAt(log, at))
    if ((memberCodeAt(log, at) & 3) === ADMITTED && dayAt(log, at) <= asOfDay && recordedMsAt(log, at) <= context.knownMs)
      return eventIdAt(log, at);
  return undefined;
};

const hasVisibleRating = (context: QueryContext, org: OrganisationTimeline, year: number): boolean => {
  const known = knownRatingsOf(context, org);
  for (let at = 0; at < known.length; at += 4) if (known[at] === year && (known[at + 1] as number) <= context.asOfDay) return true;
  return false;
};

// the event id of the organisation's first visible rating, in record order
const firstVisibleRating = (context: QueryContext, org: OrganisationTimeline): string | undefined => {
  const { ratings, log } = context.state;
  for (let row = org.firstRating; row !== -1; row = ratings.next[row] as number)
    if (isVisibleAt(context, ratings.at[row] as number)) return eventIdAt(log, ratings.at[row] as number);
  return undefined;
};

/** Data-quality warnings at the view: missing ratings, late records, rating anomalies, organisations without a founding. */
export const warningsAt = (context: QueryContext, goodFair: Computation, late: Collector): Warning[] => {
  const year = goodFair.ratingYear as number;
  const { ratingSchemes } = context.plan.policies;
  const { ratings, texts } = context.state;
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
  const foundings = foundingsAt(context);
  for (const org of context.state.timelines) {
    if (foundings[org.index] === undefined) {
      const first = firstVisibleAdmission(context, org) ?? firstVisible(context, org.statuses) ?? firstVisibleRating(context, org);
      if (first !== undefined) orphans.add(org.id, first);
      continue;
    }
    if (!hasVisibleRating(context, org, year)) continue;
    const rated = effectiveRowOf(context, org, year);
    // a sanction made the rating weak: an override unless the rating was weak already
    if (rated !== -1 && (rated & 1) === 1 && effectiveLevel(context.state, rated - 1) !== 'weak')
      overridden.add(org.id, sanctionEventIdOf(context, org, year));
    if (rated !== -1 && !inDenominator.has(org.id)) ineligible.add(org.id, ratedEventIdOf(context, rated));
    if (rated === -1)
      for (let row = org.firstRating; row !== -1; row = ratings.next[row] as number) {
        const at = ratings.at[row] as number;
        if (ratings.values[row] === year && isVisibleAt(context, at) && !ratingSchemes.includes(texts[ratings.texts[row] as number] as string))
          unaccepted.add(org.id, eventIdAt(context.state.log, at));
      }
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
