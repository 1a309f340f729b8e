import { RatingLevel, type OrganisationKind } from '@hoptac/core';
import { dateOfDay, dayNumber, onYear, yearOf } from './dates';
import { countBetweenIn, isCarriedOver, isReorganisationDeparture, membershipColumns } from './membership';
import type { IndicatorId, PlanDefinition } from './plan';
import {
  ADMITTED,
  dayAt,
  DEPARTED,
  eventIdAt,
  memberCodeAt,
  nextEventAt,
  recordedMsAt,
  ratingAt,
  type EndFact,
  type FactTable,
  type IndicatorsState,
  type LinkageFact,
  type OrganisationTimeline,
  type RatingFact,
  type SanctionFact,
  type Stamp,
} from './projection';
import type { Reason } from './reasons';
import {
  eventIdOf,
  asOfView,
  foundingsAt,
  isKnown,
  knownValue,
  knownValues,
  isVisible,
  placementOn,
  placeOnDay,
  statusOn,
  statusOnDay,
  suspendedDaysIn,
  visibleFacts,
  type Placement,
  type QueryContext,
} from './view';

/** One organisation's place in an indicator: numerator, denominator only, or excluded, with the events why. */
export interface Entry {
  organisationId: string;
  kind: OrganisationKind;
  /** The unit on the date that matters (founding, admission, 31/12 of the rating year, asOf). */
  unit: string | null;
  placement: 'numerator' | 'denominator' | 'excluded';
  reason: Reason;
  eventIds: string[];
  /** Admissions counted (new-members) or 1. */
  count: number;
}

/** An indicator computed at a view: its entries and totals. */
export interface Computation {
  id: IndicatorId;
  measure: 'count' | 'share';
  /** The days the indicator looks at: the window after the baseline, the rating year, or asOf alone. */
  period: { from: string; to: string };
  ratingYear: number | null;
  /** Numerator and denominator entries, and excluded ones when computed for explain. */
  entries: Entry[];
  numerator: number;
  denominator: number | null;
  value: number | null;
}

const NO_IDS: string[] = [];

// an entry as one flat literal (the fields of `{ ...base, placement, reason, eventIds }`, in that order)
const entryOf = (
  base: Pick<Entry, 'organisationId' | 'kind' | 'unit' | 'count'>,
  placement: Entry['placement'],
  reason: Reason,
  eventIds: string[],
): Entry => ({ organisationId: base.organisationId, kind: base.kind, unit: base.unit, count: base.count, placement, reason, eventIds });

// an entry from its fields, in the order of `entryOf`
const entryAt = (
  organisationId: string,
  kind: OrganisationKind,
  unit: string | null,
  placement: Entry['placement'],
  reason: Reason,
  eventIds: string[],
): Entry => ({ organisationId, kind, unit, count: 1, placement, reason, eventIds });

const nextDay = (date: string): string => {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
};

const totals = (entries: readonly Entry[], measure: 'count' | 'share') => {
  let numerator = 0;
  let denominator = 0;
  for (const entry of entries) {
    if (entry.placement === 'excluded') continue;
    if (entry.placement === 'numerator') numerator += entry.count;
    denominator += entry.count;
  }
  if (measure === 'count') return { numerator, denominator: null, value: numerator };
  return { numerator, denominator, value: denominator === 0 ? null : numerator / denominator };
};

const finish = (
  id: IndicatorId,
  measure: 'count' | 'share',
  period: { from: string; to: string },
  ratingYear: number | null,
  entries: Entry[],
): Computation => {
  const { numerator, denominator, value } = totals(entries, measure);
  return { id, measure, period, ratingYear, entries, numerator, denominator, value };
};

// the distinct event ids of facts (or ids already found), in order; only explain lists them
const ids = (context: QueryContext, explain: boolean, ...facts: Array<Stamp | string | undefined>): string[] => {
  if (!explain) return NO_IDS;
  const found: string[] = [];
  for (const fact of facts) {
    if (fact === undefined) continue;
    const id = typeof fact === 'string' ? fact : eventIdOf(context, fact);
    if (!found.includes(id)) found.push(id);
  }
  return found;
};

const afterBaseline = (context: QueryContext) => ({ from: nextDay(context.plan.baselineDate), to: context.asOf });

