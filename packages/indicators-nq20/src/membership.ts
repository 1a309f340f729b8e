import { AdmissionOrigin, DepartureReason, MemberKind } from '@hoptac/core';
import { dayNumber, upperBoundIn } from './dates';
import {
  admissionOriginCode,
  ADMITTED,
  dayAt,
  DEPARTED,
  departureReasonCode,
  KIND_CHANGED,
  memberCodeAt,
  memberIdsOf,
  memberKindCode,
  nextEventAt,
  positionAt,
  recordedMsAt,
  type IndicatorsState,
  type MemberCode,
  type OrganisationTimeline,
} from './projection';

/**
 * An organisation's memberships as known at one record time, by business date: what a report needs about
 * members without looking at each admission again. Built on first use for a (organisation, knownAt) and kept
 * until the organisation gets another event.
 */
export interface MembershipIndex {
  /** Days of the admissions `new-members` may count (not carried over by a conversion or reorganisation), sorted. */
  admissionDays: Int32Array;
  /** Days of the departures that are not the mirror of a conversion or reorganisation, sorted. */
  departureDays: Int32Array;
  /** Days on which the active members change, sorted, and the active members by kind after each (KINDS order). */
  activeDays: Int32Array;
  activeCounts: Int32Array;
  /** The day of the earliest known admission of any origin, +Infinity when none. */
  firstAdmissionDay: number;
}

/** Member kinds in the order of `MembershipIndex.activeCounts`. */
export const KINDS: readonly MemberKind[] = MemberKind.options;

interface Cached {
  revision: number;
  /** The member of each of the organisation's membership events, numbered from 0 per organisation, in chain order. */
  members: Int32Array | undefined;
  memberCount: number;
  /** The index with every fact known (knownAt at or after the organisation's latest record). */
  all: MembershipIndex | undefined;
  /** The index of the last other knownAt asked. */
  knownMs: number;
  other: MembershipIndex | undefined;
}

const cache = new WeakMap<OrganisationTimeline, Cached>();

const cachedOf = (org: OrganisationTimeline): Cached => {
  let cached = cache.get(org);
  if (cached === undefined || cached.revision !== org.revision) {
    cached = { revision: org.revision, members: undefined, memberCount: 0, all: undefined, knownMs: Number.NaN, other: undefined };
    cache.set(org, cached);
  }
  return cached;
};

// the member ids of an organisation's membership events as small numbers (one string each only while numbering)
const numberMembers = (state: IndicatorsState, org: OrganisationTimeline, cached: Cached): Int32Array => {
  const ids = memberIdsOf(state.log, org);
  const numbers = new Int32Array(ids.length);
  const seen = new Map<string, number>();
  ids.forEach((id, position) => {
    let number = seen.get(id);
    if (number === undefined) {
      number = seen.size;
      seen.set(id, number);
    }
    numbers[position] = number;
  });
  cached.memberCount = seen.size;
  return numbers;
};

const sortedDays = (days: number[]): Int32Array => Int32Array.from(days).sort();

const CARRIED_OVER_ORIGINS = new Set(['conversion', 'reorganisation'].map((origin) => AdmissionOrigin.options.indexOf(origin as AdmissionOrigin)));
const REORGANISATION_REASON = DepartureReason.options.indexOf('reorganisation');

/** True when an admission's code says it carried a member over (origin conversion or reorganisation). */
export const isCarriedOver = (code: MemberCode): boolean => CARRIED_OVER_ORIGINS.has(admissionOriginCode(code));

/** True when a departure's code has the reason `reorganisation`. */
export const isReorganisationDeparture = (code: MemberCode): boolean => departureReasonCode(code) === REORGANISATION_REASON;

