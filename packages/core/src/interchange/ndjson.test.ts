import { describe, expect, it } from 'vitest';
import { InvalidEventError } from '../errors';
import type { NewEvent, RecordedEvent } from '../events';
import { GENESIS_HASH, chainHash, type HashedContent } from '../integrity';
import { organisationStream } from '../organisation/events';
import type { AppendRequest, AppendResult, EventStore, ExpectedVersion } from '../store/port';
import { verifyChain } from '../verify-chain';
import { MemoryEventStore } from '../store/memory-store';
import { asNewEvent, event } from '../testing';
import { exportNdjson, importNdjson, ndjsonLines } from './ndjson';

const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
};

const sourceStore = async () => {
  const store = new MemoryEventStore();
  for (const organisationId of ['coop-1', 'coop-2']) {
    const events = [...event.founding({ organisationId }), event.ratingRecorded({ organisationId })];
    await store.append(
      organisationStream(organisationId),
      events.map((domainEvent, index) => asNewEvent(domainEvent, `${organisationId}-${index + 1}`, undefined, { actor: 'officer-1' })),
      { expectedVersion: 'no-stream' },
    );
  }
  return store;
};

// splits text into byte chunks that cut lines (and multi-byte characters) anywhere
async function* chunksOf(text: string, size: number) {
  const bytes = Buffer.from(text);
  for (let start = 0; start < bytes.length; start += size) yield bytes.subarray(start, start + size);
}
const exportedLines = async () => (await collect(exportNdjson(await sourceStore()))).map((line) => line.trimEnd());
const linesOf = (lines: readonly string[]) => async function* () {
  yield* lines;
};
// rewrites the hash chain after a line was edited on purpose, so only the edit itself is wrong
const rechain = (lines: readonly string[]): string[] => {
  let previous = GENESIS_HASH;
  return lines.map((line) => {
    const raw = JSON.parse(line) as HashedContent & { hash: string };
    raw.hash = chainHash(previous, raw);
    previous = raw.hash;
    return JSON.stringify(raw);
  });
};
const editLine = (lines: readonly string[], index: number, edit: (raw: Record<string, any>) => void): string[] =>
  lines.map((line, at) => {
    if (at !== index) return line;
    const raw = JSON.parse(line);
    edit(raw);
    return JSON.stringify(raw);
  });

