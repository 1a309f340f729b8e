import type { Checkpoint, EventStore } from '@hoptac/core';
import { ProjectionFailedError, RebuildAbortedError } from './errors';
import { applyEvent, type Projection } from './projection';
import type { StateStore } from './state-store';

/** How far a rebuild is: the last position applied and the head it replays up to. */
export interface RebuildProgress {
  projection: string;
  position: number;
  head: number;
}

/** Options of a rebuild. */
export interface RebuildOptions<State> {
  /** called every `progressEvery` events and once at the end */
  onProgress?: (progress: RebuildProgress) => void;
  /** default 1000 */
  progressEvery?: number;
  /** cancels the rebuild: it throws RebuildAbortedError (name `AbortError`) and saves nothing */
  signal?: AbortSignal;
  /** when given, the finished state is saved with its checkpoint (and the checkpoint copied to `store.checkpoints`), so a CatchUpRunner over the same StateStore resumes from it */
  stateStore?: StateStore<State>;
}

/** What a rebuild produced: the state and the checkpoint it is exact at. */
export interface RebuildResult<State> {
  state: State;
  checkpoint: Checkpoint;
}

/**
 * Replays a projection from position 1 up to the head as it was when the rebuild began. Nothing is written
 * until the last event is applied, so a cancelled or failed rebuild leaves what was saved before untouched.
 */
export const rebuild = async <State>(
  store: EventStore,
  projection: Projection<State>,
  options: RebuildOptions<State> = {},
): Promise<RebuildResult<State>> => {
  const { onProgress, signal, stateStore } = options;
  const progressEvery = options.progressEvery ?? 1000;
  if (!Number.isInteger(progressEvery) || progressEvery < 1)
    throw new RangeError(`progressEvery must be a positive integer, got ${options.progressEvery}`);
  const abortAt = (position: number): void => {
    if (signal?.aborted) throw new RebuildAbortedError(projection.name, position, signal.reason);
  };
  abortAt(0);
  const head = await store.headPosition();
  let state = projection.initialState();
  let position = 0;
  if (head > 0)
    for await (const event of store.readAll({ from: 1, limit: head })) {
      abortAt(position);
      try {
        state = applyEvent(projection, state, event);
      } catch (error) {
        throw new ProjectionFailedError({
          projection: projection.name,
          position: event.globalPosition,
          eventId: event.eventId,
          eventType: event.type,
          error,
        });
      }
      position = event.globalPosition;
      if (position % progressEvery === 0 && position < head) {
        onProgress?.({ projection: projection.name, position, head });
        // a store read from memory never leaves the microtask queue; this lets a timer or a UI abort in time
        if (signal !== undefined) await new Promise((resolve) => setImmediate(resolve));
      }
    }
  abortAt(position);
  const checkpoint: Checkpoint = { position, projectionVersion: projection.version };
  onProgress?.({ projection: projection.name, position, head });
  if (stateStore !== undefined) {
    await stateStore.save(projection.name, { state, checkpoint });
    if (!stateStore.savesStoreCheckpoint) await store.checkpoints.save(projection.name, checkpoint);
  }
  return { state, checkpoint };
};
