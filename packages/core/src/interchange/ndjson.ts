import type { RecordedEvent } from '../events';
import { InvalidEventError, IdempotencyError } from '../errors';
import { GENESIS_HASH, chainHash, type HashedContent } from '../integrity';
import type { AppendRequest, EventFilter, EventStore } from '../store/port';
import { parseRecordedEvent } from '../validation';

/** Splits a byte stream into lines, cutting Buffer chunks directly (much faster than readline). */
export async function* ndjsonLines(chunks: AsyncIterable<Buffer | Uint8Array | string>): AsyncIterable<string> {
  // the start of an unfinished line, kept as pieces: joining them on every chunk would make a long line quadratic
  let pieces: Buffer[] = [];
  for await (const chunk of chunks) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    for (let end = buffer.indexOf(10, start); end !== -1; end = buffer.indexOf(10, start)) {
      const line = pieces.length > 0 ? Buffer.concat([...pieces, buffer.subarray(start, end)]) : buffer.subarray(start, end);
      pieces = [];
      yield line.toString('utf8', 0, line.length > 0 && line[line.length - 1] === 13 ? line.length - 1 : line.length);
      start = end + 1;
    }
    if (start < buffer.length) pieces.push(Buffer.from(buffer.subarray(start)));
  }
  if (pieces.length > 0) yield Buffer.concat(pieces).toString('utf8');
}

/** One stored event as one NDJSON line, envelope included. */
export const toNdjsonLine = (event: RecordedEvent): string => JSON.stringify(event);

/** Every event of a store (or those passing `filter`), in global order, as NDJSON lines with their newline. */
export async function* exportNdjson(store: EventStore, filter?: EventFilter): AsyncIterable<string> {
  for await (const event of store.readAll(filter ? { filter } : {})) yield `${toNdjsonLine(event)}\n`;
}

/** Progress of an import: lines read, and events written so far. */
export interface ImportProgress {
  phase: 'validating' | 'writing';
  lines: number;
  written: number;
}

/** Options of an NDJSON import. */
export interface ImportOptions {
  /** events written per atomic append; default 10,000 */
  chunkSize?: number;
  /** check that the file's hash chain is unbroken (a file from `export` of a whole store); default true */
  verifyChain?: boolean;
  onProgress?: (progress: ImportProgress) => void;
}

/** What an import did. */
export interface ImportSummary {
  lines: number;
  written: number;
  alreadyPresent: number;
}

const parseJson = (line: string, lineNumber: number): unknown => {
  try {
    return JSON.parse(line);
  } catch (error) {
    throw new InvalidEventError({ line: lineNumber }, '(line)', `not valid JSON: ${(error as Error).message}`);
  }
};

const parseLine = (line: string, lineNumber: number): RecordedEvent => parseRecordedEvent(parseJson(line, lineNumber), { line: lineNumber });

/**
 * Imports an NDJSON history. The whole file is validated first (every line's envelope and event, stream
 * versions contiguous, the hash chain unbroken); a bad line throws InvalidEventError with its line number, field
 * and reason, and nothing is written. Then events are appended in order, in atomic chunks, each with its
 * stream's expected version; events already in the store (same ids) are skipped, so an interrupted import run
 * again ends with exactly one copy of each event.
 */
export const importNdjson = async (
  store: EventStore,
  readLines: () => AsyncIterable<string>,
  options: ImportOptions = {},
): Promise<ImportSummary> => {
  const chunkSize = options.chunkSize ?? 10_000;
  const verifyChain = options.verifyChain ?? true;
  const versions = new Map<string, number>();
  const eventIds = new Set<string>();
  let previousHash = GENESIS_HASH;
  let lines = 0;
  let lineNumber = 0;
  for await (const line of readLines()) {
    lineNumber++;
    if (line.trim() === '') continue;
    const json = parseJson(line, lineNumber);
    const event = parseRecordedEvent(json, { line: lineNumber });
    lines++;
    const where = { line: lineNumber, eventId: event.eventId };
    if (eventIds.has(event.eventId)) throw new InvalidEventError(where, 'eventId', 'appears twice in the file');
    eventIds.add(event.eventId);
    const expected = (versions.get(event.stream) ?? event.streamVersion - 1) + 1;
    if (event.streamVersion !== expected)
      throw new InvalidEventError(where, 'streamVersion', `expected ${expected} in stream ${event.stream}, found ${event.streamVersion}`);
    versions.set(event.stream, event.streamVersion);
    if (verifyChain) {
      if (event.globalPosition !== lines)
        throw new InvalidEventError(where, 'globalPosition', `expected ${lines}: the file must hold a whole store in order`);
      // the hash covers the line as written, before any upcast to the current schema version
      const hash = chainHash(previousHash, json as HashedContent);
      if (hash !== event.hash) throw new InvalidEventError(where, 'hash', 'does not match the content and the previous line: edited, removed or reordered');
      previousHash = hash;
    }
    if (lines % 10_000 === 0) options.onProgress?.({ phase: 'validating', lines, written: 0 });
  }
  let written = 0;
  let alreadyPresent = 0;
  let chunk: RecordedEvent[] = [];
  const flush = async (): Promise<void> => {
    if (chunk.length === 0) return;
    const requests: AppendRequest[] = [];
    for (const event of chunk) {
      const { stream, streamVersion, globalPosition: _position, hash: _hash, schemaVersion: _version, ...newEvent } = event;
      const last = requests.at(-1);
      if (last && last.stream === stream) (last.events as unknown[]).push(newEvent);
      else requests.push({ stream, events: [newEvent as never], expectedVersion: streamVersion - 1 });
    }
    try {
      // a chunk stored whole by an earlier run comes back as a no-op: count what the head actually moved
      const before = await store.headPosition();
      await store.appendMany(requests);
      const stored = (await store.headPosition()) - before;
      written += stored;
      alreadyPresent += chunk.length - stored;
    } catch (error) {
      if (!(error instanceof IdempotencyError)) throw error;
      // part of this chunk is already stored (an interrupted earlier run): append event by stream run instead
      for (const request of requests) {
        const version = await store.streamVersion(request.stream);
        const first = (request.expectedVersion as number) + 1;
        const fresh = request.events.slice(Math.max(0, version - first + 1));
        alreadyPresent += request.events.length - fresh.length;
        if (fresh.length > 0) {
          await store.append(request.stream, fresh, { expectedVersion: version });
          written += fresh.length;
        }
      }
    }
    options.onProgress?.({ phase: 'writing', lines, written: written + alreadyPresent });
    chunk = [];
  };
  for await (const line of readLines()) {
    if (line.trim() === '') continue;
    chunk.push(parseLine(line, 0));
    if (chunk.length >= chunkSize) await flush();
  }
  await flush();
  return { lines, written, alreadyPresent };
};
