/** The two clocks a question is asked at: business date `asOf` and record time `knownAt`. */
export type { Clocks } from './projection';
/** A projection: name, version, initial state, apply step, optional event types, bitemporal flag. */
export type { Projection } from './projection';
/** Any projection, whatever its state type. */
export type { AnyProjection } from './projection';
/** The state type of a projection. */
export type { StateOf } from './projection';
/** The two clock fields of an event. */
export type { ClockedEvent } from './projection';
/** True when an event occurred on or before `asOf` and was recorded at or before `knownAt`. */
export { passesClocks } from './projection';
/** Milliseconds of an ISO instant; throws on an unparsable one. */
export { instantOf } from './projection';
/** Applies an event when the projection's `eventTypes` want it. */
export { applyEvent } from './projection';
/** The state from a fresh replay of events in global order. */
export { replay } from './projection';
/** The state from a streamed replay of a source in global order (events or batches, e.g. readNdjsonEvents), with progress and cancel. */
export { replayFrom, type ReplayFromOptions, type ReplayFromResult } from './replay-from';
/** The state from a fresh replay of only the events passing both clocks: the reference answer. */
export { replayFiltered } from './projection';
/** Events sorted by global position. */
export { inGlobalOrder } from './projection';
/** The projections a host runs, by name; nothing global. */
export { ProjectionRegistry } from './registry';
/** An EventStore wrapper that applies projections to the events each append returns. */
export { InlineProjections, type InlineOptions } from './inline';
/** Runs one projection from its saved state and checkpoint, then live; stops at a failing event. */
export { CatchUpRunner, type CatchUpOptions, type RunnerStatus, type StartReason } from './catch-up';
/** Where a catch-up runner saves a projection's state together with its checkpoint. */
export { MemoryStateStore, type StateStore, type StoredState } from './state-store';
/** Replays a projection from position 1 with progress callbacks, cancellable by an AbortSignal. */
export { rebuild, type RebuildOptions, type RebuildProgress, type RebuildResult } from './rebuild';
/** The events of a source in memory with a cached index per `knownAt`. */
export { ClockIndex, type EventSource, type Query } from './temporal';
/** A projection's state at two clocks by a filtered replay. */
export { atClocks } from './temporal';
/** Answers queries at any clocks: live state for bitemporal projections, filtered replay otherwise. */
export { TemporalQueries, type TemporalQueriesOptions } from './temporal';
/** A projection threw on an event; carries the failure (position, event, error). */
export { ProjectionFailedError, type ProjectionFailure } from './errors';
/** A rebuild was cancelled; its name is `AbortError`. */
export { RebuildAbortedError, isAbortError } from './errors';
