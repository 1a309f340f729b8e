import { resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database, Statement, Transaction } from 'better-sqlite3';
import {
  ConcurrencyError,
  GENESIS_HASH,
  IdempotencyError,
  InvalidEventError,
  importedEventHash,
  checkBatchVersions,
  classifyRepeat,
  currentSchemaVersion,
  defaultUpcasters,
  followLive,
  parseRecordedEvent,
  parseStreamName,
  toRecordedEvent,
  validateBatch,
} from '@hoptac/core';
import type {
  AppendRequest,
  AppendResult,
  BulkImport,
  BulkWriteResult,
  Checkpoint,
  CheckpointStore,
  EventFilter,
  EventStore,
  ExpectedVersion,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
  UpcasterRegistry,
} from '@hoptac/core';
import { configureConnection, migrate, type Durability } from './schema';

/** Options of a SQLite event store. */
export interface SqliteStoreOptions {
  /** `normal` (default): WAL with synchronous=NORMAL, survives a killed process; `full`: an fsync per commit, survives a power cut */
  durability?: Durability;
  /** how long a writer waits for another process's write lock before failing with SQLITE_BUSY; default 5,000 ms */
  busyTimeoutMs?: number;
  /**
   * how many pages (4 KiB each) the write-ahead log collects before a commit copies them into the file, with an
   * fsync (SQLite's wal_autocheckpoint); default 4,000 (16 MiB): a quarter of SQLite's checkpoints, so single
   * appends run about a third faster; 0 turns automatic checkpoints off
   */
  checkpointPages?: number;
  /** how often an idle subscription looks for events appended by other processes; default 100 ms */
  pollIntervalMs?: number;
  /**
   * true (default): every event read is checked by `parseRecordedEvent`; false: rows are trusted (they were checked
   * when appended) and only events stored under an older schema version go through the upcasters and the checks
   */
  validateOnRead?: boolean;
  /** upcasters for events stored under older schema versions; default the core registry */
  upcasters?: UpcasterRegistry;
}

/** Options of `SqliteEventStore.appendMany` beyond the port. */
export interface SqliteAppendOptions {
  /**
   * true when every event was already checked (an NDJSON import parses each line with `parseRecordedEvent`): the
   * store skips the schema checks but still refuses an empty batch or an event id twice in it
   */
  validated?: boolean;
}

/** A checkpoint with the projection state saved in the same transaction (JSON text), if any. */
export interface CheckpointWithState {
  checkpoint: Checkpoint;
  stateJson: string | undefined;
}

interface EventRow {
  global_position: number;
  event_id: string;
  stream: string;
  stream_version: number;
  type: string;
  schema_version: number;
  occurred_on: string;
  recorded_at: string;
  data: string;
  metadata: string;
  hash: string;
}

interface CheckpointRow {
  position: number;
  projection_version: number;
  state: string | null;
}

const PAGE_SIZE = 1000;
const COLUMNS =
  'global_position, event_id, stream, stream_version, type, schema_version, occurred_on, recorded_at, data, metadata, hash';

// Wakes subscriptions of every store open on the same file in this process; other processes are found by polling.
const wakersByFile = new Map<string, Set<() => void>>();

const isUniqueViolation = (error: unknown): boolean =>
  error instanceof BetterSqlite3.SqliteError && error.code === 'SQLITE_CONSTRAINT_UNIQUE';

// validateBatch without the per-event schema checks, for events checked before
const checkBatchShape = (requests: readonly AppendRequest[]): void => {
  if (requests.length === 0) throw new InvalidEventError({}, 'requests', 'an append needs at least one stream');
  const seen = new Set<string>();
  for (const request of requests) {
    parseStreamName(request.stream);
    if (request.events.length === 0) throw new InvalidEventError({ stream: request.stream }, 'events', 'an append needs at least one event');
    for (const { eventId } of request.events) {
      if (seen.has(eventId)) throw new IdempotencyError(eventId, 'the same event id twice in one batch');
      seen.add(eventId);
    }
  }
};

