import type { RecordedEvent } from '../events';
import { InvalidEventError } from '../errors';
import { GENESIS_HASH, chainHash, type HashedContent } from '../integrity';
import { defaultUpcasters, type UpcasterRegistry } from '../upcasting';
import { parseRecordedEvent, tryParseRecordedEvent } from '../validation';

/** Options of reading stored events from NDJSON. */
export interface ReadNdjsonOptions {
  /**
   * check that the file is a whole store in order with its hash chain unbroken: positions 1, 2, 3…, each
   * stream's versions 1, 2, 3…, each hash matching its line and the one before; default true. Without it,
   * positions must still only grow (a filtered export passes).
   */
  verifyChain?: boolean;
  /** reads older schema versions as the current ones; default: the built-in upcasters */
  upcasters?: UpcasterRegistry;
}

/** Follows the lines of one file: line numbers, order and the hash chain. */
class LineChecker {
  lineNumber = 0;
  private count = 0;
  private lastPosition = 0;
  private previousHash = GENESIS_HASH;
  private readonly versions = new Map<string, number>();
  private readonly verifyChain: boolean;
  private readonly upcasters: UpcasterRegistry;

  constructor(options: ReadNdjsonOptions) {
    this.verifyChain = options.verifyChain ?? true;
    this.upcasters = options.upcasters ?? defaultUpcasters;
  }

  /** Checks one line and adds its event to `batch`; blank lines count but hold nothing. */
  add(text: string, batch: RecordedEvent[]): void {
    const line = ++this.lineNumber;
    if (text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim() === '')) return;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new InvalidEventError({ line }, '(line)', `not valid JSON: ${(error as Error).message}`);
    }
    // the parsed line is ours, so it is the event itself when it already has the form parseRecordedEvent gives;
    // the location is only built for a bad line
    const event = tryParseRecordedEvent(json, this.upcasters, true) ?? parseRecordedEvent(json, { line }, this.upcasters);
    this.count++;
    if (this.verifyChain) {
      if (event.globalPosition !== this.count)
        throw new InvalidEventError({ line, eventId: event.eventId }, 'globalPosition', `expected ${this.count}: the file must hold a whole store in order`);
      const version = (this.versions.get(event.stream) ?? 0) + 1;
      if (event.streamVersion !== version)
        throw new InvalidEventError({ line, eventId: event.eventId }, 'streamVersion', `expected ${version} in stream ${event.stream}, found ${event.streamVersion}`);
      this.versions.set(event.stream, version);
      // the hash covers the line as written, before any upcast to the current schema version
      const hash = chainHash(this.previousHash, json as HashedContent);
      if (hash !== event.hash)
        throw new InvalidEventError({ line, eventId: event.eventId }, 'hash', 'does not match the content and the previous line: edited, removed or reordered');
      this.previousHash = hash;
    } else if (event.globalPosition <= this.lastPosition)
      throw new InvalidEventError({ line, eventId: event.eventId }, 'globalPosition', `expected more than ${this.lastPosition}: the file must be in global order`);
    this.lastPosition = event.globalPosition;
    batch.push(event);
  }
}

const toBuffer = (chunk: Buffer | Uint8Array | string): Buffer =>
  typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);

// a line cut from bytes, without the carriage return of a CRLF line end
const lineText = (buffer: Buffer, start: number, end: number): string =>
  buffer.toString('utf8', start, end > start && buffer[end - 1] === 13 ? end - 1 : end);

/**
 * Reads stored events from NDJSON (an `export`, or any file of RecordedEvents, one per line): each line parsed,
 * validated (envelope, upcast, domain event) and checked in order, optionally with the hash chain. Yields the
 * events in batches, one array per chunk of input, in file order. A bad line throws InvalidEventError with its
 * line number, field and reason when it is reached; the batches before it were already yielded, so a caller
 * folding them keeps nothing (or catches and discards). Lines are cut straight from the bytes, so a multi-byte
 * character split between chunks is read whole; blank lines are skipped and `\r\n` line ends are accepted.
 */
export async function* readNdjsonEvents(
  source: AsyncIterable<Buffer | Uint8Array | string> | Iterable<Buffer | Uint8Array | string>,
  options: ReadNdjsonOptions = {},
): AsyncIterable<RecordedEvent[]> {
  const checker = new LineChecker(options);
  // the start of an unfinished line, kept as pieces: joining them on every chunk would make a long line quadratic
  let pieces: Buffer[] = [];
  for await (const chunk of source) {
    const buffer = toBuffer(chunk);
    const batch: RecordedEvent[] = [];
    let start = 0;
    let end = buffer.indexOf(10);
    if (pieces.length > 0 && end !== -1) {
      pieces.push(buffer.subarray(0, end));
      const joined = Buffer.concat(pieces);
      pieces = [];
      checker.add(lineText(joined, 0, joined.length), batch);
      start = end + 1;
      end = buffer.indexOf(10, start);
    }
    for (; end !== -1; end = buffer.indexOf(10, start)) {
      checker.add(lineText(buffer, start, end), batch);
      start = end + 1;
    }
    // a copy: a source may reuse its buffer for the next chunk
    if (start < buffer.length) pieces.push(Buffer.from(buffer.subarray(start)));
    if (batch.length > 0) yield batch;
  }
  if (pieces.length > 0) {
    const batch: RecordedEvent[] = [];
    const joined = Buffer.concat(pieces);
    checker.add(lineText(joined, 0, joined.length), batch);
    if (batch.length > 0) yield batch;
  }
}
