import { isDeepStrictEqual } from 'node:util';
import {
  CURRENT_SCHEMA_VERSIONS,
  GENESIS_HASH,
  MemoryEventStore,
  UpcasterRegistry,
  parseDomainEvent,
  toRecordedEvent,
  type EventStore,
  type HoptacEvent,
  type NewEvent,
  type RecordedEvent,
} from '@hoptac/core';
import { CatchUpRunner, InlineProjections, rebuild, type Clocks, type Projection } from '@hoptac/projections';
import * as fc from 'fast-check';
import { anyEvent } from './arbitraries';
import { oracleReport, ORACLE_INDICATORS, type OracleFigure, type OracleIndicatorId, type OraclePlan } from './oracle';

// Laws a host checks on its own projection or store. Each one throws an Error that says what broke (and returns
// nothing when the law holds), so it works in a plain test and inside fc.assert(fc.property(...)).

/** Thrown when a law does not hold; the message names the law and shows both sides. */
export class LawViolation extends Error {
  override readonly name = 'LawViolation';
  constructor(
    readonly law: string,
    readonly detail: string,
  ) {
    super(`${law}: ${detail}`);
  }
}

const show = (value: unknown): string => {
  const text = JSON.stringify(value, (_, field) => (field instanceof Map ? Object.fromEntries(field) : field instanceof Set ? [...field] : field));
  return text === undefined ? String(value) : text.length > 1500 ? `${text.slice(0, 1500)}…` : text;
};

const same = (law: string, what: string, left: unknown, right: unknown, names: [string, string]): void => {
  if (!isDeepStrictEqual(left, right))
    throw new LawViolation(law, `${what} differ\n  ${names[0]}: ${show(left)}\n  ${names[1]}: ${show(right)}`);
};

const fresh = <State>(projection: Projection<State>, events: readonly RecordedEvent[]): State => {
  let state = projection.initialState();
  for (const event of [...events].sort((a, b) => a.globalPosition - b.globalPosition))
    if (projection.eventTypes === undefined || projection.eventTypes.includes(event.type)) state = projection.apply(state, event);
  return state;
};

const passes = (event: RecordedEvent, clocks: Clocks): boolean =>
  event.occurredOn <= clocks.asOf && Date.parse(event.recordedAt) <= Date.parse(clocks.knownAt);

/** A query over a projection's state at two clocks; the identity when a law should compare whole states. */
export type ClockedQuery<State, Answer> = (state: State, clocks: Clocks) => Answer;

/**
 * Replay determinism: two fresh replays of the same events (the second from a deep copy) give deep-equal states.
 * Catches hidden inputs: the system clock, randomness, shared mutable state between replays.
 */
export const replayIsDeterministic = <State>(projection: Projection<State>, events: readonly RecordedEvent[]): void => {
  const first = fresh(projection, events);
  const second = fresh(projection, structuredClone(events) as RecordedEvent[]);
  same('replay determinism', `${projection.name}: states of two replays`, first, second, ['first', 'second']);
};

/** Writes recorded events into a store in their global order, so positions and stream versions come out the same. */
export const appendInOrder = async (store: EventStore, events: readonly RecordedEvent[]): Promise<void> => {
  for (const event of [...events].sort((a, b) => a.globalPosition - b.globalPosition)) {
    const { type, occurredOn, data, eventId, recordedAt, metadata } = event;
    await store.append(event.stream, [{ type, occurredOn, data, eventId, recordedAt, metadata } as NewEvent], { expectedVersion: event.streamVersion - 1 });
  }
};

/** Options of `runnersAgree`. */
export interface RunnersAgreeOptions<State, Answer> {
  /** a fresh store per runner; default MemoryEventStore */
  createStore?: () => Promise<EventStore>;
  /** compare these answers instead of whole states */
  query?: (state: State) => Answer;
}

/**
 * Inline = catch-up = rebuild: the projection kept inline as events are appended, a catch-up runner following the
 * store, and a rebuild from position 1 reach the same state (or the same answers to `query`).
 */