/** `new-cooperatives`: cooperatives founded (or converted from a group) after the baseline, in the territory on the founding date. */
export const newCooperatives = (context: QueryContext, explain = false): Computation => {
  const { baselineDate } = context.plan;
  const entries: Entry[] = [];
  const foundings = foundingsAt(context);
  for (const org of context.state.timelines) {
    const founding = foundings[org.index];
    if (founding === undefined) continue;
    const excluded: Reason | undefined =
      founding.occurredOn <= baselineDate
        ? 'founded-on-or-before-baseline'
        : founding.kind !== 'cooperative'
          ? 'kind-not-counted'
          : founding.origin.type === 'reorganisation-successor'
            ? 'reorganisation-successor'
            : undefined;
    if (excluded !== undefined && !explain) continue;
    // the place on the founding date, which asOf (on or after it) does not change
    const place = placeOnDay(context, org, dayAt(context.state.log, founding.at));
    const base = { organisationId: org.id, kind: founding.kind, unit: place.unit ?? null, count: 1 };
    const eventIds = ids(context, explain, founding, place.fact);
    const reason: Reason =
      excluded !== undefined ? excluded : !place.inTerritory ? 'outside-territory' : founding.origin.type === 'conversion' ? 'converted-from-group' : 'founded-new';
    const counted = reason === 'founded-new' || reason === 'converted-from-group';
    if (counted) entries.push(entryOf(base, 'numerator', reason, eventIds));
    else if (explain) entries.push(entryOf(base, 'excluded', reason, eventIds));
  }
  return finish('new-cooperatives', 'count', afterBaseline(context), null, entries);
};

const MEMBER_KINDS: ReadonlySet<OrganisationKind> = new Set(['cooperative-group', 'cooperative', 'peoples-credit-fund']);

// a departure caused by the organisation's conversion or reorganisation mirrors a carried-over admission
const carriedOverDeparture = (context: QueryContext, org: OrganisationTimeline, code: number, day: number): boolean =>
  isReorganisationDeparture(code) || org.reorganisations.some((fact) => dayNumber(fact.occurredOn) === day && isVisible(context, fact));

/** Admissions and departures counted by `new-members`, per organisation and unit, and the net change. */
export interface MemberFlows {
  computation: Computation;
  departures: number;
  departuresByUnit: Map<string, number>;
  departuresByKind: Map<OrganisationKind, number>;
}

const flowsCache = new WeakMap<QueryContext, MemberFlows>();

/** `new-members`: gross admissions after the baseline into groups, cooperatives and credit funds in the territory, and departures for the net change. */
export const memberFlows = (context: QueryContext, explain = false): MemberFlows => {
  if (explain) return memberFlowsExplained(context);
  let flows = flowsCache.get(context);
  if (flows === undefined) {
    flows = memberFlowsCounted(context);
    flowsCache.set(context, flows);
  }
  return flows;
};

/** An organisation's stretches of days after the baseline on which its head office and the territory stay the same (their first days, ascending), and its unit on each (undefined: outside the territory). */
interface Stretches {
  days: Int32Array;
  units: Array<string | undefined>;
}

// the stretches as known at the record time: a place on a day up to asOf does not depend on asOf
const findStretches = (far: QueryContext, org: OrganisationTimeline): Stretches => {
  const { log } = far.state;
  const fromDate = nextDay(far.plan.baselineDate);
  const fromDay = dayNumber(fromDate);
  const days = [fromDay];
  const dates = [fromDate];
  const add = (day: number, date: string) => {
    if (day <= fromDay) return;
    let at = days.length;
    while (at > 0 && (days[at - 1] as number) > day) at--;
    if (days[at - 1] === day) return;
    days.splice(at, 0, day);
    dates.splice(at, 0, date);
  };
  for (const fact of org.headOffices) if (isKnown(far, fact)) add(dayAt(log, fact.at), fact.occurredOn);
  for (const date of far.territory.changes) add(dayNumber(date), date);
  const units = dates.map((date) => {
    const place = placementOn(far, org, date);
    return place.inTerritory ? place.unit : undefined;
  });
  return { days: Int32Array.from(days), units };
};

/** Every organisation's stretches (see `Stretches`) in flat arrays, organisation i at [starts[i], starts[i + 1]); units as indexes into `names`, -1 outside the territory. */
interface StretchColumns {
  revision: number;
  plan: PlanDefinition;
  knownMs: number;
  starts: Int32Array;
  days: Int32Array;
  units: Int32Array;
  names: string[];
}

const stretchColumnsOfStates = new WeakMap<IndicatorsState, StretchColumns>();

const stretchColumns = (context: QueryContext): StretchColumns => {
  const { state, plan, knownMs } = context;
  let columns = stretchColumnsOfStates.get(state);
  if (columns === undefined || columns.revision !== state.revision || columns.plan !== plan || columns.knownMs !== knownMs) {
    const stretches = knownValues<Stretches>(context, 'stretches');
    const { timelines } = state;
    const all = timelines.map((org) =>
      org.admissionCount === 0 && org.departureCount === 0 ? undefined : knownValue(stretches, org, findStretches),
    );
    const starts = new Int32Array(timelines.length + 1);
    all.forEach((found, org) => (starts[org + 1] = (starts[org] as number) + (found === undefined ? 0 : found.days.length)));
    const days = new Int32Array(starts[timelines.length] as number);
    const units = new Int32Array(days.length);
    const names: string[] = [];
    all.forEach((found, org) => {
      if (found === undefined) return;
      const from = starts[org] as number;
      days.set(found.days, from);
      found.units.forEach((unit, at) => {
        let name = unit === undefined ? -1 : names.indexOf(unit);
        if (unit !== undefined && name === -1) name = names.push(unit) - 1;
        units[from + at] = name;
      });
    });
    columns = { revision: state.revision, plan, knownMs, starts, days, units, names };
    stretchColumnsOfStates.set(state, columns);
  }
  return columns;
};