const build = (state: IndicatorsState, org: OrganisationTimeline, cached: Cached, knownMs: number): MembershipIndex => {
  const { log } = state;
  const members = (cached.members ??= numberMembers(state, org, cached));
  const admissionDays: number[] = [];
  const departureDays: number[] = [];
  // a departure on the day of a known reorganisation of the organisation mirrors a carried-over admission
  const reorganisedDays: number[] = [];
  for (const fact of org.reorganisations) if (recordedMsAt(log, fact.at) <= knownMs) reorganisedDays.push(dayNumber(fact.occurredOn));
  // the known events (log entry, day, code), each member's in a local list in record order
  const events: number[] = [];
  const days: number[] = [];
  const codes: number[] = [];
  const nextOfMember: number[] = [];
  const groupStarts: number[] = [];
  const lastOf = new Int32Array(cached.memberCount).fill(-1);
  let firstAdmissionDay = Number.POSITIVE_INFINITY;
  let position = 0;
  for (let at = org.firstEvent; at !== -1; at = nextEventAt(log, at)) {
    const code = memberCodeAt(log, at);
    if (code === 0) continue;
    const member = members[position++] as number;
    if (recordedMsAt(log, at) > knownMs) continue;
    const what = code & 3;
    const day = dayAt(log, at);
    if (what === ADMITTED) {
      if (day < firstAdmissionDay) firstAdmissionDay = day;
      if (!isCarriedOver(code)) admissionDays.push(day);
    } else if (what === DEPARTED) {
      if (!isReorganisationDeparture(code) && !reorganisedDays.includes(day)) departureDays.push(day);
    }
    const local = events.length;
    events.push(at);
    days.push(day);
    codes.push(code);
    nextOfMember.push(-1);
    const previous = lastOf[member] as number;
    if (previous === -1) groupStarts.push(local);
    else nextOfMember[previous] = local;
    lastOf[member] = local;
  }

  // each member's state after each of its dates: active with a kind, or not; a change is a -1 and a +1
  const changes: number[] = [];
  const change = (day: number, kind: number, sign: number) => changes.push(day * 8 + kind * 2 + (sign > 0 ? 1 : 0));
  const byDayThenRecord = (a: number, b: number): number =>
    (days[a] as number) - (days[b] as number) || positionAt(log, events[a] as number) - positionAt(log, events[b] as number);
  // a member's facts: the first `count` entries (emptying the array would free its storage)
  const facts: number[] = [];
  for (const start of groupStarts) {
    let count = 0;
    for (let local = start; local !== -1; local = nextOfMember[local] as number) facts[count++] = local;
    // record order; sort by (day, global position), a member has few facts
    for (let index = 1; index < count; index++) {
      const fact = facts[index] as number;
      let to = index;
      while (to > 0 && byDayThenRecord(facts[to - 1] as number, fact) > 0) {
        facts[to] = facts[to - 1] as number;
        to--;
      }
      facts[to] = fact;
    }
    // as activeMembers: the last admission or departure decides; a kind change counts when on or after that admission
    let last = -1;
    let lastChange = -1;
    let previous = -1;
    for (let index = 0; index < count; ) {
      const day = days[facts[index] as number] as number;
      for (; index < count && days[facts[index] as number] === day; index++) {
        const fact = facts[index] as number;
        if (((codes[fact] as number) & 3) === KIND_CHANGED) lastChange = fact;
        else last = fact;
      }
      let kind = -1;
      if (last !== -1 && ((codes[last] as number) & 3) === ADMITTED)
        kind = memberKindCode(codes[lastChange !== -1 && (days[lastChange] as number) >= (days[last] as number) ? lastChange : last] as number);
      if (kind === previous) continue;
      if (previous !== -1) change(day, previous, -1);
      if (kind !== -1) change(day, kind, 1);
      previous = kind;
    }
  }
  const sorted = Float64Array.from(changes).sort();
  const activeDays: number[] = [];
  const activeCounts: number[] = [];
  const running = new Array<number>(KINDS.length).fill(0);
  for (const key of sorted) {
    const day = Math.floor(key / 8);
    const rest = key - day * 8;
    const kind = rest >> 1;
    running[kind] = (running[kind] as number) + ((rest & 1) === 1 ? 1 : -1);
    if (activeDays[activeDays.length - 1] === day) activeCounts.splice(activeCounts.length - KINDS.length, KINDS.length, ...running);
    else {
      activeDays.push(day);
      activeCounts.push(...running);
    }
  }
  return {
    admissionDays: sortedDays(admissionDays),
    departureDays: sortedDays(departureDays),
    activeDays: Int32Array.from(activeDays),
    activeCounts: Int32Array.from(activeCounts),
    firstAdmissionDay,
  };
};

/** Orders two log entries by business day, then by global position. */
export const byDayThenPosition = (state: IndicatorsState, a: number, b: number): number => {
  const { log } = state;
  return dayAt(log, a) - dayAt(log, b) || positionAt(log, a) - positionAt(log, b);
};

