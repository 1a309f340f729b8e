import {
  ConcurrencyError,
  followLive,
  matchesFilter,
  validateBatch,
  WakeSignal,
  type AppendRequest,
  type AppendResult,
  type CheckpointStore,
  type EventFilter,
  type EventStore,
  type ExpectedVersion,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '@hoptac/core';
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  eventTypeFilter,
  isCommandError,
  jsonEvent,
  streamNameFilter,
  type AppendExpectedRevision,
  type Filter,
  type ResolvedEvent,
  type StreamSubscription,
} from '@eventstore/db-client';
import { LogIndex } from './log-index';
import { fromBatchEvent, fromEsdbEvent, positionFromString, positionToString, toEsdbEvent, toBatchEvent, toServerFilter } from './mapping';

/** How to reach EventStoreDB and which streams the store keeps for itself. */
export interface EventStoreDbOptions {
  /** e.g. `esdb://localhost:2113?tls=false`; ignored when `client` is given */
  connectionString?: string;
  /** an existing client; the store then leaves it open on close */
  client?: EventStoreDBClient;
  /** the stream every batch is committed to, in global order; default `hoptac-log` */
  logStream?: string;
  /** prefix of the one stream per projection checkpoint; default `hoptac-checkpoint-` */
  checkpointPrefix?: string;
  /** also write each event to its own stream (derived copies for EventStoreDB tools and `$all` readers); default true */
  fanOut?: boolean;
  /** how often a waiting subscription looks at the log when no live event woke it; default 1000 ms */
  pollIntervalMs?: number;
  /** how many times an append retries after another writer committed to the log first; default 50 */
  maxRetries?: number;
  /** called when writing derived copies fails after the batch was committed (the batch stays committed) */
  onFanOutError?: (error: Error, stream: string) => void;
}

const LOG_PAGE = 100;

const isCommandErrorOf = (error: unknown, type: string): boolean =>
  error instanceof Error && isCommandError(error) && (error as { type: string }).type === type;

