import { isConcurrencyError, type NewEvent, type RecordedEvent } from '@hoptac/core';
import { storeConformanceSuite } from '@hoptac/testing';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { PostgresEventStore } from './postgres-store';
import { MIGRATIONS } from './schema';
import { createTestDatabase, type TestDatabase } from './testing/index';

const database: TestDatabase | undefined = await createTestDatabase();

let counter = 0;
const inspection = (organisationId: string, overrides: Partial<NewEvent> = {}): NewEvent =>
  ({
    type: 'InspectionRecorded',
    occurredOn: '2030-01-02',
    data: { organisationId, inspectionId: `insp-${++counter}`, authority: 'district office', findings: [] },
    eventId: `pg-${process.pid}-${counter}`,
    recordedAt: '2030-01-02T08:00:00.000Z',
    metadata: { tenant: 'district-1' },
    ...overrides,
  }) as NewEvent;

const waitFor = async (ready: () => boolean, what: string): Promise<void> => {
  const deadline = Date.now() + 8_000;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe.skipIf(database === undefined)('PostgresEventStore on a real server', () => {
  const url = () => (database as TestDatabase).connectionString;
  const opened: PostgresEventStore[] = [];
  const open = async (schema: string, options: { pollIntervalMs?: number; insertChunk?: number } = {}) => {
    const store = await PostgresEventStore.open({ connectionString: url(), schema, poolConfig: { max: 4 }, ...options });
    opened.push(store);
    return store;
  };

  afterAll(async () => {
    await Promise.all(opened.map((store) => store.close()));
    await database?.drop();
  });

  it('opens a store, appends across streams atomically, and keeps a read model with its checkpoint', async () => {
    const connectionString = url();
    const founding = [inspection('a')];
    const admissions = [inspection('b'), inspection('b')];
    // #region open-and-append
    const store = await PostgresEventStore.open({ connectionString, schema: 'hoptac', poolConfig: { max: 10 } });
    // both streams in one transaction: all of it or none of it
    await store.appendMany([
      { stream: 'organisation-a', events: founding, expectedVersion: 'no-stream' },
      { stream: 'organisation-b', events: admissions, expectedVersion: 'no-stream' },
    ]);
    // a projection's read model and its checkpoint, committed together
    let count = 0;
    for await (const event of store.readAll({ filter: { streamPrefix: 'organisation-' } })) count += event.type === 'InspectionRecorded' ? 1 : 0;
    await store.saveCheckpointWithState('inspection-count', { position: await store.headPosition(), projectionVersion: 1 }, JSON.stringify({ count }));
    await store.close();
    // #endregion open-and-append
    const reopened = await open('hoptac');
    expect(await reopened.loadCheckpointWithState('inspection-count')).toEqual({
      checkpoint: { position: 3, projectionVersion: 1 },
      stateJson: '{"count":3}',
    });
  });

  describe('schema migration', () => {
    it('migrates a schema once, however many stores open it at the same time', async () => {
      const stores = await Promise.all(Array.from({ length: 4 }, () => open('migrate_race')));
      const again = await open('migrate_race');
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        const { rows } = await client.query('SELECT version FROM migrate_race.hoptac_schema_migrations ORDER BY version');
        expect(rows.map((row) => row.version)).toEqual(MIGRATIONS.map((migration) => migration.version));
      } finally {
        await client.end();
      }
      expect(await again.headPosition()).toBe(0);
      expect(stores).toHaveLength(4);
    });

    it('keeps two schemas of one database apart', async () => {
      const left = await open('apart_left');
      const right = await open('apart_right');
      await left.append('organisation-a', [inspection('a')], { expectedVersion: 'no-stream' });
      expect(await left.headPosition()).toBe(1);
      expect(await right.headPosition()).toBe(0);
      expect(await right.streamVersion('organisation-a')).toBe(0);
    });

    it('refuses a schema name that is not a plain identifier', async () => {
      await expect(PostgresEventStore.open({ connectionString: url(), schema: 'x; DROP TABLE y' })).rejects.toThrow(/schema name/);
    });
  });

  describe('writers on separate connections', () => {
    it('lets exactly one of several stores racing on each version win; the others get ConcurrencyError', async () => {
      const writers = await Promise.all(Array.from({ length: 5 }, () => open('race')));
      const stream = 'organisation-raced';
      for (let version = 0; version < 6; version++) {
        const outcomes = await Promise.allSettled(
          writers.map((writer) => writer.append(stream, [inspection('raced')], { expectedVersion: version })),
        );
        const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
        const lost = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost.every((outcome) => isConcurrencyError(outcome.reason))).toBe(true);
        expect(lost.map((outcome) => outcome.reason)).toEqual(
          lost.map(() => expect.objectContaining({ streamName: stream, expected: version, actual: version + 1 })),
        );
      }
      expect((await writers[0]?.readStream(stream))?.map((event) => event.streamVersion)).toEqual([1, 2, 3, 4, 5, 6]);
    });

    it('delivers every event of concurrent transactions on different streams exactly once, in position order', async () => {
      const reader = await open('fanin', { pollIntervalMs: 60_000 });
      const writers = await Promise.all(Array.from({ length: 4 }, () => open('fanin')));
      const seen: RecordedEvent[] = [];
      const subscription = reader.subscribe({ from: 1 }, (event) => {
        seen.push(event);
      });
      const rounds = 15;
      await Promise.all(
        writers.map(async (writer, index) => {
          for (let round = 0; round < rounds; round++)
            await writer.appendMany([
              { stream: `organisation-w${index}`, events: [inspection(`w${index}`)], expectedVersion: round },
              { stream: `organisation-x${index}-${round}`, events: [inspection(`x${index}`), inspection(`x${index}`)], expectedVersion: 'no-stream' },
            ]);
        }),
      );
      const total = writers.length * rounds * 3;
      // the reader's poll interval is a minute: only NOTIFY from the other connections can wake it in time
      await waitFor(() => seen.length >= total, `${total} events`);
      await subscription.stop();
      expect(seen.map((event) => event.globalPosition)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      expect(new Set(seen.map((event) => event.eventId)).size).toBe(total);
    });

    it('keeps a subscriber from skipping past a transaction that holds the head while later writers wait', async () => {
      const store = await open('held');
      const other = await open('held');
      const seen: number[] = [];
      const subscription = other.subscribe({ from: 1 }, (event) => {
        seen.push(event.globalPosition);
      });
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      // an open transaction holding the head row: a concurrent append must wait for it, not overtake it
      const holder = store.transaction(async (client) => {
        await client.query('SELECT last_position FROM held.head WHERE id FOR UPDATE');
        await held;
      });
      const waiting = other.append('organisation-late', [inspection('late')], { expectedVersion: 'no-stream' });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(seen).toEqual([]);
      release();
      await holder;
      const result = await waiting;
      await waitFor(() => seen.length === 1, 'the waiting append');
      await subscription.stop();
      expect(result.events[0]?.globalPosition).toBe(1);
      expect(seen).toEqual([1]);
    });
  });

  describe('big batches', () => {
    it('imports a large appendMany in chunked multi-row inserts with gap-free positions and a whole hash chain', async () => {
      const store = await open('bulk', { insertChunk: 300 });
      const requests = Array.from({ length: 40 }, (_, s) => ({
        stream: `organisation-bulk${s}`,
        events: Array.from({ length: 50 }, () => inspection(`bulk${s}`)),
        expectedVersion: 'no-stream' as const,
      }));
      const results = await store.appendMany(requests);
      expect(results.map((result) => result.streamVersion)).toEqual(requests.map(() => 50));
      expect(await store.headPosition()).toBe(2000);
      const read: RecordedEvent[] = [];
      for await (const event of store.readAll({ from: 1 })) read.push(event);
      expect(read.map((event) => event.globalPosition)).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
      expect(read).toEqual(results.flatMap((result) => result.events));
      const backwards: number[] = [];
      for await (const event of store.readAll({ direction: 'backwards', from: 1200, limit: 700, filter: { streamPrefix: 'organisation-bulk1' } }))
        backwards.push(event.globalPosition);
      // organisation-bulk1 and bulk10..bulk19 match the prefix; bulk19 ends at position 1000, the last at or before 1200
      expect(backwards[0]).toBe(1000);
      expect(backwards).toHaveLength(11 * 50);
      expect(backwards.every((position, i) => i === 0 || position < (backwards[i - 1] as number))).toBe(true);
    });

    it('stores nothing of a big batch when its last stream has a wrong expected version', async () => {
      const store = await open('bulk_reject', { insertChunk: 100 });
      await store.append('organisation-last', [inspection('last')], { expectedVersion: 'no-stream' });
      const requests = [
        ...Array.from({ length: 10 }, (_, s) => ({
          stream: `organisation-part${s}`,
          events: Array.from({ length: 60 }, () => inspection(`part${s}`)),
          expectedVersion: 'no-stream' as const,
        })),
        { stream: 'organisation-last', events: [inspection('last')], expectedVersion: 0 },
      ];
      await expect(store.appendMany(requests)).rejects.toMatchObject({ name: 'ConcurrencyError', streamName: 'organisation-last' });
      expect(await store.headPosition()).toBe(1);
      expect(await store.streamVersion('organisation-part0')).toBe(0);
    });
  });

  describe('checkpoints with the read model', () => {
    it('saves the read model and its checkpoint in the caller transaction, or neither when it rolls back', async () => {
      const store = await open('models');
      await store.transaction((client) => client.query('CREATE TABLE models.directory (id text PRIMARY KEY, name text)'));
      // #region read-model-transaction
      await store.transaction(async (client) => {
        await client.query(`INSERT INTO models.directory VALUES ('org-1', 'HTX Đồng Tâm')`);
        await store.saveCheckpointWithState('directory', { position: 4, projectionVersion: 1 }, '{"count":1}', client);
      });
      // #endregion read-model-transaction
      await expect(
        store.transaction(async (client) => {
          await client.query(`INSERT INTO models.directory VALUES ('org-2', 'HTX Vĩnh Bảo')`);
          await store.saveCheckpointWithState('directory', { position: 9, projectionVersion: 1 }, '{"count":2}', client);
          throw new Error('projection failed half way');
        }),
      ).rejects.toThrow('half way');
      expect(await store.loadCheckpointWithState('directory')).toEqual({ checkpoint: { position: 4, projectionVersion: 1 }, stateJson: '{"count":1}' });
      expect(await store.checkpoints.load('directory')).toEqual({ position: 4, projectionVersion: 1 });
      const rows = await store.transaction((client) => client.query('SELECT id FROM models.directory'));
      expect(rows.rows.map((row) => row.id)).toEqual(['org-1']);
    });

    it('saves a checkpoint with state in its own transaction, and a plain save drops the state', async () => {
      const store = await open('models_own');
      await store.saveCheckpointWithState('p', { position: 2, projectionVersion: 3 }, '[1,2]');
      expect(await store.loadCheckpointWithState('p')).toEqual({ checkpoint: { position: 2, projectionVersion: 3 }, stateJson: '[1,2]' });
      await store.checkpoints.save('p', { position: 5, projectionVersion: 3 });
      expect(await store.loadCheckpointWithState('p')).toEqual({ checkpoint: { position: 5, projectionVersion: 3 }, stateJson: undefined });
    });
  });

  describe('closing', () => {
    it('stops its subscriptions on close and refuses further use', async () => {
      const store = await PostgresEventStore.open({ connectionString: url(), schema: 'closing' });
      const subscription = store.subscribe({}, () => undefined);
      await store.close();
      await expect(subscription.done).resolves.toBeUndefined();
      await expect(store.headPosition()).rejects.toThrow(/closed/);
    });
  });

  describe('conformance', () => {
    // one store on a shared schema serves every test of the suite, as the suite allows; closed with the others
    let shared: Promise<PostgresEventStore> | undefined;
    storeConformanceSuite('PostgresEventStore', {
      create: () => (shared ??= open('conformance')),
      destroy: async () => undefined,
    });
  });
});