describe('NDJSON export and import', () => {
  it('round-trips a whole store: same events, envelopes and hashes', async () => {
    const source = await sourceStore();
    const text = (await collect(exportNdjson(source))).join('');
    const target = new MemoryEventStore();
    const summary = await importNdjson(target, () => ndjsonLines(chunksOf(text, 1000)));
    expect(summary).toEqual({ lines: 14, written: 14, alreadyPresent: 0 });
    expect(await collect(target.readAll())).toEqual(await collect(source.readAll()));
  });

  it('exports only what a filter passes', async () => {
    const lines = await collect(exportNdjson(await sourceStore(), { types: ['RatingRecorded'] }));
    expect(lines.map((line) => (JSON.parse(line) as RecordedEvent).eventId)).toEqual(['coop-1-7', 'coop-2-7']);
  });

  it('reports a bad field with its line number and stores nothing of the file', async () => {
    const lines = rechain(editLine(await exportedLines(), 9, (raw) => (raw.data.memberId = 'not a valid id!')));
    const target = new MemoryEventStore();
    const error = await importNdjson(target, linesOf(lines)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidEventError);
    expect(error).toMatchObject({ location: { line: 10 }, field: 'data.memberId' });
    expect(await target.headPosition()).toBe(0);
  });

  it('reports a line that is not JSON', async () => {
    const lines = (await exportedLines()).map((line, index) => (index === 1 ? '{"type": "MemberAdmitted",' : line));
    await expect(importNdjson(new MemoryEventStore(), linesOf(lines))).rejects.toMatchObject({ location: { line: 2 }, field: '(line)' });
  });

  it('reports an edited line through the hash chain', async () => {
    const lines = editLine(await exportedLines(), 3, (raw) => (raw.occurredOn = '2024-01-16'));
    await expect(importNdjson(new MemoryEventStore(), linesOf(lines))).rejects.toMatchObject({ location: { line: 4 }, field: 'hash' });
  });

  it('reports a gap in a stream’s versions', async () => {
    const lines = (await exportedLines()).filter((_, index) => index !== 2);
    await expect(importNdjson(new MemoryEventStore(), linesOf(rechain(lines)), { verifyChain: false })).rejects.toMatchObject({
      location: { line: 3 },
      field: 'streamVersion',
    });
  });

  it('reads an event stored under an older schema version as the current one', async () => {
    const lines = rechain(
      editLine(await exportedLines(), 6, (raw) => {
        raw.schemaVersion = 1;
        delete raw.data.scheme;
      }),
    );
    const target = new MemoryEventStore();
    await importNdjson(target, linesOf(lines));
    const [rating] = await target.readStream(organisationStream('coop-1'), { from: 7 });
    expect(rating).toMatchObject({ schemaVersion: 2, data: { scheme: 'circular-01-2020' } });
  });

  it.each([
    ['at a chunk boundary', 4],
    ['in the middle of a chunk', 5],
  ])('ends an interrupted chunked import, run again, with one copy of each event (%s)', async (_, firstChunk) => {
    const lines = await exportedLines();
    const target = failingAfter(1);
    await expect(importNdjson(target, linesOf(lines), { chunkSize: firstChunk })).rejects.toThrow('connection lost');
    expect(await target.headPosition()).toBe(firstChunk);
    target.healed = true;
    const summary = await importNdjson(target, linesOf(lines), { chunkSize: 4 });
    expect(summary).toEqual({ lines: 14, written: 14 - firstChunk, alreadyPresent: firstChunk });
    const ids = (await collect(target.readAll())).map((recorded) => recorded.eventId);
    expect(ids).toEqual(lines.map((line) => (JSON.parse(line) as RecordedEvent).eventId));
  });
});

