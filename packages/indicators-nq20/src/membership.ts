import { MemberKind } from '@hoptac/core';
import { dayNumber } from './dates';
import type { AdmissionFact, DepartureFact, MemberKindFact, OrganisationTimeline } from './projection';

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
}

/** Member kinds in the order of `MembershipIndex.activeCounts`. */
export const KINDS: readonly MemberKind[] = MemberKind.options;
const KIND_INDEX = new Map<string, number>(KINDS.map((kind, index) => [kind, index]));

interface Cached {
  revision: number;
  /** The index with every fact known (knownAt at or after the organisation's latest record). */
  all: MembershipIndex | undefined;
  /** The index of the last other knownAt asked. */
  knownMs: number;
  other: MembershipIndex | undefined;
}

const cache = new WeakMap<OrganisationTimeline, Cached>();

const sortedDays = (days: number[]): Int32Array => Int32Array.from(days).sort();

type MemberFact = AdmissionFact | DepartureFact | MemberKindFact;
const isAdmission = (fact: MemberFact): fact is AdmissionFact => 'origin' in fact;
const isDeparture = (fact: MemberFact): fact is DepartureFact => 'reason' in fact;
const byDateThenPosition = (a: MemberFact, b: MemberFact): number =>
  a.occurredOn < b.occurredOn ? -1 : a.occurredOn > b.occurredOn ? 1 : a.globalPosition - b.globalPosition;

const build = (org: OrganisationTimeline, knownMs: number): MembershipIndex => {
  const admissionDays: number[] = [];
  const departureDays: number[] = [];
  const members = new Map<string, MemberFact | MemberFact[]>();
  const remember = (fact: MemberFact) => {
    const seen = members.get(fact.memberId);
    if (seen === undefined) members.set(fact.memberId, fact);
    else if (Array.isArray(seen)) seen.push(fact);
    else members.set(fact.memberId, [seen, fact]);
  };
  for (const fact of org.admissions) {
    if (fact.recordedMs > knownMs) continue;
    if (fact.origin !== 'conversion' && fact.origin !== 'reorganisation') admissionDays.push(dayNumber(fact.occurredOn));
    remember(fact);
  }
  // a departure on the day of a known reorganisation of the organisation mirrors a carried-over admission
  const reorganisedOn = new Set<string>();
  for (const fact of org.reorganisations) if (fact.recordedMs <= knownMs) reorganisedOn.add(fact.occurredOn);
  for (const fact of org.departures) {
    if (fact.recordedMs > knownMs) continue;
    if (fact.reason !== 'reorganisation' && !reorganisedOn.has(fact.occurredOn)) departureDays.push(dayNumber(fact.occurredOn));
    remember(fact);
  }
  for (const fact of org.memberKinds) if (fact.recordedMs <= knownMs) remember(fact);

  // each member's state after each of its dates: active with a kind, or not; a change is a -1 and a +1
  const changeDays: number[] = [];
  const changeKinds: number[] = [];
  const changeSigns: number[] = [];
  const change = (day: number, kind: number, sign: number) => {
    changeDays.push(day);
    changeKinds.push(kind);
    changeSigns.push(sign);
  };
  for (const seen of members.values()) {
    if (!Array.isArray(seen)) {
      // one fact: an admission makes an active member from its date; a lone departure or kind change does nothing
      if (isAdmission(seen)) change(dayNumber(seen.occurredOn), KIND_INDEX.get(seen.memberKind) as number, 1);
      continue;
    }
    const facts = seen.sort(byDateThenPosition);
    // as activeMembers: the last admission or departure decides; a kind change counts when on or after that admission
    let last: AdmissionFact | DepartureFact | undefined;
    let lastChange: MemberKindFact | undefined;
    let previous = -1;
    for (let index = 0; index < facts.length; ) {
      const date = (facts[index] as MemberFact).occurredOn;
      for (; index < facts.length && (facts[index] as MemberFact).occurredOn === date; index++) {
        const fact = facts[index] as MemberFact;
        if (isAdmission(fact) || isDeparture(fact)) last = fact;
        else lastChange = fact;
      }
      let kind = -1;
      if (last !== undefined && isAdmission(last))
        kind = KIND_INDEX.get(lastChange !== undefined && lastChange.occurredOn >= last.occurredOn ? lastChange.to : last.memberKind) as number;
      if (kind === previous) continue;
      const day = dayNumber(date);
      if (previous !== -1) change(day, previous, -1);
      if (kind !== -1) change(day, kind, 1);
      previous = kind;
    }
  }
  const order = Array.from(changeDays.keys()).sort((a, b) => (changeDays[a] as number) - (changeDays[b] as number));
  const activeDays: number[] = [];
  const activeCounts: number[] = [];
  const running = new Array<number>(KINDS.length).fill(0);
  for (const at of order) {
    const day = changeDays[at] as number;
    const kind = changeKinds[at] as number;
    running[kind] = (running[kind] as number) + (changeSigns[at] as number);
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
  };
};

/** The membership index of `org` for views known at `knownMs`. */
export const membershipIndex = (org: OrganisationTimeline, knownMs: number): MembershipIndex => {
  let cached = cache.get(org);
  if (cached === undefined || cached.revision !== org.revision) {
    cached = { revision: org.revision, all: undefined, knownMs: Number.NaN, other: undefined };
    cache.set(org, cached);
  }
  if (knownMs >= org.maxRecordedMs) return (cached.all ??= build(org, Number.POSITIVE_INFINITY));
  if (cached.knownMs !== knownMs || cached.other === undefined) {
    cached.other = build(org, knownMs);
    cached.knownMs = knownMs;
  }
  return cached.other;
};

/** How many of the sorted `days` are in [from, to] (day numbers, inclusive). */
export const countBetween = (days: Int32Array, from: number, to: number): number => (from > to ? 0 : upperBound(days, to) - upperBound(days, from - 1));

/** How many of the sorted `days` are at most `day`. */
export const upperBound = (days: Int32Array, day: number): number => {
  let low = 0;
  let high = days.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((days[middle] as number) <= day) low = middle + 1;
    else high = middle;
  }
  return low;
};

/** Active members on `day` by kind (KINDS order), read from the index; the array is shared, do not change it. */
export const activeCountsOn = (index: MembershipIndex, day: number): Int32Array | undefined => {
  const at = upperBound(index.activeDays, day) - 1;
  return at < 0 ? undefined : index.activeCounts.subarray(at * KINDS.length, (at + 1) * KINDS.length);
};
