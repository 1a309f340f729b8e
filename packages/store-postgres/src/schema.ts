import { GENESIS_HASH } from '@hoptac/core';
import type { ClientBase } from 'pg';

/** One step of the schema: applied once per schema, in version order, recorded in `hoptac_schema_migrations`. */
export interface Migration {
  version: number;
  name: string;
  sql: (schema: string) => string;
}

/** A PostgreSQL identifier we accept as a schema name: lower-case letters, digits and underscores. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,47}$/;

/** Checks a schema name and returns it quoted for SQL. */
export const quoteSchema = (schema: string): string => {
  if (!SCHEMA_NAME.test(schema))
    throw new Error(`schema name "${schema}" must be lower-case letters, digits and underscores (at most 48), starting with a letter or _`);
  return `"${schema}"`;
};

/** The migrations of the store, oldest first. A released migration never changes; a change is a new one. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'events, head, checkpoints',
    sql: (s) => `
      CREATE TABLE ${s}.events (
        global_position bigint PRIMARY KEY,
        event_id text NOT NULL UNIQUE,
        stream text NOT NULL,
        stream_version integer NOT NULL CHECK (stream_version >= 1),
        type text NOT NULL,
        schema_version integer NOT NULL,
        occurred_on text NOT NULL,
        recorded_at text NOT NULL,
        data json NOT NULL,
        metadata json NOT NULL,
        hash text NOT NULL,
        UNIQUE (stream, stream_version)
      );
      CREATE TABLE ${s}.head (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        last_position bigint NOT NULL,
        last_hash text NOT NULL
      );
      INSERT INTO ${s}.head (id, last_position, last_hash) VALUES (true, 0, '${GENESIS_HASH}');
      CREATE TABLE ${s}.checkpoints (
        name text PRIMARY KEY,
        position bigint NOT NULL,
        projection_version integer NOT NULL,
        state json,
        saved_at timestamptz NOT NULL DEFAULT now()
      );`,
  },
];

/**
 * Brings a schema up to date: creates it and the migrations table if missing, then applies every migration not
 * yet recorded, all in one transaction under an advisory lock, so stores opening at once migrate exactly once.
 */
export const migrate = async (client: ClientBase, schema: string): Promise<number[]> => {
  const s = quoteSchema(schema);
  const applied: number[] = [];
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`hoptac-migrate:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${s}.hoptac_schema_migrations (
         version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<{ version: number }>(`SELECT version FROM ${s}.hoptac_schema_migrations`);
    const done = new Set(rows.map((row) => row.version));
    for (const migration of MIGRATIONS) {
      if (done.has(migration.version)) continue;
      await client.query(migration.sql(s));
      await client.query(`INSERT INTO ${s}.hoptac_schema_migrations (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
      applied.push(migration.version);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
  return applied;
};