describe('NDJSON import in one transaction (a store with beginBulkImport)', () => {
  it('stores nothing when a line after several written chunks is bad', async () => {
    const lines = rechain(editLine(await exportedLines(), 11, (raw) => (raw.occurredOn = 'yesterday')));
    const target = new MemoryEventStore();
    const written: number[] = [];
    const error = await importNdjson(target, linesOf(lines), { chunkSize: 3, onProgress: (progress) => written.push(progress.written) }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ name: 'InvalidEventError', location: { line: 12 }, field: 'occurredOn' });
    // three chunks went to the store before the bad line, and still nothing of them is there
    expect(written).toEqual([3, 6, 9]);
    expect(await target.headPosition()).toBe(0);
    expect(await collect(target.readAll())).toEqual([]);
  });

  it('leaves nothing of an import killed part-way; run again, it writes each event once', async () => {
    const lines = await exportedLines();
    const target = new MemoryEventStore();
    const killed = await importNdjson(target, linesOf(lines), {
      chunkSize: 4,
      onProgress: (progress) => {
        if (progress.written === 8) throw new Error('killed mid-import');
      },
    }).catch((caught: unknown) => caught);
    expect(killed).toMatchObject({ message: 'killed mid-import' });
    expect(await target.headPosition()).toBe(0);
    expect(await importNdjson(target, linesOf(lines), { chunkSize: 4 })).toEqual({ lines: 14, written: 14, alreadyPresent: 0 });
    expect(await collect(target.readAll())).toEqual(await collect((await sourceStore()).readAll()));
  });

  it('completes a prefix left by an interrupted chunked import, and a repeated import writes nothing', async () => {
    const lines = await exportedLines();
    const target = new MemoryEventStore();
    const chunked = failingAfter(1, target);
    await expect(importNdjson(chunked, linesOf(lines), { chunkSize: 5 })).rejects.toThrow('connection lost');
    expect(await target.headPosition()).toBe(5);
    expect(await importNdjson(target, linesOf(lines), { chunkSize: 4 })).toEqual({ lines: 14, written: 9, alreadyPresent: 5 });
    expect(await importNdjson(target, linesOf(lines))).toEqual({ lines: 14, written: 0, alreadyPresent: 14 });
    const source = await collect((await sourceStore()).readAll());
    // positions and hashes come out as in the source: the chain is the same from the first event
    expect(await collect(target.readAll())).toEqual(source);
  });

  it('chains the events anew after the events a store already holds, and writes nothing on a stream that moved on', async () => {
    const lines = await exportedLines();
    const target = new MemoryEventStore();
    await target.append('organisation-other', [asNewEvent(event.ratingRecorded({ organisationId: 'other' }), 'other-1')], { expectedVersion: 'no-stream' });
    expect(await importNdjson(target, linesOf(lines))).toMatchObject({ written: 14 });
    const imported = await collect(target.readAll());
    expect(imported.map((recorded) => recorded.globalPosition)).toEqual(Array.from({ length: 15 }, (_, index) => index + 1));
    expect((await verifyChain(target.readAll())).problem).toBeUndefined();

    const moved = new MemoryEventStore();
    await moved.append(organisationStream('coop-2'), [asNewEvent(event.ratingRecorded({ organisationId: 'coop-2' }), 'elsewhere-1')], {
      expectedVersion: 'no-stream',
    });
    await expect(importNdjson(moved, linesOf(lines))).rejects.toMatchObject({ name: 'ConcurrencyError', streamName: organisationStream('coop-2') });
    expect(await moved.headPosition()).toBe(1);
  });

  it('keeps the chain whole after a line upcast from an older schema version', async () => {
    const lines = rechain(
      editLine(await exportedLines(), 6, (raw) => {
        raw.schemaVersion = 1;
        delete raw.data.scheme;
      }),
    );
    const target = new MemoryEventStore();
    await importNdjson(target, linesOf(lines), { chunkSize: 3 });
    expect((await verifyChain(target.readAll())).problem).toBeUndefined();
    const stored = await collect(target.readAll());
    const file = lines.map((line) => JSON.parse(line) as RecordedEvent);
    // the hashes before the upcast line are the file's; from it on, the store's own over the upcast content
    expect(stored.slice(0, 6).map((recorded) => recorded.hash)).toEqual(file.slice(0, 6).map((recorded) => recorded.hash));
    expect(stored[6]?.hash).not.toBe(file[6]?.hash);
  });

  it('makes appends wait for an open bulk import, and shows none of it before commit', async () => {
    const target = new MemoryEventStore();
    const bulk = await target.beginBulkImport();
    const source = await collect((await sourceStore()).readAll());
    expect(await bulk.write(source.slice(0, 7), true)).toEqual({ written: 7, alreadyPresent: 0 });
    const append = target.append('organisation-late', [asNewEvent(event.ratingRecorded({ organisationId: 'late' }), 'late-1')], {
      expectedVersion: 'no-stream',
    });
    expect(await target.headPosition()).toBe(0);
    await bulk.commit();
    expect((await append).events[0]?.globalPosition).toBe(8);
    await expect(bulk.write(source.slice(7), true)).rejects.toThrow('ended');
  });
});

// A real memory store (or `store`) whose connection drops after `successes` appends, until healed; it has no bulk
// import, so importNdjson appends in chunks.
const failingAfter = (successes: number, store = new MemoryEventStore()) => {
  let calls = 0;
  const failing = {
    healed: false,
    appendMany: async (requests: readonly AppendRequest[]): Promise<AppendResult[]> => {
      if (!failing.healed && ++calls > successes) throw new Error('connection lost');
      return store.appendMany(requests);
    },
    append: async (stream: string, events: readonly NewEvent[], options: { expectedVersion: ExpectedVersion }) =>
      (await failing.appendMany([{ stream, events, expectedVersion: options.expectedVersion }]))[0] as AppendResult,
    readStream: store.readStream.bind(store),
    streamVersion: store.streamVersion.bind(store),
    readAll: store.readAll.bind(store),
    headPosition: store.headPosition.bind(store),
    subscribe: store.subscribe.bind(store),
    checkpoints: store.checkpoints,
    close: store.close.bind(store),
  };
  return failing satisfies EventStore;
};