/**
 * The event store on EventStoreDB / KurrentDB. EventStoreDB has no gap-free global sequence and no multi-stream
 * transaction, so every batch (one stream or many) is committed as ONE event to the log stream, appended with the
 * log's expected revision: that single append is the commit point, the serialisation point and the source of our
 * gap-free positions and hash chain. Each event is then also written to its own stream, idempotently and in
 * order; those copies are derived and can always be rebuilt from the log (`repairFanOut`).
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly index: LogIndex;
  private readonly logStream: string;
  private readonly checkpointPrefix: string;
  private readonly fanOutEnabled: boolean;
  private readonly maxRetries: number;
  private readonly onFanOutError: (error: Error, stream: string) => void;
  private readonly subscriptions = new Set<Subscription>();
  private readonly wakes: WakeSignal;
  private watcher: StreamSubscription | undefined;
  private catchingUp: Promise<void> | undefined;
  private appending: Promise<unknown> = Promise.resolve();
  private closed = false;

  readonly checkpoints: CheckpointStore = {
    load: async (name) => {
      this.assertOpen();
      const [last] = await this.readEsdbStream(this.checkpointPrefix + name, { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
      const data = last?.event?.data as { position?: unknown; projectionVersion?: unknown } | undefined;
      if (data === undefined) return undefined;
      return { position: Number(data.position), projectionVersion: Number(data.projectionVersion) };
    },
    save: async (name, checkpoint) => {
      this.assertOpen();
      await this.client.appendToStream(
        this.checkpointPrefix + name,
        jsonEvent({ type: 'HoptacCheckpointSaved', data: { position: checkpoint.position, projectionVersion: checkpoint.projectionVersion } }),
      );
    },
  };

  private constructor(
    private readonly client: EventStoreDBClient,
    private readonly ownsClient: boolean,
    options: EventStoreDbOptions,
  ) {
    this.logStream = options.logStream ?? 'hoptac-log';
    this.checkpointPrefix = options.checkpointPrefix ?? 'hoptac-checkpoint-';
    this.fanOutEnabled = options.fanOut ?? true;
    this.wakes = new WakeSignal(options.pollIntervalMs ?? 1000);
    this.maxRetries = options.maxRetries ?? 50;
    this.onFanOutError = options.onFanOutError ?? (() => undefined);
    this.index = new LogIndex((stream) => stream === this.logStream || stream.startsWith(this.checkpointPrefix));
  }

  /** Connects and reads the log once, so the store knows every stream's version and every event id. */
  static async open(options: EventStoreDbOptions = {}): Promise<EventStoreDbEventStore> {
    if (options.client === undefined && options.connectionString === undefined)
      throw new Error('EventStoreDbEventStore.open needs a connectionString (e.g. esdb://localhost:2113?tls=false) or a client');
    const client = options.client ?? EventStoreDBClient.connectionString(options.connectionString as string);
    const store = new EventStoreDbEventStore(client, options.client === undefined, options);
    try {
      await store.catchUp();
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  async append(stream: string, events: readonly NewEvent[], options: { expectedVersion: ExpectedVersion }): Promise<AppendResult> {
    const [result] = await this.appendMany([{ stream, events, expectedVersion: options.expectedVersion }]);
    return result as AppendResult;
  }

  async appendMany(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    this.assertOpen();
    validateBatch(requests);
    // one append at a time per instance; other instances are held off by the log's expected revision
    const run = this.appending.then(() => this.commit(requests));
    this.appending = run.catch(() => undefined);
    return run;
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    await this.catchUp();
    const positions = this.index.positionsOf(stream);
    const backwards = options.direction === 'backwards';
    const limit = options.limit ?? Infinity;
    const chosen = backwards
      ? positions.slice(0, Math.max(0, Math.min(options.from ?? Infinity, positions.length))).reverse()
      : positions.slice(Math.max(0, (options.from ?? 1) - 1));
    return this.readPositions(chosen.slice(0, Number.isFinite(limit) ? limit : undefined));
  }

  async streamVersion(stream: string): Promise<number> {
    this.assertOpen();
    await this.catchUp();
    return this.index.streamVersion(stream);
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    this.assertOpen();
    await this.catchUp();
    const head = this.index.lastPosition;
    const backwards = options.direction === 'backwards';
    let remaining = options.limit ?? Infinity;
    let cursor = backwards ? Math.min(options.from ?? head, head) : Math.max(options.from ?? 1, 1);
    while (remaining > 0 && (backwards ? cursor >= 1 : cursor <= head)) {
      const entries = await this.readLog(this.index.revisionOf(cursor), backwards);
      if (entries.length === 0) return;
      for (const events of entries)
        for (const event of backwards ? [...events].reverse() : events) {
          if (backwards ? event.globalPosition > cursor : event.globalPosition < cursor || event.globalPosition > head) continue;
          cursor = event.globalPosition + (backwards ? -1 : 1);
          if (!matchesFilter(event, options.filter)) continue;
          yield event;
          if (--remaining <= 0) return;
        }
    }
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    await this.catchUp();
    return this.index.lastPosition;
  }

  /** Catch-up then live over the log, in exact global order; woken by a live subscription to the log, with a poll fallback. */
  subscribe(options: SubscribeOptions, handler: (event: RecordedEvent) => void | Promise<void>): Subscription {
    this.assertOpen();
    this.watchLog();
    let seen = this.wakes.generation;
    const subscription = followLive({
      from: options.from ?? 1,
      filter: options.filter,
      handler,
      readBatch: async (from) => {
        seen = this.wakes.generation;
        if (this.closed) return [];
        await this.catchUp();
        if (from > this.index.lastPosition) return [];
        const entries = await this.readLog(this.index.revisionOf(Math.max(from, 1)), false);
        return entries.flat().filter((event) => event.globalPosition >= from);
      },
      waitForMore: (signal) => {
        this.watchLog();
        return this.wakes.wait(signal, seen);
      },
    });
    this.subscriptions.add(subscription);
    const forget = () => this.subscriptions.delete(subscription);
    subscription.done.then(forget, forget);
    return subscription;
  }

  /**
   * Follows the derived per-stream copies through `$all`, filtered on the server (stream prefix, else event types,
   * else no system events), from an `$all` position given as "commit/prepare" text (exclusive). Each stream's
   * events come in stream order, but two streams' copies may interleave differently from the global order: use
   * `subscribe` when the global order matters. The handler gets each event and its `$all` position as text.
   */
  subscribeDerived(
    options: { fromPosition?: string; filter?: EventFilter },
    handler: (event: RecordedEvent, position: string) => void | Promise<void>,
  ): Subscription {
    this.assertOpen();
    const { server, client } = toServerFilter(options.filter);
    const filter: Filter =
      server.on === 'streamName' ? streamNameFilter({ prefixes: server.prefixes }) : eventTypeFilter({ regex: server.regex });
    const source = this.client.subscribeToAll({
      fromPosition: options.fromPosition === undefined ? 'start' : positionFromString(options.fromPosition),
      filter,
    });
    let stopping = false;
    const done = (async () => {
      for await (const resolved of source) {
        const recorded = resolved.event;
        if (stopping) return;
        if (recorded === undefined || recorded.streamId === this.logStream || recorded.streamId.startsWith(this.checkpointPrefix)) continue;
        const metadata = recorded.metadata as Record<string, unknown> | undefined;
        if (metadata === undefined || typeof metadata.eventId !== 'string' || typeof metadata.globalPosition !== 'number') continue;
        const event = fromEsdbEvent(recorded.streamId, recorded.type, recorded.data, metadata);
        if (matchesFilter(event, client)) await handler(event, positionToString(recorded.position));
      }
    })();
    const ended = done.finally(() => source.unsubscribe().catch(() => undefined));
    ended.catch(() => undefined);
    const subscription: Subscription = {
      done: ended,
      stop: async () => {
        stopping = true;
        await source.unsubscribe().catch(() => undefined);
        await ended.catch(() => undefined);
      },
    };
    this.subscriptions.add(subscription);
    const forget = () => this.subscriptions.delete(subscription);
    ended.then(forget, forget);
    return subscription;
  }

  /** Writes any derived per-stream copies still missing (after a crash between commit and fan-out). */
  async repairFanOut(): Promise<void> {
    this.assertOpen();
    await this.catchUp();
    for (const stream of this.index.streamNames()) await this.fanOutStream(stream, this.index.streamVersion(stream));
  }

  /** Ends every subscription and the log watcher, then disposes the client when the store created it. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wakes.close();
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.watcher?.unsubscribe().catch(() => undefined);
    this.watcher = undefined;
    await this.appending;
    if (this.ownsClient) await this.client.dispose();
  }

  private async commit(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    for (let attempt = 0; attempt <= this.maxRetries; attempt++) {
      await this.catchUp();
      const plan = this.index.plan(requests);
      if (plan.repeat) return Promise.all(plan.stored.map(async ({ stream, positions }) => this.storedResult(stream, positions)));
      const entry = toBatchEvent(plan.events);
      const expectedRevision: AppendExpectedRevision = this.index.lastRevision ?? NO_STREAM;
      try {
        const written = await this.client.appendToStream(this.logStream, jsonEvent(entry), { expectedRevision });
        this.index.apply(written.nextExpectedRevision, plan.events);
      } catch (error) {
        // another writer committed first: read its batch, then check our expected versions again
        if (isCommandErrorOf(error, 'wrong-expected-version')) continue;
        if (isCommandErrorOf(error, 'maximum-append-size-exceeded'))
          throw new Error(
            `a batch of ${plan.events.length} events is larger than the server's maximum append size; append it in smaller chunks (e.g. import with a smaller chunkSize)`,
            { cause: error },
          );
        throw error;
      }
      this.wakes.wake();
      if (this.fanOutEnabled) for (const result of plan.results) await this.fanOutSafely(result.stream, result.streamVersion);
      return plan.results;
    }
    const stream = requests[0]?.stream ?? this.logStream;
    throw new ConcurrencyError(stream, requests[0]?.expectedVersion ?? 'any', this.index.streamVersion(stream));
  }

  private async storedResult(stream: string, positions: readonly number[]): Promise<AppendResult> {
    const events = await this.readPositions(positions);
    return { stream, streamVersion: events.at(-1)?.streamVersion ?? this.index.streamVersion(stream), events };
  }

  /** Reads the log entries after the last one known, in pages; concurrent callers share one catch-up. */
  private catchUp(): Promise<void> {
    this.catchingUp ??= (async () => {
      try {
        for (;;) {
          const from = this.index.lastRevision === undefined ? 0n : this.index.lastRevision + 1n;
          const page = await this.readEsdbStream(this.logStream, { direction: FORWARDS, fromRevision: from, maxCount: LOG_PAGE });
          for (const resolved of page) {
            const event = resolved.event;
            if (event === undefined) continue;
            this.index.apply(event.revision, fromBatchEvent(event.type, event.data, event.revision));
          }
          if (page.length < LOG_PAGE) return;
        }
      } finally {
        this.catchingUp = undefined;
      }
    })();
    return this.catchingUp;
  }

  /** Log entries from `revision` (inclusive) on, forwards or backwards, one page, each as its events. */
  private async readLog(revision: bigint, backwards: boolean): Promise<RecordedEvent[][]> {
    const page = await this.readEsdbStream(this.logStream, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision: revision,
      maxCount: LOG_PAGE,
    });
    return page.flatMap((resolved) => (resolved.event === undefined ? [] : [fromBatchEvent(resolved.event.type, resolved.event.data, resolved.event.revision)]));
  }

  /** The events at these global positions, in the order asked, reading each log entry once. */
  private async readPositions(positions: readonly number[]): Promise<RecordedEvent[]> {
    const wanted = new Set(positions);
    const found = new Map<number, RecordedEvent>();
    const revisions = [...new Set(positions.map((position) => this.index.revisionOf(position)))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    let index = 0;
    while (index < revisions.length) {
      // read a run of nearby entries in one call
      const start = revisions[index] as bigint;
      let end = start;
      while (index + 1 < revisions.length && (revisions[index + 1] as bigint) - end <= 8n && (revisions[index + 1] as bigint) - start < BigInt(LOG_PAGE))
        end = revisions[++index] as bigint;
      index++;
      const page = await this.readEsdbStream(this.logStream, { direction: FORWARDS, fromRevision: start, maxCount: Number(end - start) + 1 });
      for (const resolved of page) {
        if (resolved.event === undefined) continue;
        for (const event of fromBatchEvent(resolved.event.type, resolved.event.data, resolved.event.revision))
          if (wanted.has(event.globalPosition)) found.set(event.globalPosition, event);
      }
    }
    return positions.map((position) => {
      const event = found.get(position);
      if (event === undefined) throw new Error(`the log has no event at position ${position}: was the log stream truncated?`);
      return event;
    });
  }

  /** Reads an EventStoreDB stream to an array; a stream that does not exist reads as empty. */
  private async readEsdbStream(
    stream: string,
    options: { direction: typeof FORWARDS | typeof BACKWARDS; fromRevision: bigint | typeof END; maxCount: number },
  ): Promise<ResolvedEvent[]> {
    const events: ResolvedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(stream, options)) events.push(resolved);
    } catch (error) {
      if (isCommandErrorOf(error, 'stream-not-found')) return [];
      throw error;
    }
    return events;
  }

  private async fanOutSafely(stream: string, upTo: number): Promise<void> {
    try {
      await this.fanOutStream(stream, upTo);
    } catch (error) {
      this.onFanOutError(error as Error, stream);
    }
  }

  /** Brings a derived stream up to version `upTo`, writing the missing events from the log with their expected revision. */
  private async fanOutStream(stream: string, upTo: number): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const [last] = await this.readEsdbStream(stream, { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
      const have = last?.event === undefined ? 0 : Number(last.event.revision) + 1;
      if (have >= upTo) return;
      const events = await this.readPositions(this.index.positionsOf(stream).slice(have, upTo));
      try {
        await this.client.appendToStream(
          stream,
          events.map((event) => jsonEvent(toEsdbEvent(event))),
          { expectedRevision: have === 0 ? NO_STREAM : BigInt(have - 1) },
        );
        return;
      } catch (error) {
        // another instance wrote some of the copies meanwhile: look again
        if (!isCommandErrorOf(error, 'wrong-expected-version') || attempt === 2) throw error;
      }
    }
  }

  /** Starts one live subscription to the log (from its end) that wakes waiting subscriptions. */
  private watchLog(): void {
    if (this.watcher !== undefined || this.closed) return;
    const watcher = this.client.subscribeToStream(this.logStream, { fromRevision: END });
    this.watcher = watcher;
    watcher.on('data', () => this.wakes.wake());
    const drop = () => {
      if (this.watcher === watcher) this.watcher = undefined;
    };
    watcher.on('error', drop);
    watcher.on('end', drop);
    watcher.on('close', drop);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('this event store is closed');
  }
}
