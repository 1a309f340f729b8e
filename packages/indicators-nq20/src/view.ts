import type { AdministrativeUnit, LegalStatus } from '@hoptac/core';
import type { Clocks } from './contract';
import { dayNumber, instantMs, overlapDays, upperBoundIn } from './dates';
import type { PlanDefinition } from './plan';
import type {
  FoundingFact,
  HeadOfficeFact,
  IndicatorsState,
  OrganisationTimeline,
  Stamp,
  StatusFact,
  UnitReorganisationFact,
} from './projection';
import { dayAt, eventIdAt, positionAt, recordedMsAt } from './projection';

interface Epoch {
  from: string;
  units: ReadonlySet<string>;
  successors: ReadonlyMap<string, string>;
}

/** The territory as known at the clocks: which units belong to it on any date, and what a ceased unit became. */
export interface TerritoryView {
  /** The units of the territory on `date`. */
  unitsOn(date: string): ReadonlySet<string>;
  /** The unit that `unit` is part of on `date`, following every unit merge effective by then. */
  resolve(unit: string, date: string): string;
  /** A unit's name, or its code when no plan or event names it. */
  nameOf(unit: string): string;
  /** The unit reorganisations applied, in effective-date order. */
  reorganisations: readonly UnitReorganisationFact[];
  /** The dates on which the territory or the unit merges change, ascending: `unitsOn` and `resolve` are constant between them. */
  changes: readonly string[];
}

/** A query's view of the state: the plan, both clocks, and the facts that pass them. */
export interface QueryContext {
  state: IndicatorsState;
  plan: PlanDefinition;
  asOf: string;
  /** asOf as a day number (days since 1970-01-01). */
  asOfDay: number;
  knownAt: string;
  knownMs: number;
  territory: TerritoryView;
}

/** Orders facts by business date, then by global position. */
export const byDateThenPosition = (state: IndicatorsState, a: Stamp, b: Stamp): number =>
  a.occurredOn < b.occurredOn ? -1 : a.occurredOn > b.occurredOn ? 1 : positionAt(state.log, a.at) - positionAt(state.log, b.at);

const buildTerritory = (plan: PlanDefinition, facts: readonly UnitReorganisationFact[]): TerritoryView => {
  const names = new Map<string, string>(plan.territory.units.map((unit: AdministrativeUnit) => [unit.code, unit.name]));
  let units = new Set(plan.territory.units.map((unit) => unit.code));
  let successors = new Map<string, string>();
  const epochs: Epoch[] = [{ from: '', units, successors }];
  for (const fact of facts) {
    units = new Set(units);
    successors = new Map(successors);
    for (const { unit, from } of fact.merges) {
      names.set(unit.code, unit.name);
      const inside = from.filter((code) => units.has(code)).length;
      const included = plan.policies.partialMerge === 'include' ? inside > 0 : inside === from.length;
      for (const code of from) units.delete(code);
      if (included) units.add(unit.code);
      for (const code of from) successors.set(code, unit.code);
      // units merged earlier into one of `from` now follow it further
      for (const [old, now] of successors) if (from.includes(now) && now !== unit.code) successors.set(old, unit.code);
    }
    for (const code of fact.abolished) units.delete(code);
    epochs.push({ from: fact.occurredOn, units, successors });
  }
  const epochOn = (date: string): Epoch => {
    let found = epochs[0] as Epoch;
    for (const epoch of epochs) if (epoch.from <= date) found = epoch;
    return found;
  };
  return {
    unitsOn: (date) => epochOn(date).units,
    resolve: (unit, date) => epochOn(date).successors.get(unit) ?? unit,
    nameOf: (unit) => names.get(unit) ?? unit,
    reorganisations: facts,
    changes: facts.map((fact) => fact.occurredOn),
  };
};