// the report's path: counts from the flat membership indexes, by stretches (numerator entries only, as without
// explain); one pass over all organisations that reads the flat arrays in order
const memberFlowsCounted = (context: QueryContext): MemberFlows => {
  const { asOfDay, knownMs, state } = context;
  const period = afterBaseline(context);
  const fromDay = dayNumber(period.from);
  const entries: Entry[] = [];
  let departures = 0;
  const departuresByUnit = new Map<string, number>();
  const departuresByKind = new Map<OrganisationKind, number>();
  // an organisation's admissions by unit: a few units at most, so two short lists reused for every organisation
  // (their first `admitted` entries; emptying an array would free its storage)
  const admittedUnits: number[] = [];
  const admittedCounts: number[] = [];
  if (fromDay > asOfDay) return { computation: finish('new-members', 'count', period, null, entries), departures, departuresByUnit, departuresByKind };
  const foundings = foundingsAt(context);
  const members = membershipColumns(state, knownMs);
  const { admissionStarts, admissionDays, departureStarts, departureDays } = members;
  const stretches = stretchColumns(context);
  const { timelines } = state;
  for (let org = 0; org < timelines.length; org++) {
    const admissionsFrom = admissionStarts[org] as number;
    const admissionsTo = admissionStarts[org + 1] as number;
    const departuresFrom = departureStarts[org] as number;
    const departuresTo = departureStarts[org + 1] as number;
    if (
      countBetweenIn(admissionDays, admissionsFrom, admissionsTo, fromDay, asOfDay) === 0 &&
      countBetweenIn(departureDays, departuresFrom, departuresTo, fromDay, asOfDay) === 0
    )
      continue;
    const founding = foundings[org];
    if (founding === undefined || !MEMBER_KINDS.has(founding.kind)) continue;
    let units = 0;
    const last = stretches.starts[org + 1] as number;
    for (let at = stretches.starts[org] as number; at < last && (stretches.days[at] as number) <= asOfDay; at++) {
      const unit = stretches.units[at] as number;
      if (unit === -1) continue;
      const from = stretches.days[at] as number;
      const to = at + 1 < last ? Math.min((stretches.days[at + 1] as number) - 1, asOfDay) : asOfDay;
      const admitted = countBetweenIn(admissionDays, admissionsFrom, admissionsTo, from, to);
      const departed = countBetweenIn(departureDays, departuresFrom, departuresTo, from, to);
      if (admitted > 0) {
        let known = 0;
        while (known < units && admittedUnits[known] !== unit) known++;
        if (known === units) {
          admittedUnits[units] = unit;
          admittedCounts[units++] = admitted;
        } else admittedCounts[known] = (admittedCounts[known] as number) + admitted;
      }
      if (departed > 0) {
        const name = stretches.names[unit] as string;
        departures += departed;
        departuresByUnit.set(name, (departuresByUnit.get(name) ?? 0) + departed);
        departuresByKind.set(founding.kind, (departuresByKind.get(founding.kind) ?? 0) + departed);
      }
    }
    const organisationId = (timelines[org] as OrganisationTimeline).id;
    for (let at = 0; at < units; at++) {
      const unit = stretches.names[admittedUnits[at] as number] as string;
      const count = admittedCounts[at] as number;
      entries.push({ organisationId, kind: founding.kind, unit, placement: 'numerator', reason: 'admitted', eventIds: NO_IDS, count });
    }
  }
  return { computation: finish('new-members', 'count', period, null, entries), departures, departuresByUnit, departuresByKind };
};

