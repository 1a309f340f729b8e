import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server the integration tests use (HOPTAC_PG_SERVER overrides it, e.g. to check the skip path). */
export const TEST_SERVER = process.env.HOPTAC_PG_SERVER ?? 'postgres://postgres@127.0.0.1:5432';

/** A throw-away database for one test run: its connection string, and how to drop it. */
export interface TestDatabase {
  connectionString: string;
  drop: () => Promise<void>;
}

/**
 * Creates `hoptac_test_<random>` on the local server, or returns undefined when the server is unreachable. With
 * `CI=true` an unreachable server is an error, never a silent skip.
 */
export const createTestDatabase = async (): Promise<TestDatabase | undefined> => {
  const admin = new pg.Client({ connectionString: `${TEST_SERVER}/postgres`, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (error) {
    await admin.end().catch(() => undefined);
    if (process.env.CI === 'true') throw new Error(`no PostgreSQL at 127.0.0.1:5432 (CI=true, so this fails): ${(error as Error).message}`);
    console.log('skipped: no PostgreSQL at 127.0.0.1:5432');
    return undefined;
  }
  const name = `hoptac_test_${randomBytes(6).toString('hex')}`;
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return {
    connectionString: `${TEST_SERVER}/${name}`,
    drop: async () => {
      const dropper = new pg.Client({ connectionString: `${TEST_SERVER}/postgres` });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
};
