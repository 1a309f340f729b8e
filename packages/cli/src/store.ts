import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { EventStore } from '@hoptac/core';
import { InputError } from './errors';

/** The default store: an embedded SQLite file under the current directory. */
export const DEFAULT_STORE = '.hoptac/hoptac.sqlite';

/** What a `--store` value names. */
export type StoreKind = 'sqlite' | 'postgres' | 'eventstoredb';

/** Tells a store location apart: a postgres:// URL, an esdb:// URL, or else a SQLite file path. */
export const storeKind = (location: string): StoreKind =>
  /^postgres(ql)?:\/\//i.test(location) ? 'postgres' : /^(esdb|esdb\+discover|kurrentdb|kdb):\/\//i.test(location) ? 'eventstoredb' : 'sqlite';

/** How to show a store location without its password. */
export const describeStore = (location: string): string => location.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

/** Options of openStore. */
export interface OpenStoreOptions {
  /** create the SQLite file when missing (import, demo); otherwise a missing file is an input error */
  create?: boolean;
  /** delete the SQLite file first (demo) */
  recreate?: boolean;
}

/** Opens the store named by `--store` (default `.hoptac/hoptac.sqlite` under `cwd`). */
export const openStore = async (location: string | undefined, cwd: string, options: OpenStoreOptions = {}): Promise<EventStore> => {
  const where = location ?? DEFAULT_STORE;
  switch (storeKind(where)) {
    case 'postgres': {
      const { PostgresEventStore } = await import('@hoptac/store-postgres');
      try {
        return await PostgresEventStore.open({ connectionString: where });
      } catch (error) {
        throw new InputError(`cannot open the PostgreSQL store at ${describeStore(where)}: ${(error as Error).message}`);
      }
    }
    case 'eventstoredb': {
      const { EventStoreDbEventStore } = await import('@hoptac/store-eventstoredb');
      try {
        return await EventStoreDbEventStore.open({ connectionString: where });
      } catch (error) {
        throw new InputError(`cannot open the EventStoreDB store at ${describeStore(where)}: ${(error as Error).message}`);
      }
    }
    case 'sqlite': {
      const path = resolve(cwd, where);
      if (options.recreate) for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
      if (!existsSync(path)) {
        if (!options.create)
          throw new InputError(
            `no store at ${where}: load one first with "hoptac import FILE.ndjson" (or "hoptac demo"), or name another with --store`,
          );
        mkdirSync(dirname(path), { recursive: true });
      }
      const { openSqliteEventStore } = await import('@hoptac/store-sqlite');
      try {
        // rows were checked when appended; reading 100k events need not parse each again (verify re-checks them)
        return openSqliteEventStore(path, { validateOnRead: false });
      } catch (error) {
        throw new InputError(`cannot open the SQLite store at ${where}: ${(error as Error).message}`);
      }
    }
  }
};