// explain's path: every admission with its reason and events
const memberFlowsExplained = (context: QueryContext): MemberFlows => {
  const explain = true;
  const { log } = context.state;
  const asOfDay = dayNumber(context.asOf);
  const baselineDay = dayNumber(context.plan.baselineDate);
  const { knownMs } = context;
  const entries: Entry[] = [];
  let departures = 0;
  const departuresByUnit = new Map<string, number>();
  const departuresByKind = new Map<OrganisationKind, number>();
  const foundings = foundingsAt(context);
  for (const org of context.state.timelines) {
    const founding = foundings[org.index];
    if (founding === undefined || (org.admissionCount === 0 && org.departureCount === 0)) continue;
    const kindCounted = MEMBER_KINDS.has(founding.kind);
    // per (placement, reason, unit) so the commune breakdown uses the unit on each admission date
    const groups = new Map<string, Entry>();
    const add = (admission: number, placement: Entry['placement'], reason: Reason, unit: string | null, office?: Stamp) => {
      if (placement === 'excluded' && !explain) return;
      const key = placement === 'numerator' ? (unit ?? '') : `${placement}|${reason}|${unit ?? ''}`;
      let entry = groups.get(key);
      if (entry === undefined) {
        entry = { organisationId: org.id, kind: founding.kind, unit, placement, reason, eventIds: explain ? [] : NO_IDS, count: 0 };
        groups.set(key, entry);
      }
      entry.count++;
      if (explain) {
        entry.eventIds.push(eventIdAt(log, admission));
        if (office !== undefined) {
          const officeId = eventIdOf(context, office);
          if (!entry.eventIds.includes(officeId)) entry.eventIds.push(officeId);
        }
      }
    };
    // admissions cluster on a few dates (founding members), so remember the last placement
    let placedOn = Number.NaN;
    let place: Placement | undefined;
    for (let at = org.firstEvent; at !== -1; at = nextEventAt(log, at)) {
      const code = memberCodeAt(log, at);
      if ((code & 3) !== ADMITTED) continue;
      const day = dayAt(log, at);
      if (day > asOfDay || recordedMsAt(log, at) > knownMs) continue;
      if (day <= baselineDay) {
        add(at, 'excluded', 'admitted-on-or-before-baseline', null);
        continue;
      }
      if (!kindCounted) {
        add(at, 'excluded', 'kind-not-counted', null);
        continue;
      }
      if (isCarriedOver(code)) {
        add(at, 'excluded', 'carried-over', null);
        continue;
      }
      if (place === undefined || placedOn !== day) {
        place = placementOn(context, org, dateOfDay(day));
        placedOn = day;
      }
      if (!place.inTerritory) add(at, 'excluded', 'outside-territory', place.unit ?? null, place.fact);
      else add(at, 'numerator', 'admitted', place.unit ?? null, place.fact);
    }
    entries.push(...groups.values());
    if (!kindCounted) continue;
    for (let at = org.firstEvent; at !== -1; at = nextEventAt(log, at)) {
      const code = memberCodeAt(log, at);
      if ((code & 3) !== DEPARTED) continue;
      const day = dayAt(log, at);
      if (day > asOfDay || recordedMsAt(log, at) > knownMs || day <= baselineDay) continue;
      if (carriedOverDeparture(context, org, code, day)) continue;
      const place = placementOn(context, org, dateOfDay(day));
      if (!place.inTerritory || place.unit === undefined) continue;
      departures++;
      departuresByUnit.set(place.unit, (departuresByUnit.get(place.unit) ?? 0) + 1);
      departuresByKind.set(founding.kind, (departuresByKind.get(founding.kind) ?? 0) + 1);
    }
  }
  const computation = finish('new-members', 'count', afterBaseline(context), null, entries);
  return { computation, departures, departuresByUnit, departuresByKind };
};

/** `new-members` alone. */
export const newMembers = (context: QueryContext, explain = false): Computation => memberFlows(context, explain).computation;

/** The rating year at asOf: the latest year whose rating deadline is on or before asOf. */
export const ratingYearAt = (context: QueryContext): number => {
  const year = yearOf(context.asOf);
  return onYear(year, context.plan.policies.ratingDeadline) <= context.asOf ? year : year - 1;
};

// ratings as facts, made once per row (rows never change)
const ratingFacts = new WeakMap<FactTable, Array<RatingFact | undefined>>();
const ratingFactOf = (state: IndicatorsState, row: number): RatingFact => {
  let facts = ratingFacts.get(state.ratings);
  if (facts === undefined) {
    facts = [];
    ratingFacts.set(state.ratings, facts);
  }
  return (facts[row] ??= ratingAt(state, row));
};

// the effective rating of a row without a sanction, made once per row (rows never change)
const plainRatings = new WeakMap<FactTable, Array<EffectiveRating | undefined>>();
const plainRatingOf = (state: IndicatorsState, row: number, fact: RatingFact, scheme: string): EffectiveRating => {
  let ratings = plainRatings.get(state.ratings);
  if (ratings === undefined) {
    ratings = [];
    plainRatings.set(state.ratings, ratings);
  }
  return (ratings[row] ??= { level: fact.level, scheme, fact, sanctionEventId: undefined });
};

/** An organisation's known ratings as (year, business day, scheme as an index into the state's texts, row) in record order. */
export const knownRatings = (far: QueryContext, org: OrganisationTimeline): number[] => {
  const { ratings, log } = far.state;
  const known: number[] = [];
  for (let row = org.firstRating; row !== -1; row = ratings.next[row] as number) {
    const at = ratings.at[row] as number;
    if (recordedMsAt(log, at) <= far.knownMs) known.push(ratings.values[row] as number, dayAt(log, at), ratings.texts[row] as number, row);
  }
  return known;
};

/** An organisation's known ratings at the view's record time (see `knownRatings`). */
export const knownRatingsOf = (context: QueryContext, org: OrganisationTimeline): number[] =>
  org.firstRating === -1 ? NO_NUMBERS : knownValue(knownValues<number[]>(context, 'ratings'), org, knownRatings);