/** Builds the view of `state` at `clocks` for `plan`; every query starts here. */
export const queryContext = (state: IndicatorsState, plan: PlanDefinition, clocks: Clocks): QueryContext => {
  const knownMs = instantMs(clocks.knownAt);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(clocks.asOf)) throw new RangeError(`asOf is not a YYYY-MM-DD date: ${JSON.stringify(clocks.asOf)}`);
  const facts = state.unitReorganisations
    .filter((fact) => fact.occurredOn <= clocks.asOf && recordedMsAt(state.log, fact.at) <= knownMs)
    .sort((a, b) => byDateThenPosition(state, a, b));
  return { state, plan, asOf: clocks.asOf, asOfDay: dayNumber(clocks.asOf), knownAt: clocks.knownAt, knownMs, territory: buildTerritory(plan, facts) };
};

/** The same view at another business date (the value at a horizon), with the same record time. */
export const atDate = (context: QueryContext, asOf: string): QueryContext => {
  if (asOf === context.asOf) return context;
  let views = otherDates.get(context);
  if (views === undefined) {
    views = new Map();
    otherDates.set(context, views);
  }
  let view = views.get(asOf);
  if (view === undefined) {
    view = queryContext(context.state, context.plan, { asOf, knownAt: context.knownAt });
    views.set(asOf, view);
  }
  return view;
};

// the views at other dates already built from a view, so the indicators at a horizon are computed once per report
const otherDates = new WeakMap<QueryContext, Map<string, QueryContext>>();

/** True when a fact passes both clocks. */
export const isVisible = (context: QueryContext, fact: Stamp): boolean =>
  fact.occurredOn <= context.asOf && recordedMsAt(context.state.log, fact.at) <= context.knownMs;

/** True when the event of log entry `at` passes both clocks. */
export const isVisibleAt = (context: QueryContext, at: number): boolean =>
  dayAt(context.state.log, at) <= context.asOfDay && recordedMsAt(context.state.log, at) <= context.knownMs;

/** True when a fact is known at the view's record time, whatever its business date. */
export const isKnown = (context: QueryContext, fact: Stamp): boolean => recordedMsAt(context.state.log, fact.at) <= context.knownMs;

/** The event id of a fact. */
export const eventIdOf = (context: QueryContext, fact: Stamp): string => eventIdAt(context.state.log, fact.at);

/** The visible facts of a list, keeping its order. */
export const visibleFacts = <Fact extends Stamp>(context: QueryContext, facts: readonly Fact[]): Fact[] => {
  const out: Fact[] = [];
  for (const fact of facts) if (isVisible(context, fact)) out.push(fact);
  return out;
};

/** The first visible founding, or undefined while the organisation is unknown at the clocks. */
export const foundingOf = (context: QueryContext, org: OrganisationTimeline): FoundingFact | undefined => {
  for (const fact of org.foundings) if (isVisible(context, fact)) return fact;
  return undefined;
};

// the last visible fact dated on or before `date` of a list sorted by (occurredOn, globalPosition)
const lastOnOrBefore = <Fact extends Stamp>(context: QueryContext, facts: readonly Fact[], date: string): Fact | undefined => {
  for (let index = facts.length - 1; index >= 0; index--) {
    const fact = facts[index] as Fact;
    if (fact.occurredOn <= date && isVisible(context, fact)) return fact;
  }
  return undefined;
};

/** The head-office fact in force on `date`. */
export const headOfficeOn = (context: QueryContext, org: OrganisationTimeline, date: string): HeadOfficeFact | undefined =>
  lastOnOrBefore(context, org.headOffices, date);

/** The status fact in force on `date` (undefined before the founding). */
export const statusOn = (context: QueryContext, org: OrganisationTimeline, date: string): StatusFact | undefined =>
  lastOnOrBefore(context, org.statuses, date);

/** The legal status on `date`. */
export const legalStatusOn = (context: QueryContext, org: OrganisationTimeline, date: string): LegalStatus | undefined =>
  statusOn(context, org, date)?.status;

/** Where an organisation is on a date: its unit (after unit merges) and whether that unit is in the territory. */
export interface Placement {
  unit: string | undefined;
  inTerritory: boolean;
  fact: HeadOfficeFact | undefined;
}

