import type { RecordedEvent } from '../events';
import type { EventFilter, Subscription } from './port';
import { matchesFilter } from './port';

/** What a store gives the shared catch-up loop: a batch reader and a way to wait for new events. */
export interface LiveSource {
  from: number;
  filter: EventFilter | undefined;
  handler: (event: RecordedEvent) => void | Promise<void>;
  /** events at global positions ≥ `from`, in order, unfiltered; empty when caught up */
  readBatch: (from: number) => Promise<RecordedEvent[]>;
  /** resolves when new events may be there (or on abort) */
  waitForMore: (signal: AbortSignal) => Promise<void>;
}

/**
 * The catch-up subscription loop every store shares: read batches from a position, hand each matching event to
 * the handler in order (awaiting it), then wait for more. A handler error ends the subscription with that error.
 */
export const followLive = (source: LiveSource): Subscription => {
  const controller = new AbortController();
  const run = async (): Promise<void> => {
    let next = source.from;
    while (!controller.signal.aborted) {
      const batch = await source.readBatch(next);
      if (batch.length === 0) {
        // stop() may have come while the batch was read: an abort listener added now would never fire
        if (controller.signal.aborted) return;
        await source.waitForMore(controller.signal);
        continue;
      }
      for (const event of batch) {
        if (controller.signal.aborted) return;
        if (matchesFilter(event, source.filter)) await source.handler(event);
        next = event.globalPosition + 1;
      }
    }
  };
  const done = run();
  done.catch(() => undefined);
  return {
    done,
    stop: async () => {
      controller.abort();
      await done.catch(() => undefined);
    },
  };
};