const NO_NUMBERS: number[] = [];

/** The rating that counts for a year: the preferred accepted scheme's latest record, with the sanction rule applied. */
export interface EffectiveRating {
  level: RatingLevel;
  scheme: string;
  fact: RatingFact;
  /** The sanction that made the level weak, when the scheme has that rule. */
  sanctionEventId: string | undefined;
}

/** The rating of `org` for `year` that the indicator uses, or undefined when none is recorded under an accepted scheme. */
export const effectiveRating = (context: QueryContext, org: OrganisationTimeline, year: number): EffectiveRating | undefined => {
  const rated = effectiveRow(context, org, year);
  if (rated === -1) return undefined;
  const { state } = context;
  const row = rated >> 1;
  const fact = ratingFactOf(state, row);
  if ((rated & 1) === 0) return plainRatingOf(state, row, fact, fact.scheme);
  return { level: 'weak', scheme: fact.scheme, fact, sanctionEventId: eventIdOf(context, sanctionIn(context, org, year) as SanctionFact) };
};

// the first visible sanction of the year, which makes the rating weak under the schemes with that rule
const sanctionIn = (context: QueryContext, org: OrganisationTimeline, year: number): SanctionFact | undefined =>
  org.sanctions.find((fact) => isVisible(context, fact) && yearOf(fact.occurredOn) === year);

/**
 * The rating that counts as one number: its row in the state's ratings times 2, plus 1 when a sanction makes it
 * weak; -1 when no rating under an accepted scheme is visible.
 */
const effectiveRow = (context: QueryContext, org: OrganisationTimeline, year: number): number => {
  if (org.firstRating === -1) return -1;
  const { asOfDay } = context;
  const { texts } = context.state;
  const known = knownRatingsOf(context, org);
  const { ratingSchemes, sanctionMakesWeakSchemes } = context.plan.policies;
  for (const scheme of ratingSchemes) {
    let latest = -1;
    // record order decides between a rating and its corrections
    for (let at = 0; at < known.length; at += 4)
      if (known[at] === year && (known[at + 1] as number) <= asOfDay && texts[known[at + 2] as number] === scheme) latest = known[at + 3] as number;
    if (latest === -1) continue;
    const sanctioned = sanctionMakesWeakSchemes.includes(scheme) && org.sanctions.length > 0 && sanctionIn(context, org, year) !== undefined;
    return latest * 2 + (sanctioned ? 1 : 0);
  }
  return -1;
};

const RATED_KINDS: ReadonlySet<OrganisationKind> = new Set(['cooperative', 'cooperative-union']);
const LEVEL_REASON: Record<RatingLevel, Reason> = {
  good: 'rated-good',
  fair: 'rated-fair',
  average: 'rated-average',
  weak: 'rated-weak',
};

const goodFairCache = new WeakMap<QueryContext, Computation>();

// the effective ratings of a view's rating year (see `effectiveRow`), found once for good-fair-share and the warnings
const ratingsOfViews = new WeakMap<QueryContext, Int32Array>();
const NOT_FOUND = -2;

/** `effectiveRow`, kept per view for its rating year. */
export const effectiveRowOf = (context: QueryContext, org: OrganisationTimeline, year: number): number => {
  if (year !== ratingYearAt(context)) return effectiveRow(context, org, year);
  let ratings = ratingsOfViews.get(context);
  if (ratings === undefined) {
    ratings = new Int32Array(context.state.timelines.length).fill(NOT_FOUND);
    ratingsOfViews.set(context, ratings);
  }
  let rated = ratings[org.index] as number;
  if (rated === NOT_FOUND) {
    rated = effectiveRow(context, org, year);
    ratings[org.index] = rated;
  }
  return rated;
};

/** The level of an effective rating found by `effectiveRowOf`. */
export const effectiveLevel = (state: IndicatorsState, rated: number): RatingLevel =>
  (rated & 1) === 1 ? 'weak' : (RatingLevel.options[(state.ratings.codes[rated >> 1] as number) & 3] as RatingLevel);

/** The event id of the sanction that made an organisation's rating of `year` weak. */
export const sanctionEventIdOf = (context: QueryContext, org: OrganisationTimeline, year: number): string =>
  eventIdOf(context, sanctionIn(context, org, year) as SanctionFact);
/** The event id of the rating behind an effective rating. */
export const ratedEventIdOf = (context: QueryContext, rated: number): string =>
  eventIdAt(context.state.log, context.state.ratings.at[rated >> 1] as number);