export const runnersAgree = async <State, Answer = State>(
  projection: Projection<State>,
  events: readonly RecordedEvent[],
  options: RunnersAgreeOptions<State, Answer> = {},
): Promise<void> => {
  const createStore = options.createStore ?? (async () => new MemoryEventStore());
  const answer = (state: State): unknown => (options.query ? options.query(state) : state);

  const inlineStore = await createStore();
  const inline = new InlineProjections(inlineStore, [projection]);
  await appendInOrder(inline, events);
  const inlineAnswer = answer(inline.state<State>(projection.name));
  await inlineStore.close();

  const store = await createStore();
  // half the history before the runner starts, half while it follows live
  const cut = Math.floor(events.length / 2);
  const ordered = [...events].sort((a, b) => a.globalPosition - b.globalPosition);
  await appendInOrder(store, ordered.slice(0, cut));
  const runner = new CatchUpRunner(store, projection);
  await runner.start();
  await appendInOrder(store, ordered.slice(cut));
  await runner.caughtUp();
  const catchUpAnswer = answer(runner.state);
  await runner.stop();
  const rebuilt = answer((await rebuild(store, projection)).state);
  await store.close();

  same('inline = catch-up = rebuild', `${projection.name}: inline and catch-up answers`, inlineAnswer, catchUpAnswer, ['inline', 'catch-up']);
  same('inline = catch-up = rebuild', `${projection.name}: catch-up and rebuild answers`, catchUpAnswer, rebuilt, ['catch-up', 'rebuild']);
};

/**
 * The two-clock law of a bitemporal projection: its query at `clocks` over the state of every event equals the same
 * query over a fresh replay of only the events passing both clocks (occurredOn ≤ asOf, recordedAt ≤ knownAt).
 */
export const clocksAreReplayOfFiltered = <State, Answer>(
  projection: Projection<State>,
  query: ClockedQuery<State, Answer>,
  events: readonly RecordedEvent[],
  clocks: Clocks,
): void => {
  if (!projection.bitemporal)
    throw new LawViolation('asOf/knownAt = filtered replay', `${projection.name} is not declared bitemporal; query it through a filtered replay instead`);
  const full = query(fresh(projection, events), clocks);
  const filtered = query(
    fresh(
      projection,
      events.filter((event) => passes(event, clocks)),
    ),
    clocks,
  );
  same('asOf/knownAt = filtered replay', `${projection.name} at asOf ${clocks.asOf}, knownAt ${clocks.knownAt}: answers`, full, filtered, [
    'full state',
    'filtered replay',
  ]);
};

/**
 * Another interleaving of the same streams: each stream keeps its own order, the streams are merged by `picks`
 * (each pick chooses which waiting stream goes next), and positions and hashes are assigned afresh.
 */
export const reinterleave = (events: readonly RecordedEvent[], picks: readonly number[]): RecordedEvent[] => {
  const queues = new Map<string, RecordedEvent[]>();
  for (const event of [...events].sort((a, b) => a.globalPosition - b.globalPosition)) {
    const queue = queues.get(event.stream) ?? [];
    queue.push(event);
    queues.set(event.stream, queue);
  }
  const merged: RecordedEvent[] = [];
  let previousHash = GENESIS_HASH;
  for (let step = 0; queues.size > 0; step++) {
    const streams = [...queues.keys()];
    const stream = streams[(picks.length === 0 ? 0 : (picks[step % picks.length] as number)) % streams.length] as string;
    const queue = queues.get(stream) as RecordedEvent[];
    const event = queue.shift() as RecordedEvent;
    if (queue.length === 0) queues.delete(stream);
    const { type, occurredOn, data, eventId, recordedAt, metadata } = event;
    const again = toRecordedEvent({ type, occurredOn, data, eventId, recordedAt, metadata } as NewEvent, stream, event.streamVersion, merged.length + 1, previousHash);
    // keep the stored schema version: reordering must not change what the event says
    const moved = { ...again, schemaVersion: event.schemaVersion } as RecordedEvent;
    previousHash = moved.hash;
    merged.push(moved);
  }
  return merged;
};

/** Picks for `reinterleave`: an arbitrary interleaving of streams. */
export const anyInterleaving: fc.Arbitrary<number[]> = fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 64 });

/**
 * Order independence across streams: a bitemporal projection answers the same at `clocks` whichever way the
 * streams' events are interleaved in the global order (each stream keeping its own order).
 */
export const orderIndependentAcrossStreams = <State, Answer>(
  projection: Projection<State>,
  query: ClockedQuery<State, Answer>,
  events: readonly RecordedEvent[],
  picks: readonly number[],
  clocks: Clocks,
): void => {
  const original = query(fresh(projection, events), clocks);
  const permuted = query(fresh(projection, reinterleave(events, picks)), clocks);
  same('order independence across streams', `${projection.name} at asOf ${clocks.asOf}, knownAt ${clocks.knownAt}: answers`, original, permuted, [
    'recorded order',
    'other interleaving',
  ]);
};

/** An event as stored under some schema version: what an upcaster reads. */
export interface StoredVersion {
  type: string;
  schemaVersion: number;
  occurredOn: string;
  data: Record<string, unknown>;
}

