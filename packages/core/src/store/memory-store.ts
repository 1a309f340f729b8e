import type { NewEvent, RecordedEvent } from '../events';
import { ConcurrencyError, IdempotencyError } from '../errors';
import { GENESIS_HASH } from '../integrity';
import { checkBatchVersions, classifyRepeat, toRecordedEvent, validateBatch } from './append-plan';
import type {
  AppendRequest,
  AppendResult,
  BulkImport,
  BulkWriteResult,
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
  /** settles when the open bulk import ends; appends and other imports wait for it */
  private importing: Promise<void> | undefined;

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
    while (this.importing !== undefined) await this.importing;
    this.assertOpen();
    validateBatch(requests);
    if (classifyRepeat(requests, (id) => this.streamOfEvent.get(id))) return this.storedResults(requests);
    checkBatchVersions(requests, (stream) => this.versionOf(stream));
    // every check passed, so nothing below can fail half way: the batch lands whole
    const results = requests.map((request) => {
      const stored = request.events.map((event) => {
        const recorded = toRecordedEvent(event, request.stream, this.versionOf(request.stream) + 1, this.all.length + 1, this.lastHash);
        this.lastHash = recorded.hash;
        this.keep(recorded);
        return recorded;
      });
      return { stream: request.stream, streamVersion: this.versionOf(request.stream), events: stored };
    });
    this.wakes.wake();
    return results;
  }

  /** Opens a bulk import: written events stay out of sight until commit; appends wait for it to end. */
  async beginBulkImport(): Promise<BulkImport> {
    this.assertOpen();
    while (this.importing !== undefined) await this.importing;
    let end = (): void => undefined;
    this.importing = new Promise<void>((resolve) => (end = resolve));
    const staged: RecordedEvent[] = [];
    const stagedVersions = new Map<string, number>();
    const stagedIds = new Map<string, string>();
    let position = this.all.length;
    let hash = this.lastHash;
    let sourceHash = GENESIS_HASH;
    let open = true;
    const finish = (): void => {
      open = false;
      this.importing = undefined;
      end();
    };
    const writeOne = (event: RecordedEvent, hashesChecked: boolean, counts: BulkWriteResult): void => {
      const stream = event.stream;
      const committed = this.versionOf(stream);
      const current = stagedVersions.get(stream) ?? committed;
      const previousSourceHash = sourceHash;
      sourceHash = event.hash;
      if (event.streamVersion <= committed) {
        const stored = (this.streams.get(stream) as RecordedEvent[])[event.streamVersion - 1] as RecordedEvent;
        if (stored.eventId !== event.eventId) throw new ConcurrencyError(stream, event.streamVersion - 1, current);
        counts.alreadyPresent++;
        return;
      }
      if (event.streamVersion !== current + 1) throw new ConcurrencyError(stream, event.streamVersion - 1, current);
      const owner = this.streamOfEvent.get(event.eventId) ?? stagedIds.get(event.eventId);
      if (owner !== undefined) throw new IdempotencyError(event.eventId, `already stored in stream ${owner}`);
      position++;
      const recorded =
        hashesChecked && event.globalPosition === position && previousSourceHash === hash
          ? copyRecorded(event, position, event.hash)
          : toRecordedEvent(event, stream, event.streamVersion, position, hash);
      hash = recorded.hash;
      staged.push(recorded);
      stagedVersions.set(stream, event.streamVersion);
      stagedIds.set(event.eventId, stream);
      counts.written++;
    };
    return {
      write: async (events, hashesChecked) => {
        if (!open) throw new Error('this bulk import has ended');
        const counts = { written: 0, alreadyPresent: 0 };
        try {
          this.assertOpen();
          for (const event of events) writeOne(event, hashesChecked, counts);
        } catch (error) {
          finish();
          throw error;
        }
        return counts;
      },
      commit: async () => {
        if (!open) throw new Error('this bulk import has ended');
        try {
          this.assertOpen();
          for (const recorded of staged) this.keep(recorded);
          this.lastHash = hash;
        } finally {
          finish();
        }
        if (staged.length > 0) this.wakes.wake();
      },
      rollback: async () => {
        if (open) finish();
      },
    };
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

  private keep(recorded: RecordedEvent): void {
    let stream = this.streams.get(recorded.stream);
    if (stream === undefined) {
      stream = [];
      this.streams.set(recorded.stream, stream);
    }
    stream.push(recorded);
    this.all.push(recorded);
    this.streamOfEvent.set(recorded.eventId, recorded.stream);
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

// a checked event at its new position, keeping the hash the importer verified
const copyRecorded = (event: RecordedEvent, globalPosition: number, hash: string): RecordedEvent =>
  ({
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    stream: event.stream,
    streamVersion: event.streamVersion,
    globalPosition,
    occurredOn: event.occurredOn,
    recordedAt: event.recordedAt,
    data: event.data,
    metadata: event.metadata,
    hash,
  }) as RecordedEvent;

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