/** The organisation's unit on `date` (its head office, followed through unit merges) and whether it is in the territory. */
export const placementOn = (context: QueryContext, org: OrganisationTimeline, date: string): Placement => {
  const fact = headOfficeOn(context, org, date);
  if (fact === undefined) return { unit: undefined, inTerritory: false, fact };
  const unit = context.territory.resolve(fact.unit, date);
  return { unit, inTerritory: context.territory.unitsOn(date).has(unit), fact };
};

/** Every organisation (by `OrganisationTimeline.index`) on asOf: its visible founding and, once founded, its place and status fact. */
export interface AsOfView {
  foundings: Array<FoundingFact | undefined>;
  places: Array<Placement | undefined>;
  statuses: Array<StatusFact | undefined>;
}

const foundingsOfViews = new WeakMap<QueryContext, Array<FoundingFact | undefined>>();
const asOfViews = new WeakMap<QueryContext, AsOfView>();

/**
 * Every organisation's first known founding at a record time (by `OrganisationTimeline.index`), with its day, and
 * whether it is the only one known: then the founding of a view is it when dated on or before asOf.
 */
interface KnownFoundings {
  revision: number;
  knownMs: number;
  facts: Array<FoundingFact | undefined>;
  days: Int32Array;
  only: Uint8Array;
}
const knownFoundingsOfStates = new WeakMap<IndicatorsState, KnownFoundings>();

const knownFoundings = (context: QueryContext): KnownFoundings => {
  const { state, knownMs } = context;
  let known = knownFoundingsOfStates.get(state);
  if (known === undefined || known.revision !== state.revision || known.knownMs !== knownMs) {
    const { timelines, log } = state;
    const facts: Array<FoundingFact | undefined> = [];
    const days = new Int32Array(timelines.length);
    const only = new Uint8Array(timelines.length);
    for (const org of timelines) {
      let first: FoundingFact | undefined;
      let count = 0;
      for (const fact of org.foundings)
        if (isKnown(context, fact)) {
          first ??= fact;
          count++;
        }
      facts.push(first);
      days[org.index] = first === undefined ? 0 : dayAt(log, first.at);
      only[org.index] = count <= 1 ? 1 : 0;
    }
    known = { revision: state.revision, knownMs, facts, days, only };
    knownFoundingsOfStates.set(state, known);
  }
  return known;
};

/** Every organisation's visible founding (by `OrganisationTimeline.index`), found once per view. */
export const foundingsAt = (context: QueryContext): Array<FoundingFact | undefined> => {
  let foundings = foundingsOfViews.get(context);
  if (foundings === undefined) {
    const { facts, days, only } = knownFoundings(context);
    const { timelines } = context.state;
    const { asOfDay } = context;
    foundings = new Array<FoundingFact | undefined>(timelines.length);
    for (let org = 0; org < timelines.length; org++)
      foundings[org] =
        only[org] === 1 ? ((days[org] as number) <= asOfDay ? facts[org] : undefined) : foundingOf(context, timelines[org] as OrganisationTimeline);
    foundingsOfViews.set(context, foundings);
  }
  return foundings;
};

/**
 * Every organisation's places and legal statuses over time as known at a record time, in flat arrays
 * (organisation i at [starts[i], starts[i + 1])): the place from each day on which the head office or the
 * territory changes, and each known status fact with its day. A place or status on a day up to asOf does not
 * depend on asOf, so every view at this plan and record time reads them. Kept per state revision.
 */
interface PlaceColumns {
  revision: number;
  plan: PlanDefinition;
  knownMs: number;
  placeStarts: Int32Array;
  placeDays: Int32Array;
  places: Placement[];
  statusStarts: Int32Array;
  statusDays: Int32Array;
  statuses: StatusFact[];
}
const placeColumnsOfStates = new WeakMap<IndicatorsState, PlaceColumns>();
const NOWHERE: Placement = Object.freeze({ unit: undefined, inTerritory: false, fact: undefined });

