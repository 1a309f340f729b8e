import type { RecordedEvent } from '@hoptac/core';
import { ProjectionFailedError, RebuildAbortedError } from './errors';
import type { Projection } from './projection';

/** Options of a streaming replay. */
export interface ReplayFromOptions {
  /** called after each batch (or single event) of the source with the number of events applied so far */
  onProgress?: (events: number) => void;
  /** cancels the replay between batches: it throws RebuildAbortedError (name `AbortError`) */
  signal?: AbortSignal;
}

/** What a streaming replay produced: the state, how many events went in, and the last global position. */
export interface ReplayFromResult<State> {
  state: State;
  events: number;
  position: number;
}

/**
 * The state from a fresh replay of a source already in global order, streamed: events one by one (a store's
 * `readAll()`) or in batches (`readNdjsonEvents`), sync or async. Nothing is sorted or kept, so a history larger
 * than memory replays in the memory of its state. An event the projection throws on stops the replay with
 * ProjectionFailedError naming it.
 */
export const replayFrom = async <State>(
  projection: Projection<State>,
  source: AsyncIterable<RecordedEvent | readonly RecordedEvent[]> | Iterable<RecordedEvent | readonly RecordedEvent[]>,
  options: ReplayFromOptions = {},
): Promise<ReplayFromResult<State>> => {
  const { onProgress, signal } = options;
  const wanted = projection.eventTypes === undefined ? undefined : new Set(projection.eventTypes);
  let state = projection.initialState();
  let events = 0;
  let position = 0;
  // one step per event, without a closure: the loop below is the hot path of every replay
  const applyAll = (batch: readonly RecordedEvent[]): void => {
    let index = 0;
    try {
      for (; index < batch.length; index++) {
        const event = batch[index] as RecordedEvent;
        if (wanted === undefined || wanted.has(event.type)) state = projection.apply(state, event);
      }
    } catch (error) {
      const event = batch[index] as RecordedEvent;
      throw new ProjectionFailedError({ projection: projection.name, position: event.globalPosition, eventId: event.eventId, eventType: event.type, error });
    }
    if (batch.length > 0) position = (batch[batch.length - 1] as RecordedEvent).globalPosition;
    events += batch.length;
  };
  const single: RecordedEvent[] = [];
  for await (const item of source) {
    if (signal?.aborted) throw new RebuildAbortedError(projection.name, position, signal.reason);
    if (Array.isArray(item)) applyAll(item as readonly RecordedEvent[]);
    else {
      single[0] = item as RecordedEvent;
      applyAll(single);
    }
    onProgress?.(events);
  }
  if (signal?.aborted) throw new RebuildAbortedError(projection.name, position, signal.reason);
  return { state, events, position };
};
