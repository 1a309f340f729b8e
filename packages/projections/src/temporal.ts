import type { EventStore, RecordedEvent } from '@hoptac/core';
import { applyEvent, inGlobalOrder, instantOf, type Clocks, type Projection } from './projection';

/** Where the two-clock questions read events from: a store, or events already in hand. */
export type EventSource = EventStore | readonly RecordedEvent[];

/** A query over a projection's state: a plain function of the state, the clocks and its own arguments. */
export type Query<State, Args extends unknown[], Result> = (state: State, clocks: Clocks, ...args: Args) => Result;

const isStore = (source: EventSource): source is EventStore => !Array.isArray(source);

/**
 * The events of a source in memory, in global order, with one cached list of indexes per `knownAt`: the events
 * recorded by then, in global order. A question for another `asOf` at the same `knownAt` only filters that list by
 * business date; a question for another `knownAt` builds its list from memory. The store is read once, then only
 * for events appended since (checked through `headPosition`).
 */
export class ClockIndex {
  private events: RecordedEvent[] = [];
  private recordedAt: number[] = [];
  private readonly byKnownAt = new Map<number, number[]>();
  private sourceLength = -1;
  /** how many events were read from the source, and in how many reads: to watch that a second date costs no read */
  readonly stats = { eventsRead: 0, reads: 0 };

  constructor(readonly source: EventSource) {}

  /** Reads what the source gained since the last call. */
  async refresh(): Promise<void> {
    const source = this.source;
    if (!isStore(source)) {
      if (source.length === this.sourceLength) return;
      this.sourceLength = source.length;
      this.stats.reads++;
      this.stats.eventsRead += source.length;
      this.events = inGlobalOrder(source);
      this.recordedAt = this.events.map((event) => Date.parse(event.recordedAt));
      this.byKnownAt.clear();
      return;
    }
    const loaded = this.events.at(-1)?.globalPosition ?? 0;
    if ((await source.headPosition()) <= loaded) return;
    this.stats.reads++;
    const first = this.events.length;
    for await (const event of source.readAll({ from: loaded + 1 })) {
      this.events.push(event);
      this.recordedAt.push(Date.parse(event.recordedAt));
      this.stats.eventsRead++;
    }
    // new events come after every cached one in the global order, so each cached list just grows at its end
    for (const [knownAt, indexes] of this.byKnownAt)
      for (let index = first; index < this.events.length; index++)
        if ((this.recordedAt[index] as number) <= knownAt) indexes.push(index);
  }

  /** Every event read so far, in global order. */
  all(): readonly RecordedEvent[] {
    return this.events;
  }

  /** The events passing both clocks, in global order (call `refresh` first for the latest). */
  passing(clocks: Clocks): RecordedEvent[] {
    const knownAt = instantOf(clocks.knownAt);
    let indexes = this.byKnownAt.get(knownAt);
    if (indexes === undefined) {
      indexes = [];
      for (let index = 0; index < this.events.length; index++) if ((this.recordedAt[index] as number) <= knownAt) indexes.push(index);
      this.byKnownAt.set(knownAt, indexes);
    }
    const result: RecordedEvent[] = [];
    for (const index of indexes) {
      const event = this.events[index] as RecordedEvent;
      if (event.occurredOn <= clocks.asOf) result.push(event);
    }
    return result;
  }
}

/**
 * The state of a projection at `clocks` by a filtered replay: only the events that pass both clocks, in global
 * order. Exact for every projection, bitemporal or not. Pass a ClockIndex (or use TemporalQueries) to keep the
 * events in memory between questions; given a store or events alone, it builds a fresh index.
 */
export const atClocks = async <State>(
  projection: Projection<State>,
  source: EventSource | ClockIndex,
  clocks: Clocks,
): Promise<State> => {
  const index = source instanceof ClockIndex ? source : new ClockIndex(source);
  await index.refresh();
  let state = projection.initialState();
  for (const event of index.passing(clocks)) state = applyEvent(projection, state, event);
  return state;
};

/** Options of TemporalQueries. */
export interface TemporalQueriesOptions {
  /** the live, full state of a bitemporal projection, if a runner keeps one (inline or catch-up); undefined when not */
  live?: (projection: Projection<unknown>) => unknown;
}

/**
 * Answers questions at any two clocks. Which path each takes:
 * - a `bitemporal` projection keeps every fact with both clocks, so its full state answers any clocks: the query
 *   gets the live state (from `options.live`, or else one full replay kept up to date from the index) with the
 *   clocks passed through. No replay per question.
 * - any other projection is answered by `atClocks`: a replay of only the events passing both clocks, from the
 *   in-memory ClockIndex, so a second date neither reads the store again nor re-sorts anything.
 * States handed to queries are shared: queries must not mutate them.
 */
export class TemporalQueries {
  readonly index: ClockIndex;
  private readonly full = new Map<string, { version: number; through: number; state: unknown }>();

  constructor(
    source: EventSource,
    private readonly options: TemporalQueriesOptions = {},
  ) {
    this.index = new ClockIndex(source);
  }

  /** The state to answer `clocks` from: the full state for a bitemporal projection, a filtered replay otherwise. */
  async stateFor<State>(projection: Projection<State>, clocks: Clocks): Promise<State> {
    instantOf(clocks.knownAt);
    if (!projection.bitemporal) return atClocks(projection, this.index, clocks);
    const live = this.options.live?.(projection as Projection<unknown>);
    if (live !== undefined) return live as State;
    return this.fullState(projection);
  }

  /** Runs a query at `clocks`: `query(stateFor(projection, clocks), clocks, ...args)`. */
  async ask<State, Args extends unknown[], Result>(
    projection: Projection<State>,
    query: Query<State, Args, Result>,
    clocks: Clocks,
    ...args: Args
  ): Promise<Result> {
    return query(await this.stateFor(projection, clocks), clocks, ...args);
  }

  private async fullState<State>(projection: Projection<State>): Promise<State> {
    await this.index.refresh();
    const events = this.index.all();
    let cached = this.full.get(projection.name);
    if (cached === undefined || cached.version !== projection.version || cached.through > events.length) {
      cached = { version: projection.version, through: 0, state: projection.initialState() };
      this.full.set(projection.name, cached);
    }
    for (; cached.through < events.length; cached.through++)
      cached.state = applyEvent(projection, cached.state as State, events[cached.through] as RecordedEvent);
    return cached.state as State;
  }
}