/**
 * Upcasting law: an event stored under any schema version upcasts, step by step, to a valid current event.
 * Throws a LawViolation naming the type, the version and the first bad field.
 */
export const upcastsToCurrentEvent = (stored: StoredVersion, registry: UpcasterRegistry = new UpcasterRegistry()): HoptacEvent => {
  let data: Record<string, unknown>;
  try {
    data = registry.upcast(stored.type, stored.schemaVersion, stored.data);
  } catch (error) {
    throw new LawViolation('every stored schema version upcasts', `${stored.type}@${stored.schemaVersion}: ${(error as Error).message}`);
  }
  try {
    return parseDomainEvent({ type: stored.type, occurredOn: stored.occurredOn, data });
  } catch (error) {
    throw new LawViolation(
      'every stored schema version upcasts',
      `${stored.type}@${stored.schemaVersion} upcast to version ${registry.currentVersion(stored.type)} is not a valid event: ${(error as Error).message}`,
    );
  }
};

/**
 * How to write a current event as it was stored under an older schema version: the inverse of each built-in
 * upcaster, keyed `Type@version`. A host adding an upcaster adds its downgrade here to have it generated.
 */
export const BUILT_IN_DOWNGRADES: Readonly<Record<string, (data: Record<string, unknown>) => Record<string, unknown>>> = {
  // version 1 ratings had no scheme; they were all made under Circular 01/2020
  'RatingRecorded@1': ({ scheme: _scheme, ...rest }) => rest,
};

/**
 * Events as stored under every schema version of their type, down to version 1, from current events and the
 * downgrades: feed them to `upcastsToCurrentEvent`.
 */
export const anyStoredVersion = (
  versions: Readonly<Record<string, number>> = CURRENT_SCHEMA_VERSIONS,
  downgrades: Readonly<Record<string, (data: Record<string, unknown>) => Record<string, unknown>>> = BUILT_IN_DOWNGRADES,
  events: fc.Arbitrary<HoptacEvent> = anyEvent,
): fc.Arbitrary<StoredVersion> =>
  fc.tuple(events, fc.nat({ max: 20 })).map(([event, back]) => {
    const current = versions[event.type] ?? 1;
    const target = Math.max(1, current - (back % current));
    let data = event.data as Record<string, unknown>;
    for (let version = current - 1; version >= target; version--) {
      const downgrade = downgrades[`${event.type}@${version}`];
      if (!downgrade) throw new Error(`no downgrade for ${event.type}@${version}: add one to generate stored versions`);
      data = downgrade(data);
    }
    return { type: event.type, schemaVersion: target, occurredOn: event.occurredOn, data };
  });

/** Figures an implementation reports for the law against the oracle: value, numerator and denominator by indicator id. */
export type ReportedFigures = Partial<Record<OracleIndicatorId, OracleFigure>>;

/** Options of `matchesOracle`. */
export interface MatchesOracleOptions {
  /** only these indicators; default all six */
  indicators?: readonly OracleIndicatorId[];
  /** how far shares may differ (floating point); default 1e-9 */
  tolerance?: number;
}

/**
 * Projection = oracle: `compute(events, clocks)` gives the same value, numerator and denominator as the reference
 * oracle for every indicator. `compute` maps whatever an implementation reports to `{ value, numerator, denominator }`.
 */
export const matchesOracle = (
  compute: (events: readonly RecordedEvent[], clocks: Clocks) => ReportedFigures,
  events: readonly RecordedEvent[],
  plan: OraclePlan,
  clocks: Clocks,
  options: MatchesOracleOptions = {},
): void => {
  const expected = oracleReport(events, plan, clocks).indicators;
  const actual = compute(events, clocks);
  const tolerance = options.tolerance ?? 1e-9;
  const close = (a: number | null | undefined, b: number | null | undefined) =>
    a === b || (typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) <= tolerance);
  const differences: string[] = [];
  for (const id of options.indicators ?? ORACLE_INDICATORS) {
    const want = expected[id];
    const got = actual[id];
    if (!got) {
      differences.push(`${id}: not reported`);
      continue;
    }
    for (const field of ['value', 'numerator', 'denominator'] as const)
      if (!close(got[field], want[field])) differences.push(`${id}.${field}: oracle ${want[field]}, implementation ${got[field]}`);
  }
  if (differences.length > 0)
    throw new LawViolation(
      'projection = oracle',
      `at asOf ${clocks.asOf}, knownAt ${clocks.knownAt} over ${events.length} events:\n  ${differences.join('\n  ')}`,
    );
};
