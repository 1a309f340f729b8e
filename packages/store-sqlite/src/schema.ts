import type { Database } from 'better-sqlite3';

/** The schema version this code writes; kept in SQLite's `user_version` pragma. */
export const SCHEMA_VERSION = 1;

// Each entry migrates from version (index) to version (index + 1); a new version appends a step, never edits one.
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE events (
    global_position INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL UNIQUE,
    stream TEXT NOT NULL,
    stream_version INTEGER NOT NULL,
    type TEXT NOT NULL,
    schema_version INTEGER NOT NULL,
    occurred_on TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    tenant TEXT,
    data TEXT NOT NULL,
    metadata TEXT NOT NULL,
    hash TEXT NOT NULL,
    UNIQUE (stream, stream_version)
  ) STRICT;
  CREATE TABLE checkpoints (
    name TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    projection_version INTEGER NOT NULL,
    state TEXT,
    saved_at TEXT NOT NULL
  ) STRICT, WITHOUT ROWID;
  `,
];

/** How much an acknowledged append survives: `normal` survives a killed process, `full` also a power cut. */
export type Durability = 'normal' | 'full';

/**
 * Sets the connection pragmas: WAL, the durability level, how long to wait for another writer's lock, and how many
 * pages the write-ahead log collects before a commit copies them into the file (a checkpoint, with its fsyncs).
 */
export const configureConnection = (db: Database, durability: Durability, busyTimeoutMs: number, checkpointPages = 4000): void => {
  db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(busyTimeoutMs))}`);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma(`wal_autocheckpoint = ${Math.max(0, Math.trunc(checkpointPages))}`);
  // 32 MiB of page cache keeps the event-id index of a large import in memory
  db.pragma('cache_size = -32768');
  db.pragma('temp_store = MEMORY');
};

/** Creates the schema of a new file, or brings an older one up to SCHEMA_VERSION, in one write transaction. */
export const migrate = (db: Database): void => {
  const migrateAll = db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > SCHEMA_VERSION)
      throw new Error(
        `this database has schema version ${current}, newer than ${SCHEMA_VERSION} which this @hoptac/store-sqlite knows: upgrade the package`,
      );
    for (let version = current; version < SCHEMA_VERSION; version++) db.exec(MIGRATIONS[version] as string);
    if (current !== SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`);
  });
  migrateAll.immediate();
};
