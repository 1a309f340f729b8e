import type { NewEvent, RecordedEvent } from '../events';
import { InvalidEventError, IdempotencyError } from '../errors';
import { GENESIS_HASH, chainHash, type HashedContent } from '../integrity';
import type { AppendRequest, BulkImport, EventFilter, EventStore } from '../store/port';
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

/** Progress of an import: lines read, and events written so far (stored or found already present). */
export interface ImportProgress {
  phase: 'validating' | 'writing';
  lines: number;
  written: number;
}

/** Options of an NDJSON import. */
export interface ImportOptions {
  /**
   * events handed to the store at a time: one atomic append each (default 10,000), or one write of a bulk import
   * (default 2,000: parsed events then die young, which keeps the garbage collector's work small)
   */
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

const OPEN_BRACE = 123;

const parseJson = (line: string, lineNumber: number): unknown => {
  try {
    return JSON.parse(line);
  } catch (error) {
    throw new InvalidEventError({ line: lineNumber }, '(line)', `not valid JSON: ${(error as Error).message}`);
  }
};

// a line starting with { is never blank: only other lines pay for trim
const isBlank = (line: string): boolean => line.charCodeAt(0) !== OPEN_BRACE && line.trim() === '';

/**
 * Checks the lines of a file in order: each line's envelope and event, ids unique in the file, stream versions
 * contiguous, and (with `verifyChain`) positions from 1 and the hash chain. A bad line throws InvalidEventError
 * with its line number, field and reason.
 */
class LineChecker {
  /** events read so far (blank lines not counted) */
  events = 0;
  /** true when the last event's hash was verified over exactly the content parsed (no upcast changed it) */
  hashChecked = false;
  private lineNumber = 0;
  private previousHash = GENESIS_HASH;
  private readonly versions = new Map<string, { version: number }>();
  private readonly eventIds = new Set<string>();

  constructor(private readonly verifyChain: boolean) {}

