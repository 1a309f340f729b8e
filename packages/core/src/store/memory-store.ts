import type { NewEvent, RecordedEvent } from '../events';
import { GENESIS_HASH } from '../integrity';
import { checkBatchVersions, classifyRepeat, toRecordedEvent, validateBatch } from './append-plan';
import type {
  AppendRequest,
  AppendResult,
  Checkpoint,
  CheckpointStore,
  EventStore,
  ExpectedVersion,
  ReadAllOptions,
  ReadStreamOptions,
  SubscribeOptions,
  Subscription,
} from './port';
import { matchesFilter } from './port';
import { followLive, WakeSignal } from './subscription';

/** An event store held in memory: for tests, demos and short-lived replays. Nothing survives the process. */
export class MemoryEventStore implements EventStore {
  private readonly all: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly streamOfEvent = new Map<string, string>();
  private readonly saved = new Map<string, Checkpoint>();
  private readonly wakes = new WakeSignal();
  private lastHash = GENESIS_HASH;
  private closed = false;

  readonly checkpoints: CheckpointStore = {
    load: async (name) => this.saved.get(name),
    save: async (name, checkpoint) => {
      this.saved.set(name, { ...checkpoint });
    },
  };

  async append(stream: string, events: readonly NewEvent[], options: { expectedVersion: ExpectedVersion }): Promise<AppendResult> {
    const [result] = await this.appendMany([{ stream, events, expectedVersion: options.expectedVersion }]);
    return result as AppendResult;
  }

  async appendMany(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    this.assertOpen();
    validateBatch(requests);
    if (classifyRepeat(requests, (id) => this.streamOfEvent.get(id))) return this.storedResults(requests);
    checkBatchVersions(requests, (stream) => this.versionOf(stream));
    // every check passed, so nothing below can fail half way: the batch lands whole
    const results = requests.map((request) => {
      const stream = this.streams.get(request.stream) ?? [];
      const stored = request.events.map((event) => {
        const recorded = toRecordedEvent(event, request.stream, stream.length + 1, this.all.length + 1, this.lastHash);
        this.lastHash = recorded.hash;
        stream.push(recorded);
        this.all.push(recorded);
        this.streamOfEvent.set(recorded.eventId, request.stream);
        return recorded;
      });
      this.streams.set(request.stream, stream);
      return { stream: request.stream, streamVersion: stream.length, events: stored };
    });
    this.wakes.wake();
    return results;
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const events = this.streams.get(stream) ?? [];
    return sliceOrdered(events, options.from, options.direction, options.limit, (event) => event.streamVersion);
  }

  async streamVersion(stream: string): Promise<number> {
    this.assertOpen();
    return this.versionOf(stream);
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    this.assertOpen();
    const backwards = options.direction === 'backwards';
    const limit = options.limit ?? Infinity;
    let emitted = 0;
    if (backwards) {
      for (let index = Math.min(options.from ?? this.all.length, this.all.length) - 1; index >= 0 && emitted < limit; index--) {
        const event = this.all[index] as RecordedEvent;
        if (matchesFilter(event, options.filter)) {
          emitted++;
          yield event;
        }
      }
      return;
    }
    for (let index = Math.max((options.from ?? 1) - 1, 0); index < this.all.length && emitted < limit; index++) {
      const event = this.all[index] as RecordedEvent;
      if (matchesFilter(event, options.filter)) {
        emitted++;
        yield event;
      }
    }
  }

  async headPosition(): Promise<number> {
    return this.all.length;
  }

  subscribe(options: SubscribeOptions, handler: (event: RecordedEvent) => void | Promise<void>): Subscription {
    // an append between a read and the wait must still wake the loop, or its events wait for the next append
    let lengthAtLastRead = 0;
    return followLive({
      from: options.from ?? 1,
      handler,
      readBatch: async (from) => {
        lengthAtLastRead = this.all.length;
        const batch: RecordedEvent[] = [];
        for (let index = from - 1; index < this.all.length && batch.length < 1000; index++) batch.push(this.all[index] as RecordedEvent);
        return batch;
      },
      filter: options.filter,
      waitForMore: (signal) => (this.all.length !== lengthAtLastRead ? Promise.resolve() : this.wakes.wait(signal)),
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    // a wake, not wakes.close(): reads here still answer after close, so a wait that ended at once would spin
    this.wakes.wake();
  }

  private versionOf(stream: string): number {
    return this.streams.get(stream)?.length ?? 0;
  }

  private storedResults(requests: readonly AppendRequest[]): AppendResult[] {
    return requests.map((request) => {
      const stream = this.streams.get(request.stream) ?? [];
      const ids = new Set(request.events.map((event) => event.eventId));
      const events = stream.filter((event) => ids.has(event.eventId));
      return { stream: request.stream, streamVersion: events.at(-1)?.streamVersion ?? stream.length, events };
    });
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('this event store is closed');
  }
}

/** Events of one ordered list from `from` (inclusive) in the given direction, at most `limit`. */
export const sliceOrdered = <T>(
  ordered: readonly T[],
  from: number | undefined,
  direction: 'forwards' | 'backwards' | undefined,
  limit: number | undefined,
  positionOf: (item: T) => number,
): T[] => {
  const max = limit ?? Infinity;
  if (direction === 'backwards') {
    const start = from ?? Infinity;
    return ordered
      .filter((item) => positionOf(item) <= start)
      .reverse()
      .slice(0, max);
  }
  const start = from ?? 1;
  return ordered.filter((item) => positionOf(item) >= start).slice(0, max);
};