/** The membership index of `org` for views known at `knownMs`. */
export const membershipIndex = (state: IndicatorsState, org: OrganisationTimeline, knownMs: number): MembershipIndex => {
  const cached = cachedOf(org);
  if (knownMs >= org.maxRecordedMs) return (cached.all ??= build(state, org, cached, Number.POSITIVE_INFINITY));
  if (cached.knownMs !== knownMs || cached.other === undefined) {
    cached.other = build(state, org, cached, knownMs);
    cached.knownMs = knownMs;
  }
  return cached.other;
};

/**
 * Every organisation's membership index at one record time in flat arrays, organisation i (its timeline index) at
 * [starts[i], starts[i + 1]) of each: a pass over all organisations reads memory in order. Kept per state revision.
 */
export interface MembershipColumns {
  revision: number;
  knownMs: number;
  admissionStarts: Int32Array;
  admissionDays: Int32Array;
  departureStarts: Int32Array;
  departureDays: Int32Array;
  activeStarts: Int32Array;
  activeDays: Int32Array;
  /** Organisation i's active members by kind after its j-th active day start at (activeStarts[i] + j) * KINDS.length. */
  activeCounts: Int32Array;
  /** Each organisation's earliest known admission day, +Infinity when none. */
  firstAdmissionDays: Float64Array;
}

const columnsOfStates = new WeakMap<IndicatorsState, MembershipColumns[]>();

/** The membership indexes of every organisation of `state` for views known at `knownMs`, flat. */
export const membershipColumns = (state: IndicatorsState, knownMs: number): MembershipColumns => {
  let kept = columnsOfStates.get(state);
  if (kept === undefined) {
    kept = [];
    columnsOfStates.set(state, kept);
  }
  let columns = kept.find((known) => known.knownMs === knownMs && known.revision === state.revision);
  if (columns === undefined) {
    columns = flatten(state, knownMs);
    // the two record times asked last
    kept.unshift(columns);
    kept.length = Math.min(kept.length, 2);
  }
  return columns;
};

const flatten = (state: IndicatorsState, knownMs: number): MembershipColumns => {
  const { timelines } = state;
  const indexes = timelines.map((org) => (org.firstEvent === -1 ? undefined : membershipIndex(state, org, knownMs)));
  const starts = (length: (index: MembershipIndex) => number): Int32Array => {
    const at = new Int32Array(timelines.length + 1);
    indexes.forEach((index, org) => (at[org + 1] = (at[org] as number) + (index === undefined ? 0 : length(index))));
    return at;
  };
  const admissionStarts = starts((index) => index.admissionDays.length);
  const departureStarts = starts((index) => index.departureDays.length);
  const activeStarts = starts((index) => index.activeDays.length);
  const admissionDays = new Int32Array(admissionStarts[timelines.length] as number);
  const departureDays = new Int32Array(departureStarts[timelines.length] as number);
  const activeDays = new Int32Array(activeStarts[timelines.length] as number);
  const activeCounts = new Int32Array(activeDays.length * KINDS.length);
  indexes.forEach((index, org) => {
    if (index === undefined) return;
    admissionDays.set(index.admissionDays, admissionStarts[org] as number);
    departureDays.set(index.departureDays, departureStarts[org] as number);
    activeDays.set(index.activeDays, activeStarts[org] as number);
    activeCounts.set(index.activeCounts, (activeStarts[org] as number) * KINDS.length);
  });
  const firstAdmissionDays = Float64Array.from(indexes, (index) => index?.firstAdmissionDay ?? Number.POSITIVE_INFINITY);
  return {
    revision: state.revision,
    knownMs,
    admissionStarts,
    admissionDays,
    departureStarts,
    departureDays,
    activeStarts,
    activeDays,
    activeCounts,
    firstAdmissionDays,
  };
};


/** How many of the sorted `days[start, end)` are in [from, to] (day numbers, inclusive). */
export const countBetweenIn = (days: Int32Array, start: number, end: number, from: number, to: number): number =>
  from > to ? 0 : upperBoundIn(days, start, end, to) - upperBoundIn(days, start, end, from - 1);

/** How many of the sorted `days` are at most `day`. */
export const upperBound = (days: Int32Array, day: number): number => upperBoundIn(days, 0, days.length, day);

/** Where organisation `org`'s active members on `day` by kind (KINDS order) start in `columns.activeCounts`, -1 before its first member. */
export const activeCountsAt = (columns: MembershipColumns, org: number, day: number): number => {
  const start = columns.activeStarts[org] as number;
  const at = upperBoundIn(columns.activeDays, start, columns.activeStarts[org + 1] as number, day) - 1;
  return at < 0 ? -1 : (start + at) * KINDS.length;
};