const placeColumns = (context: QueryContext): PlaceColumns => {
  const { state, plan, knownMs } = context;
  let columns = placeColumnsOfStates.get(state);
  if (columns === undefined || columns.revision !== state.revision || columns.plan !== plan || columns.knownMs !== knownMs) {
    const { far } = knownCacheOf(context);
    const { timelines, log } = state;
    const changes = far.territory.changes.map((date) => [dayNumber(date), date] as const);
    const placeStarts = new Int32Array(timelines.length + 1);
    const statusStarts = new Int32Array(timelines.length + 1);
    const placeDays: number[] = [];
    const places: Placement[] = [];
    const statusDays: number[] = [];
    const statuses: StatusFact[] = [];
    const days: number[] = [];
    const dates: string[] = [];
    for (const org of timelines) {
      days.length = 0;
      dates.length = 0;
      const add = (day: number, date: string) => {
        let at = days.length;
        while (at > 0 && (days[at - 1] as number) > day) at--;
        if (days[at - 1] === day) return;
        days.splice(at, 0, day);
        dates.splice(at, 0, date);
      };
      for (const fact of org.headOffices) if (isKnown(far, fact)) add(dayAt(log, fact.at), fact.occurredOn);
      if (days.length > 0) for (const [day, date] of changes) add(day, date);
      dates.forEach((date, at) => {
        placeDays.push(days[at] as number);
        places.push(placementOn(far, org, date));
      });
      placeStarts[org.index + 1] = places.length;
      for (const fact of org.statuses)
        if (isKnown(far, fact)) {
          statusDays.push(dayAt(log, fact.at));
          statuses.push(fact);
        }
      statusStarts[org.index + 1] = statuses.length;
    }
    columns = {
      revision: state.revision,
      plan,
      knownMs,
      placeStarts,
      placeDays: Int32Array.from(placeDays),
      places,
      statusStarts,
      statusDays: Int32Array.from(statusDays),
      statuses,
    };
    placeColumnsOfStates.set(state, columns);
  }
  return columns;
};

/** The place of an organisation on a day up to asOf (the same as `placementOn` there), from the flat columns. */
export const placeOnDay = (context: QueryContext, org: OrganisationTimeline, day: number): Placement => {
  const columns = placeColumns(context);
  const start = columns.placeStarts[org.index] as number;
  const at = start + upperBoundIn(columns.placeDays, start, columns.placeStarts[org.index + 1] as number, day) - 1;
  return at < start ? NOWHERE : (columns.places[at] as Placement);
};

/** The status fact of an organisation on a day up to asOf (the same as `statusOn` there), from the flat columns. */
export const statusOnDay = (context: QueryContext, org: OrganisationTimeline, day: number): StatusFact | undefined => {
  const columns = placeColumns(context);
  const start = columns.statusStarts[org.index] as number;
  const at = start + upperBoundIn(columns.statusDays, start, columns.statusStarts[org.index + 1] as number, day) - 1;
  return at < start ? undefined : columns.statuses[at];
};

/** The organisations on asOf at a view, found in one pass and kept for the view: the figures at asOf read them. */
export const asOfView = (context: QueryContext): AsOfView => {
  let view = asOfViews.get(context);
  if (view === undefined) {
    const foundings = foundingsAt(context);
    const places: Array<Placement | undefined> = [];
    const statuses: Array<StatusFact | undefined> = [];
    const { asOfDay } = context;
    for (const org of context.state.timelines) {
      const founded = foundings[org.index] !== undefined;
      places.push(founded ? placeOnDay(context, org, asOfDay) : undefined);
      statuses.push(founded ? statusOnDay(context, org, asOfDay) : undefined);
    }
    view = { foundings, places, statuses };
    asOfViews.set(context, view);
  }
  return view;
};

// what asOf does not change, per plan and record time: kept while the organisations and unit reorganisations stay
interface KnownCache {
  unitReorganisations: number;
  far: QueryContext;
  values: Map<string, Array<{ revision: number; value: unknown } | undefined>>;
}
const knownCaches = new WeakMap<IndicatorsState, WeakMap<PlanDefinition, Map<number, KnownCache>>>();
const KNOWN_CACHES_KEPT = 4;
const FAR_DATE = '9999-12-31';

