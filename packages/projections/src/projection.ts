import type { RecordedEvent } from '@hoptac/core';

// #region contract
/** The two clocks a question is asked at: a business date (`asOf`) and a record time (`knownAt`). */
export interface Clocks {
  /** business date, `YYYY-MM-DD`: events that occurred on or before it */
  asOf: string;
  /** record time, an ISO instant: events recorded at or before it */
  knownAt: string;
}

/** A projection: a named, versioned fold of the global order into a state that queries read. */
export interface Projection<State> {
  name: string;
  /** a changed version forces a rebuild, never silent reuse */
  version: number;
  initialState: () => State;
  /** may mutate and return the same object */
  apply: (state: State, event: RecordedEvent) => State;
  /** only these event types reach `apply`; all of them when absent */
  eventTypes?: readonly string[];
  /** true when apply keeps every fact with both clocks, so queries answer any Clocks from the full state */
  bitemporal: boolean;
}
// #endregion contract

/** Any projection, whatever its state: what registries and runners over many projections hold. */
export type AnyProjection = Projection<any>;

/** The state type of a projection. */
export type StateOf<P> = P extends Projection<infer State> ? State : never;

/** The two clock fields of an event. */
export type ClockedEvent = Pick<RecordedEvent, 'occurredOn' | 'recordedAt'>;

/**
 * True when an event is visible at `clocks`: it occurred on or before `asOf` and was recorded at or before
 * `knownAt`. Dates compare as `YYYY-MM-DD` strings; instants by `Date.parse`, so zones do not matter.
 */
export const passesClocks = (event: ClockedEvent, clocks: Clocks): boolean =>
  event.occurredOn <= clocks.asOf && Date.parse(event.recordedAt) <= instantOf(clocks.knownAt);

/** Milliseconds of an ISO instant; throws on anything that does not parse, so a typo never means "all events". */
export const instantOf = (instant: string): number => {
  const milliseconds = Date.parse(instant);
  if (Number.isNaN(milliseconds)) throw new RangeError(`knownAt: expected an ISO 8601 instant, got ${JSON.stringify(instant)}`);
  return milliseconds;
};

/** True when the projection wants this event (its `eventTypes` filter). */
export const wants = (projection: AnyProjection, event: RecordedEvent): boolean =>
  projection.eventTypes === undefined || projection.eventTypes.includes(event.type);

/** One step: applies the event when the projection wants it, otherwise returns the state unchanged. */
export const applyEvent = <State>(projection: Projection<State>, state: State, event: RecordedEvent): State =>
  wants(projection, event) ? projection.apply(state, event) : state;

/** The state after a fresh replay of `events`, taken in global order whatever order they are given in. */
export const replay = <State>(projection: Projection<State>, events: Iterable<RecordedEvent>): State => {
  let state = projection.initialState();
  for (const event of inGlobalOrder(events)) state = applyEvent(projection, state, event);
  return state;
};

/** The state from a fresh replay of only the events that pass both clocks, in global order: the reference answer. */
export const replayFiltered = <State>(
  projection: Projection<State>,
  events: Iterable<RecordedEvent>,
  clocks: Clocks,
): State => {
  instantOf(clocks.knownAt);
  return replay(
    projection,
    [...events].filter((event) => passesClocks(event, clocks)),
  );
};

/** The events sorted by global position (a copy; already-sorted input is only checked). */
export const inGlobalOrder = (events: Iterable<RecordedEvent>): RecordedEvent[] => {
  const list = [...events];
  for (let index = 1; index < list.length; index++)
    if ((list[index] as RecordedEvent).globalPosition < (list[index - 1] as RecordedEvent).globalPosition)
      return list.sort((a, b) => a.globalPosition - b.globalPosition);
  return list;
};