const filterClause = (filter: EventFilter | undefined): { sql: string; params: unknown[] } => {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (filter?.streamPrefix !== undefined) {
    parts.push('instr(stream, ?) = 1');
    params.push(filter.streamPrefix);
  }
  if (filter?.types !== undefined) {
    parts.push('type IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(filter.types));
  }
  if (filter?.tenant !== undefined) {
    parts.push('tenant = ?');
    params.push(filter.tenant);
  }
  return { sql: parts.map((part) => ` AND ${part}`).join(''), params };
};

/**
 * The embedded durable event store: one SQLite file in WAL mode. Appends run in `BEGIN IMMEDIATE` transactions,
 * so SQLite's write lock serialises them across connections and processes; the global position is the table's
 * integer primary key, assigned inside that transaction, so the order has no gaps.
 */
export class SqliteEventStore implements EventStore {
  /** The better-sqlite3 connection: for read models kept in the same file. Never write to `events` directly. */
  readonly database: Database;
  private readonly wakeKey: string;
  private readonly pollIntervalMs: number;
  private readonly validateOnRead: boolean;
  private readonly upcasters: UpcasterRegistry;
  private readonly subscriptions = new Set<Subscription>();
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly pageStatements = new Map<string, Statement>();
  private readonly writeBatch: Transaction<(requests: readonly AppendRequest[]) => AppendResult[]>;
  private closed = false;
  /**
   * settles when the open bulk import ends: its transaction is open on this connection, so every other call of this
   * store waits for it (it would see, or join, uncommitted rows)
   */
  private importing: Promise<void> | undefined;
  private abortImport: (() => void) | undefined;

  private constructor(database: Database, wakeKey: string, options: SqliteStoreOptions) {
    this.database = database;
    this.wakeKey = wakeKey;
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    this.validateOnRead = options.validateOnRead ?? true;
    this.upcasters = options.upcasters ?? defaultUpcasters;
    this.statements = prepareStatements(database);
    this.writeBatch = database.transaction((requests: readonly AppendRequest[]) => this.insertBatch(requests));
  }

  /** Opens (creating if needed) the store in the file at `path`, sets WAL and durability, and migrates the schema. */
  static open(path: string, options: SqliteStoreOptions = {}): SqliteEventStore {
    const database = new BetterSqlite3(path);
    try {
      configureConnection(database, options.durability ?? 'normal', options.busyTimeoutMs ?? 5000, options.checkpointPages ?? 4000);
      migrate(database);
      const inMemory = path === '' || path === ':memory:';
      return new SqliteEventStore(database, inMemory ? `memory:${Math.random()}` : resolve(path), options);
    } catch (error) {
      database.close();
      throw error;
    }
  }

  readonly checkpoints: CheckpointStore = {
    load: async (name) => (await this.loadCheckpointWithState(name))?.checkpoint,
    save: async (name, checkpoint) => {
      if (this.importing !== undefined) await this.idle();
      this.saveCheckpoint(name, checkpoint, null);
    },
  };

  async append(stream: string, events: readonly NewEvent[], options: { expectedVersion: ExpectedVersion }): Promise<AppendResult> {
    const [result] = await this.appendMany([{ stream, events, expectedVersion: options.expectedVersion }]);
    return result as AppendResult;
  }

  async appendMany(requests: readonly AppendRequest[], options: SqliteAppendOptions = {}): Promise<AppendResult[]> {
    this.assertOpen();
    if (this.importing !== undefined) await this.idle();
    if (options.validated === true) checkBatchShape(requests);
    else validateBatch(requests);
    let results: AppendResult[];
    try {
      results = this.writeBatch.immediate(requests);
    } catch (error) {
      // a stored id or a moved stream may mean the whole batch is a repeat; stored ids never change, so this
      // check needs no lock
      if (!(error instanceof ConcurrencyError) && !isUniqueViolation(error)) throw error;
      if (classifyRepeat(requests, (eventId) => this.streamOfEvent(eventId))) return this.storedResults(requests);
      throw error;
    }
    this.wakeSubscribers();
    return results;
  }

  /**
   * Opens a bulk import in one `BEGIN IMMEDIATE` transaction on this connection (see BulkImport): it holds SQLite's
   * write lock until commit or rollback, so writers of other processes wait (up to `busyTimeoutMs`, then fail with
   * SQLITE_BUSY) and every other call of this store object waits for it to end.
   */
  async beginBulkImport(): Promise<BulkImport> {
    this.assertOpen();
    if (this.importing !== undefined) await this.idle();
    this.assertOpen();
    this.database.exec('BEGIN IMMEDIATE');
    let end = (): void => undefined;
    this.importing = new Promise<void>((resolve) => (end = resolve));
    let open = true;
    const finish = (how: 'COMMIT' | 'ROLLBACK'): void => {
      open = false;
      try {
        this.database.exec(how);
      } finally {
        this.importing = undefined;
        this.abortImport = undefined;
        end();
      }
    };
    // closing the store rolls the import back; its commit then fails as ended
    this.abortImport = () => finish('ROLLBACK');
    const head = this.statements.lastEvent.get() as { global_position: number; hash: string } | undefined;
    let position = head?.global_position ?? 0;
    let hash = head?.hash ?? GENESIS_HASH;
    let sourceHash = GENESIS_HASH;
    let written = 0;
    // each stream's version in this transaction, changed in place: one map lookup per event
    const versions = new Map<string, { version: number }>();
    const { insert, eventIdAt } = this.statements;
    const writeOne = (event: RecordedEvent, hashesChecked: boolean, counts: BulkWriteResult): void => {
      const stream = event.stream;
      const version = event.streamVersion;
      let known = versions.get(stream);
      if (known === undefined) {
        known = { version: this.versionOf(stream) };
        versions.set(stream, known);
      }
      const current = known.version;
      const previousSourceHash = sourceHash;
      sourceHash = event.hash;
      if (version <= current) {
        if (eventIdAt.get(stream, version) !== event.eventId) throw new ConcurrencyError(stream, version - 1, current);
        counts.alreadyPresent++;
        return;
      }
      if (version !== current + 1) throw new ConcurrencyError(stream, version - 1, current);
      const at = position + 1;
      const metadata = event.metadata;
      const eventHash = importedEventHash(event, at, hash, hashesChecked && previousSourceHash === hash);
      try {
        insert.run(
          at,
          event.eventId,
          stream,
          version,
          event.type,
          event.schemaVersion,
          event.occurredOn,
          event.recordedAt,
          metadata.tenant ?? null,
          JSON.stringify(event.data),
          JSON.stringify(metadata),
          eventHash,
        );
      } catch (error) {
        const owner = isUniqueViolation(error) ? this.streamOfEvent(event.eventId) : undefined;
        if (owner !== undefined) throw new IdempotencyError(event.eventId, `already stored in stream ${owner}`);
        throw error;
      }
      position = at;
      hash = eventHash;
      known.version = version;
      counts.written++;
      written++;
    };
    return {
      write: async (events, hashesChecked) => {
        if (!open) throw new Error('this bulk import has ended');
        const counts = { written: 0, alreadyPresent: 0 };
        try {
          this.assertOpen();
          for (const event of events) writeOne(event, hashesChecked, counts);
        } catch (error) {
          finish('ROLLBACK');
          throw error;
        }
        return counts;
      },
      commit: async () => {
        if (!open) throw new Error('this bulk import has ended');
        finish('COMMIT');
        if (written > 0) this.wakeSubscribers();
      },
      rollback: async () => {
        if (open) finish('ROLLBACK');
      },
    };
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    if (this.importing !== undefined) await this.idle();
    const backwards = options.direction === 'backwards';
    const statement = backwards ? this.statements.readStreamBackwards : this.statements.readStreamForwards;
    const from = options.from ?? (backwards ? Number.MAX_SAFE_INTEGER : 1);
    const rows = statement.all(stream, from, options.limit ?? -1) as EventRow[];
    return rows.map((row) => this.toEvent(row));
  }

  async streamVersion(stream: string): Promise<number> {
    this.assertOpen();
    if (this.importing !== undefined) await this.idle();
    return this.versionOf(stream);
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    this.assertOpen();
    const backwards = options.direction === 'backwards';
    const { sql, params } = filterClause(options.filter);
    const statement = this.pageStatement(backwards, sql);
    let remaining = options.limit ?? Infinity;
    let cursor = options.from ?? (backwards ? Number.MAX_SAFE_INTEGER : 1);
    while (remaining > 0) {
      if (this.importing !== undefined) await this.idle();
      const size = Math.min(PAGE_SIZE, remaining);
      const rows = statement.all(cursor, ...params, size) as EventRow[];
      for (const row of rows) yield this.toEvent(row);
      remaining -= rows.length;
      const last = rows.at(-1);
      if (last === undefined || rows.length < size) return;
      cursor = backwards ? last.global_position - 1 : last.global_position + 1;
    }
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    if (this.importing !== undefined) await this.idle();
    return this.head();
  }

  subscribe(options: SubscribeOptions, handler: (event: RecordedEvent) => void | Promise<void>): Subscription {
    this.assertOpen();
    let caughtUpAt = 0;
    const subscription = followLive({
      from: options.from ?? 1,
      handler,
      filter: options.filter,
      readBatch: async (from) => {
        while (this.importing !== undefined) await this.importing;
        if (this.closed) return [];
        const rows = this.statements.readPage.all(from, PAGE_SIZE) as EventRow[];
        if (rows.length === 0) caughtUpAt = from;
        return rows.map((row) => this.toEvent(row));
      },
      waitForMore: (signal) => this.waitForMore(signal, () => !this.closed && this.importing === undefined && this.head() >= caughtUpAt),
    });
    this.subscriptions.add(subscription);
    void subscription.done.catch(() => undefined).finally(() => this.subscriptions.delete(subscription));
    return subscription;
  }

  /** Saves a projection's checkpoint and its state (JSON text) in one transaction, so they never disagree. */
  async saveCheckpointWithState(name: string, checkpoint: Checkpoint, stateJson: string): Promise<void> {
    if (this.importing !== undefined) await this.idle();
    this.saveCheckpoint(name, checkpoint, stateJson);
  }

  /** A projection's checkpoint with the state saved beside it (undefined when saved without state). */
  async loadCheckpointWithState(name: string): Promise<CheckpointWithState | undefined> {
    this.assertOpen();
    if (this.importing !== undefined) await this.idle();
    const row = this.statements.loadCheckpoint.get(name) as CheckpointRow | undefined;
    if (row === undefined) return undefined;
    return {
      checkpoint: { position: row.position, projectionVersion: row.projection_version },
      stateJson: row.state ?? undefined,
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // stopping aborts at once; a handler still running finishes on its own and reads nothing more
    for (const subscription of this.subscriptions) void subscription.stop();
    this.abortImport?.();
    this.wakeSubscribers();
    this.database.close();
  }

  /** Resolves once no bulk import is open on this connection. */
  private async idle(): Promise<void> {
    while (this.importing !== undefined) await this.importing;
    this.assertOpen();
  }

  private insertBatch(requests: readonly AppendRequest[]): AppendResult[] {
    const head = this.statements.lastEvent.get() as { global_position: number; hash: string } | undefined;
    let position = head?.global_position ?? 0;
    let previousHash = head?.hash ?? GENESIS_HASH;
    const versions = checkBatchVersions(requests, (stream) => this.versionOf(stream));
    const insert = this.statements.insert;
    return requests.map((request) => {
      let version = versions.get(request.stream) as number;
      const events = request.events.map((event) => {
        const recorded = toRecordedEvent(event, request.stream, ++version, ++position, previousHash);
        previousHash = recorded.hash;
        insert.run(
          position,
          recorded.eventId,
          recorded.stream,
          version,
          recorded.type,
          recorded.schemaVersion,
          recorded.occurredOn,
          recorded.recordedAt,
          recorded.metadata.tenant ?? null,
          JSON.stringify(recorded.data),
          JSON.stringify(recorded.metadata),
          recorded.hash,
        );
        return recorded;
      });
      versions.set(request.stream, version);
      return { stream: request.stream, streamVersion: version, events };
    });
  }

  private storedResults(requests: readonly AppendRequest[]): AppendResult[] {
    return requests.map((request) => {
      const events = request.events
        .map((event) => this.toEvent(this.statements.eventById.get(event.eventId) as EventRow))
        .sort((a, b) => a.streamVersion - b.streamVersion);
      return { stream: request.stream, streamVersion: events.at(-1)?.streamVersion ?? this.versionOf(request.stream), events };
    });
  }

  private toEvent(row: EventRow): RecordedEvent {
    const stored = {
      eventId: row.event_id,
      type: row.type,
      schemaVersion: row.schema_version,
      stream: row.stream,
      streamVersion: row.stream_version,
      globalPosition: row.global_position,
      occurredOn: row.occurred_on,
      recordedAt: row.recorded_at,
      data: JSON.parse(row.data) as unknown,
      metadata: JSON.parse(row.metadata) as unknown,
      hash: row.hash,
    };
    if (this.validateOnRead || row.schema_version !== currentSchemaVersion(row.type))
      return parseRecordedEvent(stored, { stream: row.stream, streamVersion: row.stream_version }, this.upcasters);
    return stored as RecordedEvent;
  }

  private saveCheckpoint(name: string, checkpoint: Checkpoint, stateJson: string | null): void {
    this.assertOpen();
    this.statements.saveCheckpoint.run(name, checkpoint.position, checkpoint.projectionVersion, stateJson, new Date().toISOString());
  }

  private waitForMore(signal: AbortSignal, hasMore: () => boolean): Promise<void> {
    return new Promise<void>((resolveWait) => {
      const wakers = wakersByFile.get(this.wakeKey) ?? new Set<() => void>();
      wakersByFile.set(this.wakeKey, wakers);
      const wake = (): void => {
        clearTimeout(timer);
        wakers.delete(wake);
        if (wakers.size === 0) wakersByFile.delete(this.wakeKey);
        signal.removeEventListener('abort', wake);
        resolveWait();
      };
      const timer = setTimeout(wake, this.pollIntervalMs);
      wakers.add(wake);
      signal.addEventListener('abort', wake, { once: true });
      // an append may have landed between the empty read and now
      if (signal.aborted || hasMore()) wake();
    });
  }

  private wakeSubscribers(): void {
    for (const wake of [...(wakersByFile.get(this.wakeKey) ?? [])]) wake();
  }

  private pageStatement(backwards: boolean, filterSql: string): Statement {
    const key = `${backwards ? 'b' : 'f'}${filterSql}`;
    let statement = this.pageStatements.get(key);
    if (statement === undefined) {
      statement = this.database.prepare(
        backwards
          ? `SELECT ${COLUMNS} FROM events WHERE global_position <= ?${filterSql} ORDER BY global_position DESC LIMIT ?`
          : `SELECT ${COLUMNS} FROM events WHERE global_position >= ?${filterSql} ORDER BY global_position LIMIT ?`,
      );
      this.pageStatements.set(key, statement);
    }
    return statement;
  }

  private versionOf(stream: string): number {
    return (this.statements.streamVersion.get(stream) as number | null) ?? 0;
  }

  private head(): number {
    return (this.statements.head.get() as number | null) ?? 0;
  }

  private streamOfEvent(eventId: string): string | undefined {
    return this.statements.streamOfEvent.get(eventId) as string | undefined;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('this event store is closed');
  }
}

const prepareStatements = (db: Database) => ({
  insert: db.prepare(
    `INSERT INTO events (global_position, event_id, stream, stream_version, type, schema_version, occurred_on, recorded_at, tenant, data, metadata, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ),
  lastEvent: db.prepare('SELECT global_position, hash FROM events ORDER BY global_position DESC LIMIT 1'),
  head: db.prepare('SELECT max(global_position) FROM events').pluck(),
  streamVersion: db.prepare('SELECT max(stream_version) FROM events WHERE stream = ?').pluck(),
  streamOfEvent: db.prepare('SELECT stream FROM events WHERE event_id = ?').pluck(),
  eventIdAt: db.prepare('SELECT event_id FROM events WHERE stream = ? AND stream_version = ?').pluck(),
  eventById: db.prepare(`SELECT ${COLUMNS} FROM events WHERE event_id = ?`),
  readPage: db.prepare(`SELECT ${COLUMNS} FROM events WHERE global_position >= ? ORDER BY global_position LIMIT ?`),
  readStreamForwards: db.prepare(
    `SELECT ${COLUMNS} FROM events WHERE stream = ? AND stream_version >= ? ORDER BY stream_version LIMIT ?`,
  ),
  readStreamBackwards: db.prepare(
    `SELECT ${COLUMNS} FROM events WHERE stream = ? AND stream_version <= ? ORDER BY stream_version DESC LIMIT ?`,
  ),
  loadCheckpoint: db.prepare('SELECT position, projection_version, state FROM checkpoints WHERE name = ?'),
  saveCheckpoint: db.prepare(
    `INSERT INTO checkpoints (name, position, projection_version, state, saved_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET position = excluded.position, projection_version = excluded.projection_version,
       state = excluded.state, saved_at = excluded.saved_at`,
  ),
});

/** Opens (creating if needed) a SQLite event store in the file at `path`; see SqliteStoreOptions. */
export const openSqliteEventStore = (path: string, options: SqliteStoreOptions = {}): SqliteEventStore =>
  SqliteEventStore.open(path, options);