  /** The checked event of the next line, or undefined for a blank line. */
  check(line: string): RecordedEvent | undefined {
    const lineNumber = ++this.lineNumber;
    if (isBlank(line)) return undefined;
    const json = parseJson(line, lineNumber);
    const event = parseRecordedEvent(json, { line: lineNumber });
    const events = ++this.events;
    // one lookup each: the set grows unless the id was there, the stream's entry is changed in place
    const ids = this.eventIds.size;
    if (this.eventIds.add(event.eventId).size === ids)
      throw new InvalidEventError({ line: lineNumber, eventId: event.eventId }, 'eventId', 'appears twice in the file');
    const stream = this.versions.get(event.stream);
    if (stream === undefined) this.versions.set(event.stream, { version: event.streamVersion });
    else if (event.streamVersion !== stream.version + 1)
      throw new InvalidEventError(
        { line: lineNumber, eventId: event.eventId },
        'streamVersion',
        `expected ${stream.version + 1} in stream ${event.stream}, found ${event.streamVersion}`,
      );
    else stream.version = event.streamVersion;
    this.hashChecked = false;
    if (this.verifyChain) {
      if (event.globalPosition !== events)
        throw new InvalidEventError(
          { line: lineNumber, eventId: event.eventId },
          'globalPosition',
          `expected ${events}: the file must hold a whole store in order`,
        );
      // the hash covers the line as written, before any upcast to the current schema version
      const hash = chainHash(this.previousHash, json as HashedContent);
      if (hash !== event.hash)
        throw new InvalidEventError(
          { line: lineNumber, eventId: event.eventId },
          'hash',
          'does not match the content and the previous line: edited, removed or reordered',
        );
      this.previousHash = hash;
      this.hashChecked = event.schemaVersion === (json as { schemaVersion: unknown }).schemaVersion;
    }
    return event;
  }
}

/**
 * Imports an NDJSON history. A bad line throws InvalidEventError with its line number, field and reason, and
 * nothing of the file is written: every line's envelope and event are checked, stream versions must be contiguous
 * and (by default) the hash chain unbroken. Events already in the store (same ids, same places) are skipped, so an
 * interrupted or repeated import ends with exactly one copy of each event; each stream must continue where the
 * store has it (else ConcurrencyError).
 *
 * A store with `beginBulkImport` (memory, SQLite, PostgreSQL) gets the file in one pass and one transaction: each
 * line is checked once and written at once, the store trusting the checks and the verified hashes, and the
 * transaction commits after the last line (rolled back on any error). Other stores get two passes: the whole file
 * is checked first, then appended in atomic chunks with each stream's expected version.
 */
export const importNdjson = async (
  store: EventStore,
  readLines: () => AsyncIterable<string>,
  options: ImportOptions = {},
): Promise<ImportSummary> =>
  store.beginBulkImport !== undefined ? importInOneTransaction(store.beginBulkImport(), readLines, options) : importInChunks(store, readLines, options);

const importInOneTransaction = async (
  begun: Promise<BulkImport>,
  readLines: () => AsyncIterable<string>,
  options: ImportOptions,
): Promise<ImportSummary> => {
  const chunkSize = options.chunkSize ?? 2_000;
  const verifyChain = options.verifyChain ?? true;
  const checker = new LineChecker(verifyChain);
  const bulk = await begun;
  let written = 0;
  let alreadyPresent = 0;
  let chunk: RecordedEvent[] = [];
  // the store may keep a chunk's hashes when every one of them was verified over the content it gets
  let chunkChecked = verifyChain;
  const flush = async (): Promise<void> => {
    if (chunk.length === 0) return;
    const result = await bulk.write(chunk, chunkChecked);
    written += result.written;
    alreadyPresent += result.alreadyPresent;
    chunk = [];
    chunkChecked = verifyChain;
    options.onProgress?.({ phase: 'writing', lines: checker.events, written: written + alreadyPresent });
  };
  try {
    for await (const line of readLines()) {
      const event = checker.check(line);
      if (event === undefined) continue;
      if (!checker.hashChecked) chunkChecked = false;
      chunk.push(event);
      if (chunk.length >= chunkSize) await flush();
    }
    await flush();
    await bulk.commit();
  } catch (error) {
    await bulk.rollback().catch(() => undefined);
    throw error;
  }
  return { lines: checker.events, written, alreadyPresent };
};

const importInChunks = async (
  store: EventStore,
  readLines: () => AsyncIterable<string>,
  options: ImportOptions,
): Promise<ImportSummary> => {
  const chunkSize = options.chunkSize ?? 10_000;
  const checker = new LineChecker(options.verifyChain ?? true);
  for await (const line of readLines())
    if (checker.check(line) !== undefined && checker.events % 10_000 === 0)
      options.onProgress?.({ phase: 'validating', lines: checker.events, written: 0 });
  const lines = checker.events;
  let written = 0;
  let alreadyPresent = 0;
  let chunk: RecordedEvent[] = [];
  const flush = async (): Promise<void> => {
    if (chunk.length === 0) return;
    const requests: AppendRequest[] = [];
    for (const event of chunk) {
      // an explicit literal, not a rest pattern: those are a slow path on Node 20
      const newEvent = {
        eventId: event.eventId,
        type: event.type,
        occurredOn: event.occurredOn,
        recordedAt: event.recordedAt,
        data: event.data,
        metadata: event.metadata,
      } as NewEvent;
      const last = requests.at(-1);
      if (last && last.stream === event.stream) (last.events as NewEvent[]).push(newEvent);
      else requests.push({ stream: event.stream, events: [newEvent], expectedVersion: event.streamVersion - 1 });
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
  // the second pass: every line was checked above, so a line that fails now means the file changed under us
  let lineNumber = 0;
  for await (const line of readLines()) {
    lineNumber++;
    if (isBlank(line)) continue;
    chunk.push(parseRecordedEvent(parseJson(line, lineNumber), { line: lineNumber }));
    if (chunk.length >= chunkSize) await flush();
  }
  await flush();
  return { lines, written, alreadyPresent };
};