const knownCacheOf = (context: QueryContext): KnownCache => {
  const { state, plan, knownMs } = context;
  let byPlan = knownCaches.get(state);
  if (byPlan === undefined) {
    byPlan = new WeakMap();
    knownCaches.set(state, byPlan);
  }
  let byKnown = byPlan.get(plan);
  if (byKnown === undefined) {
    byKnown = new Map();
    byPlan.set(plan, byKnown);
  }
  let cache = byKnown.get(knownMs);
  if (cache === undefined || cache.unitReorganisations !== state.unitReorganisations.length) {
    if (cache === undefined && byKnown.size >= KNOWN_CACHES_KEPT) byKnown.delete(byKnown.keys().next().value as number);
    const far = context.asOf === FAR_DATE ? context : queryContext(state, plan, { asOf: FAR_DATE, knownAt: context.knownAt });
    cache = { unitReorganisations: state.unitReorganisations.length, far, values: new Map() };
    byKnown.set(knownMs, cache);
  }
  return cache;
};

/** Values about organisations that do not depend on asOf, only on the plan and the record time (see `knownValue`). */
export interface KnownValues<Value> {
  /** The same plan and record time with no business-date limit: its territory knows every unit reorganisation. */
  far: QueryContext;
  values: Array<{ revision: number; value: Value } | undefined>;
}

const knownValuesOfViews = new WeakMap<QueryContext, Map<string, KnownValues<unknown>>>();

/** The kept values named `name` for the view's plan and record time. */
export const knownValues = <Value>(context: QueryContext, name: string): KnownValues<Value> => {
  let ofView = knownValuesOfViews.get(context);
  if (ofView === undefined) {
    ofView = new Map();
    knownValuesOfViews.set(context, ofView);
  }
  let known = ofView.get(name) as KnownValues<Value> | undefined;
  if (known === undefined) {
    known = keptValues<Value>(context, name);
    ofView.set(name, known as KnownValues<unknown>);
  }
  return known;
};

const keptValues = <Value>(context: QueryContext, name: string): KnownValues<Value> => {
  const cache = knownCacheOf(context);
  let values = cache.values.get(name);
  if (values === undefined) {
    values = [];
    cache.values.set(name, values);
  }
  return { far: cache.far, values: values as KnownValues<Value>['values'] };
};

/** One organisation's kept value, found with `find(far, org)` when it has had an event since (or never asked). */
export const knownValue = <Value>(
  known: KnownValues<Value>,
  org: OrganisationTimeline,
  find: (far: QueryContext, org: OrganisationTimeline) => Value,
): Value => {
  const kept = known.values[org.index];
  if (kept !== undefined && kept.revision === org.revision) return kept.value;
  const value = find(known.far, org);
  known.values[org.index] = { revision: org.revision, value };
  return value;
};

const NEVER_SUSPENDED: { days: number; eventIds: string[] } = Object.freeze({ days: 0, eventIds: Object.freeze([]) as unknown as string[] });

/** Days of `year` the organisation spent suspended, with the ids of the suspension facts involved when `withIds`. */
export const suspendedDaysIn = (
  context: QueryContext,
  org: OrganisationTimeline,
  year: number,
  withIds = true,
): { days: number; eventIds: string[] } => {
  if (!org.statuses.some((fact) => fact.status === 'suspended')) return NEVER_SUSPENDED;
  const start = dayNumber(`${year}-01-01`);
  const end = dayNumber(`${year}-12-31`);
  const facts = visibleFacts(context, org.statuses);
  let days = 0;
  const eventIds: string[] = [];
  facts.forEach((fact, index) => {
    if (fact.status !== 'suspended') return;
    const next = facts[index + 1];
    const from = dayNumber(fact.occurredOn);
    const to = next === undefined ? end : dayNumber(next.occurredOn) - 1;
    const overlap = overlapDays(from, to, start, end);
    if (overlap > 0) {
      days += overlap;
      if (withIds) eventIds.push(eventIdOf(context, fact));
      if (withIds && next !== undefined && dayNumber(next.occurredOn) <= end) eventIds.push(eventIdOf(context, next));
    }
  });
  return { days, eventIds };
};
