import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryEventStore, importNdjson, ndjsonLines, verifyChain, type EventStore } from '@hoptac/core';
import { buildReport, vinhBaoPlan } from '@hoptac/indicators-nq20';
import { EventStoreDbEventStore } from '@hoptac/store-eventstoredb';
import { PostgresEventStore } from '@hoptac/store-postgres';
import { createTestDatabase } from '@hoptac/store-postgres/testing';
import { openSqliteEventStore } from '@hoptac/store-sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { findSample } from './cli';
import { loadIndicators } from './load';

const sample = findSample(process.cwd()) as string;
const directory = mkdtempSync(join(tmpdir(), 'hoptac-stores-agree-'));
const database = await createTestDatabase();
const esdbUrl = process.env.HOPTAC_ESDB_URL;
if (esdbUrl === undefined) console.log('skipped (EventStoreDB part): no EventStoreDB (set HOPTAC_ESDB_URL)');

type Opener = [name: string, open: () => Promise<EventStore>];
const stores: Opener[] = [
  ['memory', async () => new MemoryEventStore()],
  ['SQLite', async () => openSqliteEventStore(join(directory, 'agree.sqlite'))],
];
if (database) stores.push(['PostgreSQL', () => PostgresEventStore.open({ connectionString: database.connectionString })]);
// EventStoreDB appends are limited to 1 MiB per batch, so its import below uses small chunks
if (esdbUrl) stores.push(['EventStoreDB', () => EventStoreDbEventStore.open({ connectionString: esdbUrl })]);

afterAll(async () => {
  await database?.drop();
  rmSync(directory, { recursive: true, force: true });
});

describe('the indicator report over every store', () => {
  it('is identical for the same history, as known then and as known now', async () => {
    const reports = new Map<string, unknown>();
    for (const [name, open] of stores) {
      const store = await open();
      try {
        await importNdjson(store, () => ndjsonLines(createReadStream(sample)), { chunkSize: name === 'EventStoreDB' ? 500 : 10_000 });
        expect((await verifyChain(store.readAll())).problem, `${name}: chain`).toBeUndefined();
        const { state } = await loadIndicators(store);
        reports.set(name, [
          buildReport(state, vinhBaoPlan, { asOf: '2026-12-31', knownAt: '2027-01-05T00:00:00.000Z' }),
          buildReport(state, vinhBaoPlan, { asOf: '2025-12-31', knownAt: '2026-01-10T00:00:00.000Z' }),
          buildReport(state, vinhBaoPlan, { asOf: '2025-12-31', knownAt: '2031-12-31T00:00:00.000Z' }),
        ]);
      } finally {
        await store.close();
      }
    }
    const [reference, ...others] = [...reports];
    expect(others.length).toBeGreaterThan(0);
    for (const [name, report] of others) expect(report, `${name} against ${reference?.[0]}`).toEqual(reference?.[1]);
  });
});
