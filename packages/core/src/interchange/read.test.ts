import { describe, expect, it } from 'vitest';
import { InvalidEventError } from '../errors';
import type { RecordedEvent } from '../events';
import { GENESIS_HASH, chainHash, type HashedContent } from '../integrity';
import { organisationStream } from '../organisation/events';
import { MemoryEventStore } from '../store/memory-store';
import { asNewEvent, event } from '../testing';
import { exportNdjson } from './ndjson';
import { readNdjsonEvents, type ReadNdjsonOptions } from './read';

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

const exportedLines = async () => (await collect(exportNdjson(await sourceStore()))).map((line) => line.trimEnd());

// splits text into byte chunks that cut lines (and multi-byte characters) anywhere
function* chunksOf(text: string, size: number) {
  const bytes = Buffer.from(text);
  for (let start = 0; start < bytes.length; start += size) yield bytes.subarray(start, start + size);
}

const read = (text: string, options: ReadNdjsonOptions = {}, size = 1000) => readNdjsonEvents(chunksOf(text, size), options);
const readAll = async (text: string, options: ReadNdjsonOptions = {}, size = 1000) => (await collect(read(text, options, size))).flat();

// rewrites the hash chain after lines were edited on purpose, so only the edit itself is wrong
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

const failure = async (text: string, options: ReadNdjsonOptions = {}) => {
  const read: RecordedEvent[] = [];
  try {
    for await (const batch of readNdjsonEvents(chunksOf(text, 300), options)) read.push(...batch);
  } catch (error) {
    return { error, read };
  }
  throw new Error('expected the read to fail');
};

describe('reading stored events from NDJSON', () => {
  it('gives back every event of an export, as the store holds them, whatever the chunk size', async () => {
    const source = await sourceStore();
    const text = (await collect(exportNdjson(source))).join('');
    const stored = await collect(source.readAll());
    for (const size of [1, 7, 100, 100_000]) expect(await readAll(text, {}, size)).toStrictEqual(stored);
  });

  it('yields one array per chunk of input, in file order', async () => {
    const text = `${(await exportedLines()).join('\n')}\n`;
    const batches = await collect(read(text, {}, 1024));
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.flat().map((recorded) => recorded.globalPosition)).toEqual(Array.from({ length: 14 }, (_, index) => index + 1));
  });

  it('accepts CRLF line ends, blank lines and a last line without a line end', async () => {
    const lines = await exportedLines();
    const text = `\n${lines.slice(0, 5).join('\r\n')}\r\n  \r\n\n${lines.slice(5).join('\n')}`;
    expect((await readAll(text, {}, 13)).map((recorded) => recorded.eventId)).toEqual(lines.map((line) => (JSON.parse(line) as RecordedEvent).eventId));
  });

  it('reads a filtered export when not asked to verify the chain', async () => {
    const lines = (await collect(exportNdjson(await sourceStore(), { types: ['RatingRecorded'] }))).join('');
    expect((await readAll(lines, { verifyChain: false })).map((recorded) => recorded.globalPosition)).toEqual([7, 14]);
    await expect(readAll(lines)).rejects.toMatchObject({ location: { line: 1 }, field: 'globalPosition', reason: 'expected 1: the file must hold a whole store in order' });
  });

  it('reads an event stored under an older schema version as the current one, its hash over the line as written', async () => {
    const lines = rechain(
      editLine(await exportedLines(), 6, (raw) => {
        raw.schemaVersion = 1;
        delete raw.data.scheme;
      }),
    );
    const events = await readAll(lines.join('\n'));
    expect(events[6]).toMatchObject({ schemaVersion: 2, data: { scheme: 'circular-01-2020' } });
  });

  it('reports a line that is not JSON with its line number', async () => {
    const lines = (await exportedLines()).map((line, index) => (index === 2 ? '{"type": "MemberAdmitted",' : line));
    const { error, read } = await failure(lines.join('\n'));
    expect(error).toBeInstanceOf(InvalidEventError);
    expect(error).toMatchObject({ location: { line: 3 }, field: '(line)' });
    expect((error as Error).message).toMatch(/^line 3: field "\(line\)": not valid JSON: /);
    expect(read.length).toBeLessThanOrEqual(2);
  });

  it('reports a bad field with its line, event, field and reason', async () => {
    const lines = rechain(editLine(await exportedLines(), 9, (raw) => (raw.data.memberId = 'not a valid id!')));
    const { error } = await failure(lines.join('\n'));
    expect(error).toMatchObject({ location: { line: 10, eventId: 'coop-2-3' }, field: 'data.memberId' });
    expect((error as Error).message).toBe('line 10, event coop-2-3: field "data.memberId": letters, digits, . _ : - only');
  });

  it('reports an edited line through the hash chain, and passes it when not verifying', async () => {
    const lines = editLine(await exportedLines(), 3, (raw) => (raw.occurredOn = '2024-01-16'));
    const { error, read } = await failure(lines.join('\n'));
    expect(error).toMatchObject({
      location: { line: 4, eventId: 'coop-1-4' },
      field: 'hash',
      reason: 'does not match the content and the previous line: edited, removed or reordered',
    });
    expect(read.length).toBeLessThanOrEqual(3);
    expect(await readAll(lines.join('\n'), { verifyChain: false })).toHaveLength(14);
  });

  it('reports a removed line where the positions jump', async () => {
    const lines = (await exportedLines()).filter((_, index) => index !== 4);
    const { error } = await failure(lines.join('\n'));
    expect(error).toMatchObject({ location: { line: 5 }, field: 'globalPosition', reason: 'expected 5: the file must hold a whole store in order' });
  });

  it('reports a gap in a stream’s versions even when the chain was rewritten over it', async () => {
    const lines = rechain(editLine(await exportedLines(), 2, (raw) => (raw.streamVersion = 4)));
    const { error } = await failure(lines.join('\n'));
    expect(error).toMatchObject({ location: { line: 3 }, field: 'streamVersion', reason: 'expected 3 in stream organisation-coop-1, found 4' });
  });

  it('reports events out of global order when not verifying the chain', async () => {
    const lines = await exportedLines();
    const swapped = [lines[0], lines[2], lines[1], ...lines.slice(3)] as string[];
    const { error } = await failure(swapped.join('\n'), { verifyChain: false });
    expect(error).toMatchObject({ location: { line: 3 }, field: 'globalPosition', reason: 'expected more than 3: the file must be in global order' });
  });
});