/** `good-fair-share`: of the organisations eligible for rating year Y, the share rated good or fair (missing ratings stay in the denominator). */
export const goodFairShare = (context: QueryContext, explain = false): Computation => {
  const cached = explain ? undefined : goodFairCache.get(context);
  if (cached !== undefined) return cached;
  const year = ratingYearAt(context);
  const yearEnd = `${year}-12-31`;
  const lastFoundingDay = `${year - 1}-12-31`;
  const entries: Entry[] = [];
  const foundings = foundingsAt(context);
  // the place and status on 31/12 of the year, from the flat columns when asOf is on or after it
  const yearEndDay = yearEnd <= context.asOf ? dayNumber(yearEnd) : Number.NaN;
  for (const org of context.state.timelines) {
    const founding = foundings[org.index];
    if (founding === undefined) continue;
    const known = !Number.isNaN(yearEndDay);
    const place = known ? placeOnDay(context, org, yearEndDay) : placementOn(context, org, yearEnd);
    const status = known ? statusOnDay(context, org, yearEndDay) : statusOn(context, org, yearEnd);
    const unit = place.unit ?? null;
    const excluded: Reason | undefined = !RATED_KINDS.has(founding.kind)
      ? 'kind-not-counted'
      : founding.occurredOn > lastFoundingDay
        ? 'founded-too-late'
        : !place.inTerritory
          ? 'outside-territory'
          : status?.status !== 'active'
            ? 'not-active-at-year-end'
            : undefined;
    if (excluded !== undefined) {
      if (explain) {
        const why = excluded === 'outside-territory' ? (place.fact ?? founding) : excluded === 'not-active-at-year-end' ? status : founding;
        entries.push(entryAt(org.id, founding.kind, unit, 'excluded', excluded, ids(context, true, why)));
      }
      continue;
    }
    const suspension = suspendedDaysIn(context, org, year, explain);
    if (suspension.days > context.plan.policies.maxSuspensionDays) {
      if (explain) entries.push(entryAt(org.id, founding.kind, unit, 'excluded', 'suspended-too-long', ids(context, true, ...suspension.eventIds)));
      continue;
    }
    const rated = effectiveRowOf(context, org, year);
    const eligibility = explain ? ids(context, true, founding, place.fact, status, ...suspension.eventIds) : NO_IDS;
    if (rated === -1) {
      entries.push(entryAt(org.id, founding.kind, unit, 'denominator', 'missing-rating', eligibility));
      continue;
    }
    const level = effectiveLevel(context.state, rated);
    const reason = LEVEL_REASON[level];
    const placement = level === 'good' || level === 'fair' ? 'numerator' : 'denominator';
    const sanctionEventId = explain && (rated & 1) === 1 ? sanctionEventIdOf(context, org, year) : undefined;
    const eventIds = explain ? ids(context, true, ratedEventIdOf(context, rated), sanctionEventId, ...eligibility) : NO_IDS;
    entries.push(entryAt(org.id, founding.kind, unit, placement, reason, eventIds));
  }
  const computation = finish('good-fair-share', 'share', { from: `${year}-01-01`, to: yearEnd }, year, entries);
  if (!explain) goodFairCache.set(context, computation);
  return computation;
};

/** The linkages of `org` that count as value-chain linkages, with the end date each has as known at the view. */
export const linkagesOf = (context: QueryContext, org: OrganisationTimeline): Linkage[] => {
  if (org.linkages.length === 0) return NO_LINKAGES;
  let linkages = linkagesOfViews.get(context);
  if (linkages === undefined) {
    linkages = [];
    linkagesOfViews.set(context, linkages);
  }
  return (linkages[org.index] ??= findLinkages(context, org));
};

// the linkages of each organisation at a view, found once for the companion figures and value-chain-share
const linkagesOfViews = new WeakMap<QueryContext, Array<Linkage[] | undefined>>();

const findLinkages = (context: QueryContext, org: OrganisationTimeline): Linkage[] => {
  const required = context.plan.policies.linkageRequiredStages;
  // by linkage id, in the order first seen; the last recorded start of an id wins (a short list: a linear search)
  const latest: Linkage[] = [];
  const find = (id: string): number => {
    for (let index = 0; index < latest.length; index++) if ((latest[index] as Linkage).fact.linkageId === id) return index;
    return -1;
  };
  for (const fact of org.linkages) {
    if (!isVisible(context, fact)) continue;
    const linkage = { fact, endsOn: fact.endsOn, end: undefined };
    const index = find(fact.linkageId);
    if (index === -1) latest.push(linkage);
    else latest[index] = linkage;
  }
  // the last recorded end wins, so a correction of the end date is a later end record
  for (const end of org.linkageEnds) {
    if (!isVisible(context, end)) continue;
    const linkage = latest[find(end.id)];
    if (linkage !== undefined) {
      linkage.endsOn = end.endsOn;
      linkage.end = end;
    }
  }
  return latest.filter(({ fact }) => required.every((stage) => fact.stages.includes(stage)));
};

/**
 * An organisation's known linkages with the plan's stages, when each known linkage has one start record and no end
 * record (the usual case): the linkages of a view are then those dated on or before asOf. As numbers, four per
 * linkage: the day of its record, its first day, its last day (+Infinity when open) and its counterparty
 * (1 enterprise, 2 state-owned enterprise, 0 another). Undefined when not so simple.
 */
