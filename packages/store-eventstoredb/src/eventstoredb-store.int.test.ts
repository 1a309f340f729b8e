import { randomUUID } from 'node:crypto';
import { EventStoreDBClient, FORWARDS, START } from '@eventstore/db-client';
import { isConcurrencyError, type NewEvent, type RecordedEvent } from '@hoptac/core';
import { storeConformanceSuite } from '@hoptac/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { EventStoreDbEventStore } from './eventstoredb-store';
import { esdbEventId } from './mapping';

// Runs only against a real server named by HOPTAC_ESDB_URL, e.g. esdb://localhost:2113?tls=false (see docs/stores.md).
const url = process.env.HOPTAC_ESDB_URL;
if (url === undefined) console.log('skipped: no EventStoreDB (set HOPTAC_ESDB_URL)');

// every run gets its own log and checkpoint streams, so runs on one server never see each other's positions
const run = randomUUID().slice(0, 8);
const names = { logStream: `hoptac-log-test${run}`, checkpointPrefix: `hoptac-checkpoint-test${run}-` };

let counter = 0;
const inspection = (organisationId: string): NewEvent =>
  ({
    type: 'InspectionRecorded',
    occurredOn: '2030-01-02',
    data: { organisationId, inspectionId: `insp-${++counter}`, authority: 'district office', findings: [] },
    eventId: `esdb-${run}-${counter}`,
    recordedAt: '2030-01-02T08:00:00.000Z',
    metadata: { correlationId: `corr-${run}` },
  }) as NewEvent;

const waitFor = async (ready: () => boolean, what: string): Promise<void> => {
  const deadline = Date.now() + 10_000;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe.skipIf(url === undefined)('EventStoreDbEventStore on a real server', () => {
  const opened: EventStoreDbEventStore[] = [];
  const open = async () => {
    const store = await EventStoreDbEventStore.open({ connectionString: url as string, ...names, pollIntervalMs: 200 });
    opened.push(store);
    return store;
  };

  afterAll(async () => {
    await Promise.all(opened.map((store) => store.close()));
  });

  it('opens a store on the server named by HOPTAC_ESDB_URL and appends a reorganisation across streams', async () => {
    const connectionString = url as string;
    const [source, successor] = [`organisation-src${run}`, `organisation-succ${run}`];
    const [ceased, founded] = [[inspection('src')], [inspection('succ')]];
    // #region open-and-append
    const store = await EventStoreDbEventStore.open({
      connectionString, // e.g. esdb://localhost:2113?tls=false
      ...names, // logStream, checkpointPrefix: defaults hoptac-log and hoptac-checkpoint-
      onFanOutError: (error, stream) => console.warn(`derived copy of ${stream} is behind: ${error.message}`),
    });
    // committed whole as one event on the log stream, then copied to each organisation's own stream
    await store.appendMany([
      { stream: source, events: ceased, expectedVersion: 'no-stream' },
      { stream: successor, events: founded, expectedVersion: 'no-stream' },
    ]);
    await store.repairFanOut(); // after a crash: rewrite any derived copy still missing
    await store.close();
    // #endregion open-and-append
    const reopened = await open();
    expect(await reopened.streamVersion(source)).toBe(1);
    expect(await reopened.streamVersion(successor)).toBe(1);
  });

  it('writes a multi-stream batch as one log event, then each event to its own stream with a derived UUID and both clocks', async () => {
    const store = await open();
    const [a, b] = [`organisation-fan${run}a`, `organisation-fan${run}b`];
    await store.appendMany([
      { stream: a, events: [inspection('a')], expectedVersion: 'no-stream' },
      { stream: b, events: [inspection('b'), inspection('b')], expectedVersion: 'no-stream' },
    ]);
    const client = EventStoreDBClient.connectionString(url as string);
    try {
      const copies = [];
      for await (const resolved of client.readStream(b, { direction: FORWARDS, fromRevision: START })) copies.push(resolved.event);
      expect(copies.map((copy) => copy?.revision)).toEqual([0n, 1n]);
      expect(copies[0]?.id).toBe(esdbEventId(`esdb-${run}-2`));
      expect(copies[0]?.metadata).toMatchObject({ occurredOn: '2030-01-02', recordedAt: '2030-01-02T08:00:00.000Z', $correlationId: `corr-${run}` });
      const log = [];
      for await (const resolved of client.readStream(names.logStream, { direction: FORWARDS, fromRevision: START })) log.push(resolved.event);
      expect(log.at(-1)?.type).toBe('HoptacBatchCommitted');
    } finally {
      await client.dispose();
    }
  });

  it('lets exactly one of two store instances (two clients) win each version; the other gets ConcurrencyError', async () => {
    const [left, right] = [await open(), await open()];
    const stream = `organisation-race${run}`;
    for (let version = 0; version < 3; version++) {
      const outcomes = await Promise.allSettled([left, right].map((store) => store.append(stream, [inspection('race')], { expectedVersion: version })));
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      const lost = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      expect(isConcurrencyError(lost?.reason)).toBe(true);
    }
    expect((await right.readStream(stream)).map((event) => event.streamVersion)).toEqual([1, 2, 3]);
  });

  it('follows the derived streams through $all with a server-side stream prefix filter', async () => {
    const store = await open();
    const prefix = `organisation-derived${run}`;
    const seen: RecordedEvent[] = [];
    const subscription = store.subscribeDerived({ filter: { streamPrefix: prefix } }, (event) => {
      seen.push(event);
    });
    await store.append(`${prefix}-x`, [inspection('x'), inspection('x')], { expectedVersion: 'no-stream' });
    await waitFor(() => seen.length === 2, 'two derived events');
    await subscription.stop();
    expect(seen.map((event) => event.streamVersion)).toEqual([1, 2]);
  });

  let shared: Promise<EventStoreDbEventStore> | undefined;
  storeConformanceSuite('EventStoreDbEventStore', {
    create: () => (shared ??= open()),
    destroy: async () => undefined,
  });
});
