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

/**
 * What a store's live subscriptions wait on: `wake()` when new events may be there (an append here, a notification
 * from another writer), `wait(signal)` until the next wake, the abort, or the poll interval, whichever comes first.
 * `generation` counts the wakes: a loop notes it before a read and passes it to `wait`, so a wake that came between
 * the read and the wait is not missed.
 */
export class WakeSignal {
  private readonly waiters = new Set<() => void>();
  private wakes = 0;
  private closed = false;

  /** `pollMs`: how long a wait lasts without a wake, for writers that cannot wake us; without it, until woken. */
  constructor(private readonly pollMs?: number) {}

  /** How many wakes so far. */
  get generation(): number {
    return this.wakes;
  }

  /** Ends every wait now. */
  wake(): void {
    this.wakes++;
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Ends every wait now and every later wait at once: the store is closing. */
  close(): void {
    this.closed = true;
    this.wake();
  }

  /** Resolves at the next wake, on abort or after `pollMs`; at once when closed, aborted, or woken since `since`. */
  wait(signal: AbortSignal, since: number = this.wakes): Promise<void> {
    if (since !== this.wakes) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(finish);
        signal.removeEventListener('abort', finish);
        resolve();
      };
      const timer = this.pollMs === undefined ? undefined : setTimeout(finish, this.pollMs);
      this.waiters.add(finish);
      signal.addEventListener('abort', finish, { once: true });
      if (this.closed || signal.aborted) finish();
    });
  }
}