export const simpleLinkages = (far: QueryContext, org: OrganisationTimeline): number[] | undefined => {
  if (org.linkages.length === 0) return [];
  for (const end of org.linkageEnds) if (isKnown(far, end)) return undefined;
  const required = far.plan.policies.linkageRequiredStages;
  const seen: string[] = [];
  const linkages: number[] = [];
  for (const fact of org.linkages) {
    if (!isKnown(far, fact)) continue;
    if (seen.includes(fact.linkageId)) return undefined;
    seen.push(fact.linkageId);
    if (!required.every((stage) => fact.stages.includes(stage))) continue;
    const counterparty = fact.counterpartyKind === 'enterprise' ? 1 : fact.counterpartyKind === 'state-owned-enterprise' ? 2 : 0;
    const lastDay = fact.endsOn === undefined ? Number.POSITIVE_INFINITY : dayNumber(fact.endsOn);
    linkages.push(dayAt(far.state.log, fact.at), dayNumber(fact.startsOn), lastDay, counterparty);
  }
  return linkages;
};

/** A value-chain linkage with the end date it has at a view, and the record of that end. */
export interface Linkage {
  fact: LinkageFact;
  endsOn: string | undefined;
  end: EndFact | undefined;
}
const NO_LINKAGES: Linkage[] = [];

/** `value-chain-share`: of the numerator of good-fair-share, the share with a value-chain linkage in force on at least one day of Y. */
export const valueChainShare = (context: QueryContext, explain = false): Computation => {
  const rated = goodFairShare(context, explain);
  const year = rated.ratingYear as number;
  const yearStart = `${year}-01-01`;
  const yearEnd = `${year}-12-31`;
  const entries: Entry[] = [];
  const simple = explain ? undefined : knownValues<number[] | undefined>(context, 'simple-linkages');
  const { asOfDay } = context;
  const firstDay = dayNumber(yearStart);
  const lastDay = dayNumber(yearEnd);
  for (const entry of rated.entries) {
    if (entry.placement !== 'numerator') {
      if (explain && entry.placement === 'denominator') entries.push(entryOf(entry, 'excluded', 'not-rated-good-or-fair', entry.eventIds));
      continue;
    }
    const org = context.state.organisations.get(entry.organisationId) as OrganisationTimeline;
    const linkages = simple === undefined ? undefined : knownValue(simple, org, simpleLinkages);
    if (linkages !== undefined) {
      // without explain only whether one is in force matters (the dates as days, which order like the ISO text)
      let linked = false;
      for (let at = 0; at < linkages.length && !linked; at += 4)
        linked = (linkages[at] as number) <= asOfDay && (linkages[at + 1] as number) <= lastDay && (linkages[at + 2] as number) >= firstDay;
      entries.push(entryOf(entry, linked ? entry.placement : 'denominator', linked ? 'linkage-in-force' : 'no-linkage-in-year', NO_IDS));
      continue;
    }
    const inForce = linkagesOf(context, org).find(
      ({ fact, endsOn }) => fact.startsOn <= yearEnd && (endsOn === undefined || endsOn >= yearStart),
    );
    if (inForce !== undefined)
      entries.push(entryOf(entry, entry.placement, 'linkage-in-force', ids(context, explain, inForce.fact, inForce.end, ...entry.eventIds)));
    else entries.push(entryOf(entry, 'denominator', 'no-linkage-in-year', entry.eventIds));
  }
  return finish('value-chain-share', 'share', { from: yearStart, to: yearEnd }, year, entries);
};

type Base = Omit<Entry, 'placement' | 'reason' | 'eventIds'>;
interface Eligible {
  org: OrganisationTimeline;
  base: Base;
}
// without explain, the population is the same for both indicators: found once per view
const populations = new WeakMap<QueryContext, Eligible[]>();

/** Cooperatives active and in the territory on asOf: the population of high-tech-share and digital-share. */
const activeCooperatives = (
  context: QueryContext,
  explain: boolean,
  entries: Entry[],
  visit: (org: OrganisationTimeline, base: Base, eligibility: string[]) => void,
): void => {
  if (!explain) {
    let population = populations.get(context);
    if (population === undefined) {
      population = [];
      const { foundings, places, statuses } = asOfView(context);
      for (const org of context.state.timelines) {
        const founding = foundings[org.index];
        if (founding === undefined || founding.kind !== 'cooperative') continue;
        if (statuses[org.index]?.status !== 'active') continue;
        const place = places[org.index] as Placement;
        if (place.inTerritory) population.push({ org, base: { organisationId: org.id, kind: founding.kind, unit: place.unit ?? null, count: 1 } });
      }
      populations.set(context, population);
    }
    for (const { org, base } of population) visit(org, base, NO_IDS);
    return;
  }
  const { foundings, places, statuses } = asOfView(context);
  for (const org of context.state.timelines) {
    const founding = foundings[org.index];
    if (founding === undefined) continue;
    const place = places[org.index] as Placement;
    const base = { organisationId: org.id, kind: founding.kind, unit: place.unit ?? null, count: 1 };
    const status = statuses[org.index];
    const exclude = (reason: Reason, ...facts: Array<Stamp | undefined>) => {
      if (explain) entries.push(entryOf(base, 'excluded', reason, ids(context, true, ...facts)));
    };
    if (founding.kind !== 'cooperative') exclude('kind-not-counted', founding);
    else if (!place.inTerritory) exclude('outside-territory', place.fact);
    else if (status?.status !== 'active') exclude('not-active', status);
    else visit(org, base, ids(context, explain, founding, place.fact, status));
  }
};

