import { afterAll } from 'vitest';
import { storeFaultSuite } from '@hoptac/testing';
import { PostgresEventStore } from './index';
import { createTestDatabase, type TestDatabase } from './testing/index';

// a throw-away database for this run; skipped with a message when no server answers (never under CI=true)
const database: TestDatabase | undefined = await createTestDatabase();
afterAll(async () => database?.drop());
let schemas = 0;
// each test gets its own schema: a fresh, empty store
const freshSchema = () => `faults_${schemas++}`;
const open = (schema: string) => PostgresEventStore.open({ connectionString: (database as TestDatabase).connectionString, schema, poolConfig: { max: 4 } });

storeFaultSuite('PostgreSQL', {
  skip: database === undefined,
  create: () => open(freshSchema()),
  // four pools on one database: handlers race through different connections (the first one creates the schema)
  connections: async () => {
    const schema = freshSchema();
    const first = await open(schema);
    return [first, ...(await Promise.all([1, 2, 3].map(() => open(schema))))];
  },
  over: '4 connection pools',
  handlers: 20,
  // fewer than on SQLite: every lost race reloads the stream over the network, and the point is the race, not the volume
  admissions: 5,
});
