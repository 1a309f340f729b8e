import {
  importedEventHash,
  checkBatchVersions,
  classifyRepeat,
  ConcurrencyError,
  followLive,
  GENESIS_HASH,
  IdempotencyError,
  toRecordedEvent,
  validateBatch,
  WakeSignal,
  type AppendRequest,
  type AppendResult,
  type BulkImport,
  type BulkWriteResult,
  type Checkpoint,
  type CheckpointStore,
  type EventStore,
  type ExpectedVersion,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '@hoptac/core';
import pg from 'pg';
import type { ClientBase, Notification, Pool, PoolClient, PoolConfig } from 'pg';
import { EVENT_COLUMNS, filterSql, fromRow, toPosition, type EventRow } from './rows';
import { migrate, quoteSchema } from './schema';

/** How to reach PostgreSQL and where to keep the events. */
export interface PostgresStoreOptions {
  /** e.g. `postgres://postgres@127.0.0.1:5432/hoptac`; ignored when `pool` is given */
  connectionString?: string;
  /** more pool settings (max connections, ssl, ...), merged with `connectionString` */
  poolConfig?: PoolConfig;
  /** an existing pool; the store then leaves it open on close */
  pool?: Pool;
  /** the schema holding the tables; default `hoptac` */
  schema?: string;
  /** how often a waiting subscription looks for new events when no notification came; default 1000 ms */
  pollIntervalMs?: number;
  /** rows per INSERT statement in a big append; default 2000 */
  insertChunk?: number;
}

/** A checkpoint together with the read model saved in the same transaction (as JSON text). */
export interface CheckpointWithState {
  checkpoint: Checkpoint;
  stateJson: string | undefined;
}

const READ_PAGE = 500;

/** The rows of one bulk insert, column by column: each column goes as one array parameter. */
interface InsertColumns {
  positions: number[];
  ids: string[];
  streams: string[];
  versions: number[];
  types: string[];
  schemaVersions: number[];
  occurredOn: string[];
  recordedAt: string[];
  data: string[];
  metadata: string[];
  hashes: string[];
}

const newColumns = (): InsertColumns => ({
  positions: [],
  ids: [],
  streams: [],
  versions: [],
  types: [],
  schemaVersions: [],
  occurredOn: [],
  recordedAt: [],
  data: [],
  metadata: [],
  hashes: [],
});

const addRow = (rows: InsertColumns, event: RecordedEvent, position: number, hash: string): void => {
  rows.positions.push(position);
  rows.ids.push(event.eventId);
  rows.streams.push(event.stream);
  rows.versions.push(event.streamVersion);
  rows.types.push(event.type);
  rows.schemaVersions.push(event.schemaVersion);
  rows.occurredOn.push(event.occurredOn);
  rows.recordedAt.push(event.recordedAt);
  rows.data.push(JSON.stringify(event.data));
  rows.metadata.push(JSON.stringify(event.metadata));
  rows.hashes.push(hash);
};

/**
 * The event store on PostgreSQL. Every append takes a row lock on the one-row `head` table (last position, last
 * hash) inside its transaction, so appends are serialised: positions are gap-free and commit order equals position
 * order, which is what lets a subscriber read "everything after position n" without ever skipping an event.
 */
export class PostgresEventStore implements EventStore {
  private readonly s: string;
  private readonly channel: string;
  private readonly insertChunk: number;
  private readonly subscriptions = new Set<Subscription>();
  private readonly wakes: WakeSignal;
  private listener: pg.Client | undefined;
  private listening: Promise<void> | undefined;
  private closed = false;

  readonly checkpoints: CheckpointStore = {
    load: async (name) => (await this.loadCheckpointWithState(name))?.checkpoint,
    save: async (name, checkpoint) => {
      this.assertOpen();
      await this.upsertCheckpoint(this.pool, name, checkpoint, null);
    },
  };

  private constructor(
    private readonly pool: Pool,
    private readonly ownsPool: boolean,
    private readonly schema: string,
    options: PostgresStoreOptions,
  ) {
    this.s = quoteSchema(schema);
    this.channel = `hoptac_events_${schema}`;
    this.wakes = new WakeSignal(options.pollIntervalMs ?? 1000);
    this.insertChunk = options.insertChunk ?? 2000;
  }

  /** Connects, brings the schema up to date (idempotent) and returns the store. */
  static async open(options: PostgresStoreOptions = {}): Promise<PostgresEventStore> {
    const schema = options.schema ?? 'hoptac';
    quoteSchema(schema);
    const ownsPool = options.pool === undefined;
    const pool =
      options.pool ??
      new pg.Pool({ ...options.poolConfig, ...(options.connectionString !== undefined ? { connectionString: options.connectionString } : {}) });
    // an idle client losing its connection must not crash the process; the next query reconnects
    if (ownsPool) pool.on('error', () => undefined);
    try {
      const client = await pool.connect();
      try {
        await migrate(client, schema);
      } finally {
        client.release();
      }
    } catch (error) {
      if (ownsPool) await pool.end();
      throw error;
    }
    return new PostgresEventStore(pool, ownsPool, schema, options);
  }

  async append(stream: string, events: readonly NewEvent[], options: { expectedVersion: ExpectedVersion }): Promise<AppendResult> {
    const [result] = await this.appendMany([{ stream, events, expectedVersion: options.expectedVersion }]);
    return result as AppendResult;
  }

  async appendMany(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    this.assertOpen();
    validateBatch(requests);
    let total = 0;
    for (const request of requests) total += request.events.length;
    if (total <= this.insertChunk) {
      const done = await this.appendIfHeadUnchanged(requests);
      if (done !== undefined) return done;
    }
    return this.appendUnderHeadLock(requests);
  }

  /**
   * An append in two round trips: one consistent read of the head, the streams' versions and the batch's stored
   * ids; then one statement (its own transaction) that moves the head only if it is still where it was read, and
   * inserts the rows and notifies only if it moved it. Undefined when another writer moved the head in between.
   */
  private async appendIfHeadUnchanged(requests: readonly AppendRequest[]): Promise<AppendResult[] | undefined> {
    const names: string[] = [];
    const ids: string[] = [];
    for (const request of requests) {
      if (!names.includes(request.stream)) names.push(request.stream);
      for (const event of request.events) ids.push(event.eventId);
    }
    const read = await this.pool.query<{ last_position: string; last_hash: string; versions: Record<string, number>; stored: Record<string, string> }>(
      `SELECT h.last_position, h.last_hash,
         coalesce((SELECT json_object_agg(stream, version) FROM
           (SELECT stream, max(stream_version) AS version FROM ${this.s}.events WHERE stream = ANY($1::text[]) GROUP BY stream) v), '{}') AS versions,
         coalesce((SELECT json_object_agg(event_id, stream) FROM ${this.s}.events WHERE event_id = ANY($2::text[])), '{}') AS stored
       FROM ${this.s}.head h WHERE h.id`,
      [names, ids],
    );
    const row = read.rows[0];
    if (row === undefined) throw new Error(`the head row of schema ${this.schema} is missing`);
    const stored = row.stored;
    if (classifyRepeat(requests, (id) => (Object.hasOwn(stored, id) ? stored[id] : undefined))) return this.storedResults(this.pool, requests);
    const versions = row.versions;
    const before = checkBatchVersions(requests, (name) => (Object.hasOwn(versions, name) ? (versions[name] as number) : 0));
    const headPosition = toPosition(row.last_position, 'head.last_position');
    const { results, position, hash } = this.recordBatch(requests, before, headPosition, row.last_hash);
    const rows = newColumns();
    for (const result of results) for (const event of result.events) addRow(rows, event, event.globalPosition, event.hash);
    const written = await this.pool.query<{ moved: string }>(
      `WITH moved AS (
         UPDATE ${this.s}.head SET last_position = $12, last_hash = $13 WHERE id AND last_position = $14 RETURNING last_position
       ), inserted AS (
         INSERT INTO ${this.s}.events (${EVENT_COLUMNS})
         SELECT p, i, s, v, t, sv, o, r, d::json, m::json, h
         FROM unnest($1::bigint[], $2::text[], $3::text[], $4::int[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
           AS rows(p, i, s, v, t, sv, o, r, d, m, h)
         WHERE EXISTS (SELECT 1 FROM moved)
         RETURNING 1
       ), notified AS (
         SELECT pg_notify($15, $12::text) FROM moved
       )
       SELECT (SELECT count(*) FROM moved) AS moved, (SELECT count(*) FROM inserted) AS inserted, (SELECT count(*) FROM notified) AS notified`,
      [
        rows.positions,
        rows.ids,
        rows.streams,
        rows.versions,
        rows.types,
        rows.schemaVersions,
        rows.occurredOn,
        rows.recordedAt,
        rows.data,
        rows.metadata,
        rows.hashes,
        position,
        hash,
        headPosition,
        this.channel,
      ],
    );
    if (Number(written.rows[0]?.moved) !== 1) return undefined;
    this.wakes.wake();
    return results;
  }

  /** Builds the stored events of a checked batch after the head: positions, versions and the hash chain. */
  private recordBatch(
    requests: readonly AppendRequest[],
    before: Map<string, number>,
    headPosition: number,
    headHash: string,
  ): { results: AppendResult[]; position: number; hash: string } {
    let position = headPosition;
    let hash = headHash;
    const next = new Map(before);
    const results: AppendResult[] = requests.map((request) => {
      let version = next.get(request.stream) ?? 0;
      const events = request.events.map((event) => {
        const recorded = toRecordedEvent(event, request.stream, ++version, ++position, hash);
        hash = recorded.hash;
        return recorded;
      });
      next.set(request.stream, version);
      return { stream: request.stream, streamVersion: version, events };
    });
    return { results, position, hash };
  }

  /** An append inside a transaction holding the head row lock: for big batches, and when another writer raced the short path. */
  private async appendUnderHeadLock(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    const results = await this.transaction(async (client) => {
      // the head row lock serialises appends until commit: positions are handed out in commit order
      const head = await client.query<{ last_position: string; last_hash: string }>(
        `SELECT last_position, last_hash FROM ${this.s}.head WHERE id FOR UPDATE`,
      );
      const row = head.rows[0];
      if (row === undefined) throw new Error(`the head row of schema ${this.schema} is missing`);
      const ids = requests.flatMap((request) => request.events.map((event) => event.eventId));
      const stored = await client.query<{ event_id: string; stream: string }>(
        `SELECT event_id, stream FROM ${this.s}.events WHERE event_id = ANY($1::text[])`,
        [ids],
      );
      const storedStream = new Map(stored.rows.map((found) => [found.event_id, found.stream]));
      if (classifyRepeat(requests, (id) => storedStream.get(id))) return { repeat: true as const, results: await this.storedResults(client, requests) };

      const names = [...new Set(requests.map((request) => request.stream))];
      const current = await client.query<{ stream: string; version: number }>(
        `SELECT stream, max(stream_version) AS version FROM ${this.s}.events WHERE stream = ANY($1::text[]) GROUP BY stream`,
        [names],
      );
      const versions = new Map(current.rows.map((found) => [found.stream, found.version]));
      const before = checkBatchVersions(requests, (name) => versions.get(name) ?? 0);
      const { results, position, hash } = this.recordBatch(requests, before, toPosition(row.last_position, 'head.last_position'), row.last_hash);
      const all = results.flatMap((result) => result.events);
      for (let start = 0; start < all.length; start += this.insertChunk) await this.insertRows(client, all.slice(start, start + this.insertChunk));
      await client.query(`UPDATE ${this.s}.head SET last_position = $1, last_hash = $2 WHERE id`, [position, hash]);
      // delivered to listeners only when the transaction commits
      await client.query('SELECT pg_notify($1, $2)', [this.channel, String(position)]);
      return { repeat: false as const, results };
    });
    if (!results.repeat) this.wakes.wake();
    return results.results;
  }

  /**
   * Opens a bulk import (see BulkImport) in one transaction on its own connection, holding the head row lock until
   * commit or rollback: other appends wait for it, readers see none of it before commit. Inserts go out in chunks of
   * `insertChunk` rows while the importer reads on: the database inserts one write while the next is checked.
   */
  async beginBulkImport(): Promise<BulkImport> {
    this.assertOpen();
    const client = await this.pool.connect();
    let head: { last_position: string; last_hash: string } | undefined;
    try {
      await client.query('BEGIN');
      const locked = await client.query<{ last_position: string; last_hash: string }>(
        `SELECT last_position, last_hash FROM ${this.s}.head WHERE id FOR UPDATE`,
      );
      head = locked.rows[0];
      if (head === undefined) throw new Error(`the head row of schema ${this.schema} is missing`);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
      throw error;
    }
    let position = toPosition(head.last_position, 'head.last_position');
    let hash = head.last_hash;
    let sourceHash = GENESIS_HASH;
    // an empty store holds no stream and no event: nothing to look up
    const empty = position === 0;
    const versions = new Map<string, number>();
    const storedBefore = new Map<string, number>();
    let open = true;
    let written = 0;
    let sent: Promise<unknown> | undefined;
    let failure: unknown;
    const end = async (how: 'COMMIT' | 'ROLLBACK'): Promise<void> => {
      open = false;
      try {
        await client.query(how);
        client.release();
      } catch (error) {
        client.release(error as Error);
        throw error;
      }
    };
    // inserts go out one after the other (a pg client runs one query at a time); the importer does not wait for them
    const send = (rows: InsertColumns): void => {
      const insert = sent === undefined ? this.insertColumns(client, rows) : sent.then(() => this.insertColumns(client, rows));
      insert.catch((error: unknown) => (failure ??= error));
      sent = insert;
    };
    // the first insert that failed explains the rest: an id stored before, or the transaction's end
    const explain = async (error: unknown): Promise<unknown> => {
      const cause = failure ?? error;
      const duplicate = /Key \(event_id\)=\((.*)\) already exists/.exec((cause as { detail?: string }).detail ?? '');
      if ((cause as { code?: string }).code !== '23505' || duplicate === null) return cause;
      const eventId = duplicate[1] as string;
      const found = await this.pool.query<{ stream: string }>(`SELECT stream FROM ${this.s}.events WHERE event_id = $1`, [eventId]).catch(() => undefined);
      const owner = found?.rows[0]?.stream;
      return new IdempotencyError(eventId, owner === undefined ? 'appears twice in this import' : `already stored in stream ${owner}`);
    };
    const lookUp = async (events: readonly RecordedEvent[]): Promise<Map<string, string>> => {
      const unknown = [...new Set(events.map((event) => event.stream).filter((stream) => !versions.has(stream)))];
      if (unknown.length > 0) {
        const found = await client.query<{ stream: string; version: number }>(
          `SELECT stream, max(stream_version) AS version FROM ${this.s}.events WHERE stream = ANY($1::text[]) GROUP BY stream`,
          [unknown],
        );
        for (const stream of unknown) storedBefore.set(stream, 0);
        for (const row of found.rows) storedBefore.set(row.stream, row.version);
        for (const stream of unknown) versions.set(stream, storedBefore.get(stream) as number);
      }
      // events at versions stored before this import may be there already: their stored ids
      const maybe = events.filter((event) => event.streamVersion <= (storedBefore.get(event.stream) as number));
      const ids = new Map<string, string>();
      if (maybe.length === 0) return ids;
      const stored = await client.query<{ stream: string; stream_version: number; event_id: string }>(
        `SELECT e.stream, e.stream_version, e.event_id FROM ${this.s}.events e
         JOIN unnest($1::text[], $2::int[]) AS wanted(stream, stream_version) USING (stream, stream_version)`,
        [maybe.map((event) => event.stream), maybe.map((event) => event.streamVersion)],
      );
      for (const row of stored.rows) ids.set(`${row.stream_version} ${row.stream}`, row.event_id);
      return ids;
    };
    const writeAll = async (events: readonly RecordedEvent[], hashesChecked: boolean): Promise<BulkWriteResult> => {
      const counts = { written: 0, alreadyPresent: 0 };
      // one insert in flight at a time: the database works on it while the importer reads the next chunk
      if (sent !== undefined) await sent;
      if (failure !== undefined) throw failure;
      const storedIds = empty ? undefined : await lookUp(events);
      let rows = newColumns();
      for (const event of events) {
        const stream = event.stream;
        const version = event.streamVersion;
        const current = versions.get(stream) ?? 0;
        const previousSourceHash = sourceHash;
        sourceHash = event.hash;
        if (version <= current) {
          if (storedIds?.get(`${version} ${stream}`) !== event.eventId) throw new ConcurrencyError(stream, version - 1, current);
          counts.alreadyPresent++;
          continue;
        }
        if (version !== current + 1) throw new ConcurrencyError(stream, version - 1, current);
        const at = position + 1;
        const eventHash = importedEventHash(event, at, hash, hashesChecked && previousSourceHash === hash);
        addRow(rows, event, at, eventHash);
        position = at;
        hash = eventHash;
        versions.set(stream, version);
        counts.written++;
        if (rows.positions.length >= this.insertChunk) {
          send(rows);
          rows = newColumns();
        }
      }
      if (rows.positions.length > 0) send(rows);
      written += counts.written;
      return counts;
    };
    return {
      write: async (events, hashesChecked) => {
        if (!open) throw new Error('this bulk import has ended');
        try {
          this.assertOpen();
          return await writeAll(events, hashesChecked);
        } catch (error) {
          const explained = await explain(error);
          await end('ROLLBACK').catch(() => undefined);
          throw explained;
        }
      },
      commit: async () => {
        if (!open) throw new Error('this bulk import has ended');
        try {
          this.assertOpen();
          if (sent !== undefined) await sent;
          if (written > 0) {
            await client.query(`UPDATE ${this.s}.head SET last_position = $1, last_hash = $2 WHERE id`, [position, hash]);
            await client.query('SELECT pg_notify($1, $2)', [this.channel, String(position)]);
          }
        } catch (error) {
          const explained = await explain(error);
          await end('ROLLBACK').catch(() => undefined);
          throw explained;
        }
        await end('COMMIT');
        if (written > 0) this.wakes.wake();
      },
      rollback: async () => {
        if (open) await end('ROLLBACK');
      },
    };
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const backwards = options.direction === 'backwards';
    const params: unknown[] = [stream];
    let where = 'stream = $1';
    if (options.from !== undefined) {
      params.push(options.from);
      where += ` AND stream_version ${backwards ? '<=' : '>='} $${params.length}`;
    }
    let limit = '';
    if (options.limit !== undefined) {
      params.push(options.limit);
      limit = ` LIMIT $${params.length}`;
    }
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM ${this.s}.events WHERE ${where} ORDER BY stream_version ${backwards ? 'DESC' : 'ASC'}${limit}`,
      params,
    );
    return rows.map(fromRow);
  }

  async streamVersion(stream: string): Promise<number> {
    this.assertOpen();
    const { rows } = await this.pool.query<{ version: number | null }>(
      `SELECT max(stream_version) AS version FROM ${this.s}.events WHERE stream = $1`,
      [stream],
    );
    return rows[0]?.version ?? 0;
  }

  /** Reads the global order in pages of 500, so a long history never sits in memory at once. */
  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    this.assertOpen();
    const backwards = options.direction === 'backwards';
    let remaining = options.limit ?? Infinity;
    let cursor = options.from ?? (backwards ? Number.MAX_SAFE_INTEGER : 1);
    const { conditions, params } = filterSql(options.filter, 2);
    const where = [`global_position ${backwards ? '<=' : '>='} $1`, ...conditions].join(' AND ');
    const sql = `SELECT ${EVENT_COLUMNS} FROM ${this.s}.events WHERE ${where} ORDER BY global_position ${backwards ? 'DESC' : 'ASC'} LIMIT $2`;
    while (remaining > 0) {
      const page = Math.min(READ_PAGE, remaining);
      const { rows } = await this.pool.query<EventRow>(sql, [cursor, page, ...params]);
      for (const row of rows) {
        const event = fromRow(row);
        cursor = event.globalPosition + (backwards ? -1 : 1);
        remaining--;
        yield event;
      }
      if (rows.length < page) return;
    }
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    const { rows } = await this.pool.query<{ last_position: string }>(`SELECT last_position FROM ${this.s}.head WHERE id`);
    return toPosition(rows[0]?.last_position ?? 0, 'head.last_position');
  }

  /**
   * Catch-up then live: reads from `from`, then waits for a NOTIFY from any writer (or this process), polling every
   * `pollIntervalMs` in case a notification was lost.
   */
  subscribe(options: SubscribeOptions, handler: (event: RecordedEvent) => void | Promise<void>): Subscription {
    this.assertOpen();
    void this.listen();
    let seen = this.wakes.generation;
    const subscription = followLive({
      from: options.from ?? 1,
      filter: options.filter,
      handler,
      readBatch: async (from) => {
        seen = this.wakes.generation;
        if (this.closed) return [];
        const { rows } = await this.pool.query<EventRow>(
          `SELECT ${EVENT_COLUMNS} FROM ${this.s}.events WHERE global_position >= $1 ORDER BY global_position LIMIT 1000`,
          [from],
        );
        return rows.map(fromRow);
      },
      waitForMore: (signal) => this.wakes.wait(signal, seen),
    });
    this.subscriptions.add(subscription);
    subscription.done.then(
      () => this.subscriptions.delete(subscription),
      () => this.subscriptions.delete(subscription),
    );
    return subscription;
  }

  /** Loads a checkpoint and the read model saved with it (undefined when none, or saved without state). */
  async loadCheckpointWithState(name: string): Promise<CheckpointWithState | undefined> {
    this.assertOpen();
    const { rows } = await this.pool.query<{ position: string; projection_version: number; state: string | null }>(
      `SELECT position, projection_version, state::text AS state FROM ${this.s}.checkpoints WHERE name = $1`,
      [name],
    );
    const row = rows[0];
    if (row === undefined) return undefined;
    return {
      checkpoint: { position: toPosition(row.position, `checkpoint ${name}`), projectionVersion: row.projection_version },
      stateJson: row.state ?? undefined,
    };
  }

  /**
   * Saves a projection's checkpoint and its read model (JSON text) together. Given `client`, it runs on that
   * connection, inside the caller's open transaction (with the caller's own read-model writes); otherwise in a
   * transaction of its own.
   */
  async saveCheckpointWithState(name: string, checkpoint: Checkpoint, stateJson: string, client?: ClientBase): Promise<void> {
    this.assertOpen();
    JSON.parse(stateJson);
    await this.upsertCheckpoint(client ?? this.pool, name, checkpoint, stateJson);
  }

  /** Runs `work` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
  async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    this.assertOpen();
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Stops every subscription, the notification listener and (when the store made it) the pool. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wakes.close();
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.listening?.catch(() => undefined);
    await this.listener?.end().catch(() => undefined);
    this.listener = undefined;
    if (this.ownsPool) await this.pool.end();
  }

  private insertColumns(client: ClientBase, rows: InsertColumns): Promise<unknown> {
    return client.query(
      `INSERT INTO ${this.s}.events (${EVENT_COLUMNS})
       SELECT p, i, s, v, t, sv, o, r, d::json, m::json, h
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::int[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
         AS rows(p, i, s, v, t, sv, o, r, d, m, h)`,
      [rows.positions, rows.ids, rows.streams, rows.versions, rows.types, rows.schemaVersions, rows.occurredOn, rows.recordedAt, rows.data, rows.metadata, rows.hashes],
    );
  }

  private async insertRows(client: ClientBase, events: readonly RecordedEvent[]): Promise<void> {
    // one statement per chunk: each column goes as one array parameter, so the parameter count stays at 11
    await client.query(
      `INSERT INTO ${this.s}.events (${EVENT_COLUMNS})
       SELECT p, i, s, v, t, sv, o, r, d::json, m::json, h
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::int[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
         AS rows(p, i, s, v, t, sv, o, r, d, m, h)`,
      [
        events.map((event) => event.globalPosition),
        events.map((event) => event.eventId),
        events.map((event) => event.stream),
        events.map((event) => event.streamVersion),
        events.map((event) => event.type),
        events.map((event) => event.schemaVersion),
        events.map((event) => event.occurredOn),
        events.map((event) => event.recordedAt),
        events.map((event) => JSON.stringify(event.data)),
        events.map((event) => JSON.stringify(event.metadata)),
        events.map((event) => event.hash),
      ],
    );
  }

  private async storedResults(client: Pick<ClientBase, 'query'>, requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    return Promise.all(
      requests.map(async (request) => {
        const { rows } = await client.query<EventRow>(
          `SELECT ${EVENT_COLUMNS} FROM ${this.s}.events WHERE event_id = ANY($1::text[]) ORDER BY global_position`,
          [request.events.map((event) => event.eventId)],
        );
        const events = rows.map(fromRow);
        return { stream: request.stream, streamVersion: events.at(-1)?.streamVersion ?? 0, events };
      }),
    );
  }

  private async upsertCheckpoint(
    client: Pick<ClientBase, 'query'>,
    name: string,
    checkpoint: Checkpoint,
    stateJson: string | null,
  ): Promise<void> {
    // a plain save clears any stored state: a read model is never paired with a checkpoint it does not belong to
    await client.query(
      `INSERT INTO ${this.s}.checkpoints (name, position, projection_version, state, saved_at) VALUES ($1, $2, $3, $4::json, now())
       ON CONFLICT (name) DO UPDATE SET position = $2, projection_version = $3, state = $4::json, saved_at = now()`,
      [name, checkpoint.position, checkpoint.projectionVersion, stateJson],
    );
  }

  /** Starts the LISTEN connection once; without it subscriptions still poll. */
  private listen(): Promise<void> {
    this.listening ??= (async () => {
      const options = this.pool.options as PoolConfig;
      const client = new pg.Client(options);
      client.on('error', () => {
        if (this.listener === client) this.listener = undefined;
      });
      client.on('notification', (message: Notification) => {
        if (message.channel === this.channel) this.wakes.wake();
      });
      try {
        await client.connect();
        await client.query(`LISTEN "${this.channel}"`);
        if (this.closed) await client.end();
        else this.listener = client;
      } catch {
        await client.end().catch(() => undefined);
      }
    })();
    return this.listening;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('this event store is closed');
  }
}