/** `high-tech-share`: of the cooperatives active in the territory on asOf, the share with a high-technology recognition in force on asOf. */
export const highTechShare = (context: QueryContext, explain = false): Computation => {
  const { asOf } = context;
  const entries: Entry[] = [];
  activeCooperatives(context, explain, entries, (org, base, eligibility) => {
    if (org.recognitions.length === 0) {
      entries.push(entryOf(base, 'denominator', 'no-recognition-in-force', eligibility));
      return;
    }
    const ends = new Map<string, EndFact>();
    for (const end of org.recognitionEnds) if (isVisible(context, end)) ends.set(end.id, end);
    const inForce = visibleFacts(context, org.recognitions).find((fact) => {
      const end = ends.get(fact.recognitionId)?.endsOn ?? fact.validUntil;
      return fact.validFrom <= asOf && (end === undefined || asOf <= end);
    });
    if (inForce === undefined) entries.push(entryOf(base, 'denominator', 'no-recognition-in-force', eligibility));
    else
      entries.push(
        entryOf(base, 'numerator', 'recognition-in-force', ids(context, explain, inForce, ends.get(inForce.recognitionId), ...eligibility)),
      );
  });
  return finish('high-tech-share', 'share', { from: asOf, to: asOf }, null, entries);
};

// an organisation's known digital assessments as (business day, row) in record order
const knownAssessments = (far: QueryContext, org: OrganisationTimeline): number[] => {
  const { digital, log } = far.state;
  const known: number[] = [];
  for (let row = org.firstDigital; row !== -1; row = digital.next[row] as number) {
    const at = digital.at[row] as number;
    if (recordedMsAt(log, at) <= far.knownMs) known.push(dayAt(log, at), row);
  }
  return known;
};

/** `digital-share`: of the cooperatives active in the territory on asOf, the share whose latest digital assessment meets its checklist. */
export const digitalShare = (context: QueryContext, explain = false): Computation => {
  const entries: Entry[] = [];
  const { digital, log } = context.state;
  const { asOfDay } = context;
  const assessments = knownValues<number[]>(context, 'digital');
  activeCooperatives(context, explain, entries, (org, base, eligibility) => {
    // the latest business date wins, and on one date the latest record
    let latest = -1;
    let latestDay = 0;
    const known = org.firstDigital === -1 ? NO_NUMBERS : knownValue(assessments, org, knownAssessments);
    for (let at = 0; at < known.length; at += 2) {
      const day = known[at] as number;
      if (day > asOfDay) continue;
      if (latest === -1 || day >= latestDay) {
        latest = known[at + 1] as number;
        latestDay = day;
      }
    }
    if (latest === -1) entries.push(entryOf(base, 'denominator', 'no-assessment', eligibility));
    else {
      const meets = digital.codes[latest] === 1;
      entries.push(
        entryOf(
          base,
          meets ? 'numerator' : 'denominator',
          meets ? 'latest-assessment-meets' : 'latest-assessment-does-not-meet',
          explain ? ids(context, true, eventIdAt(log, digital.at[latest] as number), ...eligibility) : NO_IDS,
        ),
      );
    }
  });
  return finish('digital-share', 'share', { from: context.asOf, to: context.asOf }, null, entries);
};

/** Computes one indicator at a view. */
export const computeIndicator = (context: QueryContext, id: IndicatorId, explain = false): Computation => {
  if (explain) return computeOne(context, id, true);
  let computed = computations.get(context);
  if (computed === undefined) {
    computed = new Map();
    computations.set(context, computed);
  }
  let computation = computed.get(id);
  if (computation === undefined) {
    computation = computeOne(context, id, false);
    computed.set(id, computation);
  }
  return computation;
};

// a view's computations without explain, shared by the report's indicators and their horizons
const computations = new WeakMap<QueryContext, Map<IndicatorId, Computation>>();

const computeOne = (context: QueryContext, id: IndicatorId, explain: boolean): Computation => {
  switch (id) {
    case 'new-cooperatives':
      return newCooperatives(context, explain);
    case 'new-members':
      return newMembers(context, explain);
    case 'good-fair-share':
      return goodFairShare(context, explain);
    case 'value-chain-share':
      return valueChainShare(context, explain);
    case 'high-tech-share':
      return highTechShare(context, explain);
    case 'digital-share':
      return digitalShare(context, explain);
  }
};
