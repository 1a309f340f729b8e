import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConcurrencyError, GENESIS_HASH, IdempotencyError, InvalidEventError, chainHash } from '@hoptac/core';
import type { RecordedEvent } from '@hoptac/core';
import { admission } from '../test/events';
import { SCHEMA_VERSION, openSqliteEventStore, type SqliteEventStore } from './index';

let dir: string;
let file: string;
const opened: SqliteEventStore[] = [];
const open = (options: Parameters<typeof openSqliteEventStore>[1] = {}): SqliteEventStore => {
  const store = openSqliteEventStore(file, options);
  opened.push(store);
  return store;
};
const collect = async (events: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> => {
  const list: RecordedEvent[] = [];
  for await (const event of events) list.push(event);
  return list;
};
const ids = (events: readonly RecordedEvent[]): string[] => events.map((event) => event.eventId);
const until = async (condition: () => boolean): Promise<void> => {
  for (let tries = 0; !condition(); tries++) {
    if (tries > 500) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hoptac-sqlite-'));
  file = join(dir, 'events.db');
});
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('opening a file', () => {
  it('creates the schema in WAL mode and records its version', () => {
    const store = open();
    expect(store.database.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.database.pragma('synchronous', { simple: true })).toBe(1);
    expect(store.database.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
  });

  it('uses an fsync per commit when asked for full durability', () => {
    expect(open({ durability: 'full' }).database.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('checkpoints the write-ahead log every 4,000 pages unless told otherwise', () => {
    expect(open().database.pragma('wal_autocheckpoint', { simple: true })).toBe(4000);
    expect(open({ checkpointPages: 1000 }).database.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });

  it('refuses a file written by a newer schema', () => {
    const raw = new BetterSqlite3(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => open()).toThrow(/newer than/);
  });

  it('keeps events and the hash chain across reopening', async () => {
    const first = open();
    await first.append('organisation-a', [admission('e1', 'a'), admission('e2', 'a')], { expectedVersion: 'no-stream' });
    await first.close();
    const second = open();
    await second.append('organisation-b', [admission('e3', 'b')], { expectedVersion: 0 });
    const all = await collect(second.readAll());
    expect(all.map((event) => event.globalPosition)).toEqual([1, 2, 3]);
    let previous = GENESIS_HASH;
    for (const event of all) {
      expect(event.hash).toBe(chainHash(previous, event));
      previous = event.hash;
    }
    expect(await second.streamVersion('organisation-a')).toBe(2);
    expect(await second.headPosition()).toBe(3);
  });
});

describe('appending', () => {
  it('refuses a stale expected version with the stream, expected and actual versions', async () => {
    const store = open();
    await store.append('organisation-a', [admission('e1', 'a')], { expectedVersion: 0 });
    const error = await store.append('organisation-a', [admission('e2', 'a')], { expectedVersion: 0 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(error).toMatchObject({ streamName: 'organisation-a', expected: 0, actual: 1 });
    expect(await store.headPosition()).toBe(1);
  });

  it('writes a multi-stream batch whole or not at all', async () => {
    const store = open();
    await store.append('organisation-b', [admission('b1', 'b')], { expectedVersion: 0 });
    await expect(
      store.appendMany([
        { stream: 'organisation-a', events: [admission('a1', 'a')], expectedVersion: 0 },
        { stream: 'organisation-b', events: [admission('b2', 'b')], expectedVersion: 0 },
      ]),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await store.headPosition()).toBe(1);
    expect(await store.streamVersion('organisation-a')).toBe(0);
    const results = await store.appendMany([
      { stream: 'organisation-a', events: [admission('a1', 'a')], expectedVersion: 'no-stream' },
      { stream: 'organisation-b', events: [admission('b2', 'b')], expectedVersion: 1 },
      { stream: 'organisation-a', events: [admission('a2', 'a')], expectedVersion: 1 },
    ]);
    expect(results.map((result) => [result.stream, result.streamVersion])).toEqual([
      ['organisation-a', 1],
      ['organisation-b', 2],
      ['organisation-a', 2],
    ]);
    expect(results.flatMap((result) => result.events.map((event) => event.globalPosition))).toEqual([2, 3, 4]);
  });

  it('answers a repeated batch with the stored events and writes nothing', async () => {
    const store = open();
    const batch = [admission('e1', 'a'), admission('e2', 'a')];
    const first = await store.append('organisation-a', batch, { expectedVersion: 0 });
    await store.append('organisation-a', [admission('e3', 'a')], { expectedVersion: 2 });
    const again = await store.append('organisation-a', batch, { expectedVersion: 0 });
    expect(again).toEqual(first);
    expect(await store.headPosition()).toBe(3);
  });

  it('refuses a partial repeat and an id stored in another stream', async () => {
    const store = open();
    await store.append('organisation-a', [admission('e1', 'a')], { expectedVersion: 0 });
    await expect(store.append('organisation-a', [admission('e1', 'a'), admission('e2', 'a')], { expectedVersion: 1 })).rejects.toBeInstanceOf(
      IdempotencyError,
    );
    await expect(store.append('organisation-b', [admission('e1', 'b')], { expectedVersion: 'any' })).rejects.toBeInstanceOf(IdempotencyError);
    expect(await store.headPosition()).toBe(1);
  });

  it('rejects an invalid event before writing, naming the field', async () => {
    const store = open();
    const bad = { ...admission('e1', 'a'), recordedAt: 'yesterday' };
    const error = await store.append('organisation-a', [bad], { expectedVersion: 0 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidEventError);
    expect(error).toMatchObject({ field: 'recordedAt' });
    expect(await store.headPosition()).toBe(0);
  });

  it('skips the schema checks for a batch checked before, but still refuses an id twice in it', async () => {
    const store = open();
    const results = await store.appendMany([{ stream: 'organisation-a', events: [admission('e1', 'a'), admission('e2', 'a')], expectedVersion: 0 }], {
      validated: true,
    });
    expect(results[0]?.events.map((event) => event.streamVersion)).toEqual([1, 2]);
    await expect(
      store.appendMany([{ stream: 'organisation-a', events: [admission('e3', 'a'), admission('e3', 'a')], expectedVersion: 2 }], { validated: true }),
    ).rejects.toBeInstanceOf(IdempotencyError);
    expect(await store.headPosition()).toBe(2);
  });

  it('serialises two connections on one file: exactly one wins a version, positions stay gap-free', async () => {
    const left = open();
    const right = open();
    const outcomes = await Promise.allSettled([
      left.append('organisation-a', [admission('l1', 'a')], { expectedVersion: 0 }),
      right.append('organisation-a', [admission('r1', 'a')], { expectedVersion: 0 }),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.status === 'rejected' && outcome.reason instanceof ConcurrencyError)).toHaveLength(1);
    for (let index = 0; index < 20; index++) {
      const writer = index % 2 === 0 ? left : right;
      await writer.append(`organisation-${index % 3}`, [admission(`x${index}`, String(index % 3))], { expectedVersion: 'any' });
    }
    const all = await collect(left.readAll());
    expect(all.map((event) => event.globalPosition)).toEqual(Array.from({ length: 21 }, (_, index) => index + 1));
  });
});

describe('a bulk import', () => {
  // what an export of another store holds: positions from 1, hashes chained from genesis
  const exported = async (count: number): Promise<RecordedEvent[]> => {
    const source = openSqliteEventStore(':memory:');
    const events = Array.from({ length: count }, (_, index) => admission(`b${index + 1}`, `org-${index % 3}`));
    for (const event of events)
      await source.append(`organisation-${(event.data as { organisationId: string }).organisationId}`, [event], { expectedVersion: 'any' });
    const all = await collect(source.readAll());
    await source.close();
    return all;
  };

  it('holds the write lock until commit: other connections see nothing of it, and their appends wait, then fail', async () => {
    const store = open();
    const other = open({ busyTimeoutMs: 50 });
    const bulk = await store.beginBulkImport();
    await bulk.write(await exported(6), true);
    expect(await other.headPosition()).toBe(0);
    await expect(other.append('organisation-x', [admission('x1', 'x')], { expectedVersion: 0 })).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    // this store's own calls wait for the import instead of seeing (or joining) its transaction
    const own = store.headPosition();
    await bulk.commit();
    expect(await own).toBe(6);
    expect(await other.headPosition()).toBe(6);
    expect(ids(await collect(other.readAll()))).toEqual(['b1', 'b2', 'b3', 'b4', 'b5', 'b6']);
  });

  it('leaves nothing when the store closes (or the process dies) before commit', async () => {
    const store = open();
    const bulk = await store.beginBulkImport();
    await bulk.write(await exported(4), true);
    await store.close();
    await expect(bulk.commit()).rejects.toThrow();
    const reopened = open();
    expect(await reopened.headPosition()).toBe(0);
    await reopened.append('organisation-x', [admission('x1', 'x')], { expectedVersion: 0 });
    expect(await reopened.headPosition()).toBe(1);
  });
});

describe('reading', () => {
  const fill = async (store: SqliteEventStore, count: number): Promise<void> => {
    const events = Array.from({ length: count }, (_, index) =>
      admission(`e${index + 1}`, index % 2 === 0 ? 'even' : 'odd', index % 3 === 0 ? 'district-x' : undefined),
    );
    await store.appendMany([
      { stream: 'organisation-even', events: events.filter((_, index) => index % 2 === 0), expectedVersion: 0 },
      { stream: 'organisation-odd', events: events.filter((_, index) => index % 2 === 1), expectedVersion: 0 },
    ]);
  };

  it('reads the global order in pages, forwards and backwards, from a position, up to a limit', async () => {
    const store = open();
    await fill(store, 2500);
    const all = await collect(store.readAll());
    expect(all.map((event) => event.globalPosition)).toEqual(Array.from({ length: 2500 }, (_, index) => index + 1));
    expect((await collect(store.readAll({ from: 1200, limit: 1500 }))).map((event) => event.globalPosition)).toEqual(
      Array.from({ length: 1301 }, (_, index) => 1200 + index),
    );
    const backwards = await collect(store.readAll({ direction: 'backwards', from: 1001, limit: 1001 }));
    expect(backwards.map((event) => event.globalPosition)).toEqual(Array.from({ length: 1001 }, (_, index) => 1001 - index));
    expect(await collect(store.readAll({ limit: 0 }))).toEqual([]);
  });

  it('filters by stream prefix, type and tenant', async () => {
    const store = open();
    await fill(store, 30);
    await store.append('territory-administrative-units', [
      {
        type: 'AdministrativeUnitsReorganised',
        occurredOn: '2025-07-01',
        eventId: 'units-1',
        recordedAt: '2025-07-01T00:00:00.000Z',
        data: { reorganisationId: 'r1', decisionRef: 'NQ 1', merges: [], abolished: ['district-x'] },
      },
    ], { expectedVersion: 0 });
    expect(await collect(store.readAll({ filter: { streamPrefix: 'organisation-o' } }))).toHaveLength(15);
    expect(ids(await collect(store.readAll({ filter: { types: ['AdministrativeUnitsReorganised'] } })))).toEqual(['units-1']);
    expect(await collect(store.readAll({ filter: { types: [] } }))).toEqual([]);
    const tenant = await collect(store.readAll({ filter: { tenant: 'district-x', streamPrefix: 'organisation-even' }, limit: 3 }));
    expect(ids(tenant)).toEqual(['e1', 'e7', 'e13']);
  });

  it('reads a stream from a version, forwards or backwards, up to a limit', async () => {
    const store = open();
    await fill(store, 20);
    expect((await store.readStream('organisation-even', { from: 3, limit: 2 })).map((event) => event.streamVersion)).toEqual([3, 4]);
    expect((await store.readStream('organisation-even', { direction: 'backwards', limit: 3 })).map((event) => event.streamVersion)).toEqual([
      10, 9, 8,
    ]);
    expect(await store.readStream('organisation-none')).toEqual([]);
  });

  it('returns the same events with or without read validation', async () => {
    const store = open();
    await fill(store, 10);
    const trusted = open({ validateOnRead: false });
    expect(await collect(trusted.readAll())).toEqual(await collect(store.readAll()));
    expect(await trusted.readStream('organisation-odd')).toEqual(await store.readStream('organisation-odd'));
  });

  it('reports a stored row that no longer validates, with its stream and version', async () => {
    const store = open();
    await fill(store, 2);
    store.database.prepare(`UPDATE events SET data = '{"organisationId":""}' WHERE global_position = 2`).run();
    const error = await store.readStream('organisation-odd').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidEventError);
    expect(error).toMatchObject({ location: { stream: 'organisation-odd', streamVersion: 1 } });
  });
});

describe('subscribing', () => {
  it('catches up, then follows appends of this process at once', async () => {
    const store = open({ pollIntervalMs: 60_000 });
    await store.append('organisation-a', [admission('e1', 'a')], { expectedVersion: 0 });
    const seen: string[] = [];
    const subscription = store.subscribe({ from: 1 }, (event) => {
      seen.push(event.eventId);
    });
    await until(() => seen.length === 1);
    await store.append('organisation-a', [admission('e2', 'a'), admission('e3', 'a')], { expectedVersion: 1 });
    await until(() => seen.length === 3);
    await subscription.stop();
    expect(seen).toEqual(['e1', 'e2', 'e3']);
  });

  it('sees appends made through another connection by polling', async () => {
    const writer = open();
    const reader = open({ pollIntervalMs: 20 });
    const seen: string[] = [];
    const subscription = reader.subscribe({ filter: { streamPrefix: 'organisation-b' } }, (event) => {
      seen.push(event.eventId);
    });
    // a raw connection, so no in-process wake-up can help
    const other = openSqliteEventStore(file);
    await other.append('organisation-a', [admission('a1', 'a')], { expectedVersion: 0 });
    await other.append('organisation-b', [admission('b1', 'b')], { expectedVersion: 0 });
    await other.close();
    await until(() => seen.length === 1);
    await writer.append('organisation-b', [admission('b2', 'b')], { expectedVersion: 1 });
    await until(() => seen.length === 2);
    await subscription.stop();
    expect(seen).toEqual(['b1', 'b2']);
  });

  it('ends with the handler error, and stops when the store closes', async () => {
    const store = open();
    await store.append('organisation-a', [admission('e1', 'a')], { expectedVersion: 0 });
    const failing = store.subscribe({}, () => {
      throw new Error('projection broke');
    });
    await expect(failing.done).rejects.toThrow('projection broke');
    const idle = store.subscribe({ from: 2 }, () => undefined);
    await store.close();
    await expect(idle.done).resolves.toBeUndefined();
  });
});

describe('checkpoints', () => {
  it('saves and loads a checkpoint, and a state saved with it', async () => {
    const store = open();
    expect(await store.checkpoints.load('members')).toBeUndefined();
    await store.checkpoints.save('members', { position: 10, projectionVersion: 2 });
    expect(await store.checkpoints.load('members')).toEqual({ position: 10, projectionVersion: 2 });
    await store.saveCheckpointWithState('members', { position: 12, projectionVersion: 2 }, '{"count":7}');
    await store.close();
    const reopened = open();
    expect(await reopened.loadCheckpointWithState('members')).toEqual({
      checkpoint: { position: 12, projectionVersion: 2 },
      stateJson: '{"count":7}',
    });
    // a checkpoint saved without state must not keep a state from an earlier position
    await reopened.checkpoints.save('members', { position: 13, projectionVersion: 2 });
    expect((await reopened.loadCheckpointWithState('members'))?.stateJson).toBeUndefined();
  });

  it('refuses to work after close', async () => {
    const store = open();
    await store.close();
    await expect(store.headPosition()).rejects.toThrow(/closed/);
    await expect(store.append('organisation-a', [admission('e1', 'a')], { expectedVersion: 0 })).rejects.toThrow(/closed/);
  });
});

describe('the documented example', () => {
  it('opens a file, appends a batch across streams and reads it back', async () => {
    const path = file;
    const foundingBatch = [admission('e1', 'a')];
    const admissionBatch = [admission('e2', 'b')];
    const seen: string[] = [];
    // #region open-and-append
    const store = openSqliteEventStore(path, { durability: 'normal' });
    // both streams are written in one transaction: all of it or none of it
    await store.appendMany([
      { stream: 'organisation-a', events: foundingBatch, expectedVersion: 'no-stream' },
      { stream: 'organisation-b', events: admissionBatch, expectedVersion: 'no-stream' },
    ]);
    for await (const event of store.readAll({ filter: { streamPrefix: 'organisation-' } }))
      seen.push(`${event.globalPosition} ${event.stream} ${event.type}`);
    await store.close();
    // #endregion open-and-append
    expect(seen).toEqual(['1 organisation-a MemberAdmitted', '2 organisation-b MemberAdmitted']);
  });
});
