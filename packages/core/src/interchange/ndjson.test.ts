import { describe, expect, it } from 'vitest';
import { InvalidEventError } from '../errors';
import type { RecordedEvent } from '../events';
import { GENESIS_HASH, chainHash, type HashedContent } from '../integrity';
import { organisationStream } from '../organisation/events';
import type { AppendRequest, AppendResult } from '../store/port';
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
  ])('ends an interrupted import, run again, with one copy of each event (%s)', async (_, firstChunk) => {
    const lines = await exportedLines();
    const target = new FailingAfter(1);
    await expect(importNdjson(target, linesOf(lines), { chunkSize: firstChunk })).rejects.toThrow('connection lost');
    expect(await target.headPosition()).toBe(firstChunk);
    target.healed = true;
    const summary = await importNdjson(target, linesOf(lines), { chunkSize: 4 });
    expect(summary).toEqual({ lines: 14, written: 14 - firstChunk, alreadyPresent: firstChunk });
    const ids = (await collect(target.readAll())).map((recorded) => recorded.eventId);
    expect(ids).toEqual(lines.map((line) => (JSON.parse(line) as RecordedEvent).eventId));
  });
});

// A real memory store whose connection drops after `successes` appends, until healed.
class FailingAfter extends MemoryEventStore {
  healed = false;
  private calls = 0;
  constructor(private readonly successes: number) {
    super();
  }
  override async appendMany(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    if (!this.healed && ++this.calls > this.successes) throw new Error('connection lost');
    return super.appendMany(requests);
  }
}
