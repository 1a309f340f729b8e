import type { EventMetadata, NewEvent, RecordedEvent } from '../events';
import { ConcurrencyError, IdempotencyError } from '../errors';
import { GENESIS_HASH, chainHash } from '../integrity';
import { currentSchemaVersion } from '../upcasting';
import { checkBatchVersions, classifyRepeat, validateBatch } from './append-plan';
import type {
  AppendRequest,
  AppendResult,
  BulkImport,
  BulkWriteResult,
  Checkpoint,
  CheckpointStore,
  EventFilter,
  EventStore,
  ExpectedVersion,
  ReadAllOptions,
  ReadStreamOptions,
  SubscribeOptions,
  Subscription,
} from './port';
import { followLive, WakeSignal } from './subscription';

// Events are kept in columns, in pages of 4,096 (a page never moves, so the store grows without copying): numbers
// in typed arrays, data by reference, metadata as a number in a list of (frozen, shared) metadata. While a page
// fills, ids are kept by reference and record times and hashes as bytes; once full and committed it is sealed: ids, times and hashes each become one string for the
// whole page, and a read takes slices of them (V8 makes a slice a view, not a copy). A read builds the RecordedEvent.
const PAGE_SHIFT = 12;
const PAGE_SIZE = 1 << PAGE_SHIFT;
const PAGE_MASK = PAGE_SIZE - 1;
const HASH_BYTES = 32;
const HASH_CHARS = 64;
/** the usual record time, `2025-03-02T03:00:00.000Z`; others are kept apart */
const TIME_CHARS = 24;

// Buffer's own slice-to-string methods (Node's, undocumented) skip toString's argument handling
interface SlicingBuffer extends Buffer {
  hexSlice(start: number, end: number): string;
  latin1Slice(start: number, end: number): string;
}
const SLICES =
  typeof (Buffer.prototype as Partial<SlicingBuffer>).hexSlice === 'function' &&
  typeof (Buffer.prototype as Partial<SlicingBuffer>).latin1Slice === 'function';
const hexOf = (buffer: Buffer, start: number, end: number): string =>
  SLICES ? (buffer as SlicingBuffer).hexSlice(start, end) : buffer.toString('hex', start, end);
const latin1Of = (buffer: Buffer, start: number, end: number): string =>
  SLICES ? (buffer as SlicingBuffer).latin1Slice(start, end) : buffer.toString('latin1', start, end);

class Page {
  readonly streams = new Int32Array(PAGE_SIZE);
  readonly versions = new Int32Array(PAGE_SIZE);
  readonly types = new Uint16Array(PAGE_SIZE);
  readonly occurredOn = new Int32Array(PAGE_SIZE);
  readonly data: unknown[] = new Array<unknown>(PAGE_SIZE);
  readonly metadata = new Int32Array(PAGE_SIZE);
  private ids: string[] | undefined = new Array<string>(PAGE_SIZE);
  private times: Buffer | undefined = Buffer.allocUnsafeSlow(PAGE_SIZE * TIME_CHARS);
  private hashes: Buffer | undefined = Buffer.allocUnsafeSlow(PAGE_SIZE * HASH_BYTES);
  private readonly otherTimes = new Map<number, string>();
  // sealed: every id one after the other (and where each ends), every time, every hash in hex
  private idText = '';
  private idEnds: Int32Array | undefined;
  private timeText = '';
  private hashText = '';

  get sealed(): boolean {
    return this.ids === undefined;
  }

  write(at: number, eventId: string, recordedAt: string, hash: string): void {
    (this.ids as string[])[at] = eventId;
    if (recordedAt.length !== TIME_CHARS) this.otherTimes.set(at, recordedAt);
    else {
      (this.times as Buffer).write(recordedAt, at * TIME_CHARS, TIME_CHARS, 'latin1');
      // a place written again after a rolled-back import
      if (this.otherTimes.size > 0) this.otherTimes.delete(at);
    }
    (this.hashes as Buffer).write(hash, at * HASH_BYTES, HASH_BYTES, 'hex');
  }

  id(at: number): string {
    if (this.ids !== undefined) return this.ids[at] as string;
    const ends = this.idEnds as Int32Array;
    return this.idText.slice(at === 0 ? 0 : (ends[at - 1] as number), ends[at]);
  }

  time(at: number): string {
    const other = this.otherTimes.size === 0 ? undefined : this.otherTimes.get(at);
    if (other !== undefined) return other;
    const start = at * TIME_CHARS;
    return this.times === undefined ? this.timeText.slice(start, start + TIME_CHARS) : latin1Of(this.times, start, start + TIME_CHARS);
  }

  hash(at: number): string {
    if (this.hashes === undefined) return this.hashText.slice(at * HASH_CHARS, at * HASH_CHARS + HASH_CHARS);
    return hexOf(this.hashes, at * HASH_BYTES, at * HASH_BYTES + HASH_BYTES);
  }

  /** Turns the full page's ids, times and hashes into one string each; the page is read-only from then on. */
  seal(): void {
    const ids = this.ids as string[];
    const ends = new Int32Array(PAGE_SIZE);
    let end = 0;
    for (let at = 0; at < PAGE_SIZE; at++) {
      end += (ids[at] as string).length;
      ends[at] = end;
    }
    this.idText = ids.join('');
    this.idEnds = ends;
    this.timeText = latin1Of(this.times as Buffer, 0, PAGE_SIZE * TIME_CHARS);
    this.hashText = hexOf(this.hashes as Buffer, 0, PAGE_SIZE * HASH_BYTES);
    this.ids = undefined;
    this.times = undefined;
    this.hashes = undefined;
  }
}

/** Builds plain objects (prototype Object.prototype) of one shape. */
interface PlainObjectConstructor {
  new (): Record<string, unknown>;
  prototype: object;
}

/** One stream: its events' indexes in the global order; `committed` of them are visible, the rest are being imported. */
interface StreamEntry {
  name: string;
  code: number;
  indexes: Int32Array;
  length: number;
  committed: number;
}

const EMPTY_METADATA: EventMetadata = Object.freeze({});

// strings up to this length are shared through a small cache (enum values, ids repeated in every event of an
// organisation); longer ones are rarely repeated
const SHARED_STRING_LENGTH = 40;
const SHARED_STRINGS = 8192;

/** FNV-1a of a string, for the event-id index. */
const hashOfId = (id: string): number => {
  let hash = 0x811c9dc5;
  for (let index = 0; index < id.length; index++) hash = Math.imul(hash ^ id.charCodeAt(index), 0x01000193);
  return hash >>> 0;
};

const sameMetadata = (a: EventMetadata, b: EventMetadata): boolean => {
  let keys = 0;
  for (const key in a) {
    if ((a as Record<string, unknown>)[key] !== (b as Record<string, unknown>)[key]) return false;
    keys++;
  }
  for (const _ in b) keys--;
  return keys === 0;
};

/**
 * An event store held in memory: for tests, demos and short-lived replays. Nothing survives the process. It keeps
 * its own deep-frozen copies of what is appended (changing an object after appending it changes nothing stored,
 * and a read event's data and metadata cannot be changed), and holds each event compactly (about 250 bytes for the
 * benchmark workload, under a quarter of Emmett's in-memory store for the same appends).
 */
export class MemoryEventStore implements EventStore {
  private readonly pages: Page[] = [];
  /** visible events: global positions 1..count */
  private count = 0;
  private readonly streams = new Map<string, StreamEntry>();
  private readonly streamList: StreamEntry[] = [];
  private readonly typeNames: string[] = [];
  private readonly typeVersions: number[] = [];
  private readonly typeCodes = new Map<string, number>();
  /** business dates, each once: events hold a code */
  private readonly dates: string[] = [];
  private readonly dateCodes = new Map<string, number>();
  /** event id → global position, open addressing; 0 is an empty slot */
  private idSlots = new Int32Array(1024);
  private idsIndexed = 0;
  private readonly sharedStrings = new Map<string, string>();
  private readonly constructors = new Map<string, PlainObjectConstructor>();
  /** metadata, each run of equal neighbours once; events hold a number (0: none) */
  private readonly metadataList: EventMetadata[] = [EMPTY_METADATA];
  private lastMetadataCode = 0;
  private readonly saved = new Map<string, Checkpoint>();
  private readonly wakes = new WakeSignal();
  private lastHash = GENESIS_HASH;
  private closed = false;
  /** settles when the open bulk import ends; appends and other imports wait for it */
  private importing: Promise<void> | undefined;

  readonly checkpoints: CheckpointStore = {
    load: async (name) => {
      const checkpoint = this.saved.get(name);
      return checkpoint === undefined ? undefined : { position: checkpoint.position, projectionVersion: checkpoint.projectionVersion };
    },
    save: async (name, checkpoint) => {
      this.saved.set(name, { position: checkpoint.position, projectionVersion: checkpoint.projectionVersion });
    },
  };

  async append(stream: string, events: readonly NewEvent[], options: { expectedVersion: ExpectedVersion }): Promise<AppendResult> {
    const [result] = await this.appendMany([{ stream, events, expectedVersion: options.expectedVersion }]);
    return result as AppendResult;
  }

  async appendMany(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    this.assertOpen();
    while (this.importing !== undefined) await this.importing;
    this.assertOpen();
    validateBatch(requests);
    if (classifyRepeat(requests, (id) => this.streamOfEvent(id))) return this.storedResults(requests);
    checkBatchVersions(requests, (stream) => this.versionOf(stream));
    // every check passed, so nothing below can fail half way: the batch lands whole
    const touched: StreamEntry[] = [];
    let index = this.count;
    let hash = this.lastHash;
    const results = requests.map((request) => {
      const entry = this.entryOf(request.stream);
      if (entry.length === entry.committed) touched.push(entry);
      // a stream named twice in the batch continues from its first part
      let version = entry.length;
      const events = request.events.map((event) => {
        const recorded = this.keep(index++, entry, ++version, event, hash, undefined);
        hash = recorded.hash;
        return recorded;
      });
      return { stream: request.stream, streamVersion: version, events };
    });
    this.publish(index, hash, touched);
    return results;
  }

  /** Opens a bulk import: written events stay out of sight until commit; appends wait for it to end. */
  async beginBulkImport(): Promise<BulkImport> {
    this.assertOpen();
    while (this.importing !== undefined) await this.importing;
    this.assertOpen();
    let end = (): void => undefined;
    this.importing = new Promise<void>((resolve) => (end = resolve));
    const touched: StreamEntry[] = [];
    let index = this.count;
    let hash = this.lastHash;
    let sourceHash = GENESIS_HASH;
    let open = true;
    const finish = (commit: boolean): void => {
      open = false;
      if (commit) this.publish(index, hash, touched);
      else {
        for (const entry of touched) entry.length = entry.committed;
        if (this.idsIndexed > this.count) this.reindexIds();
      }
      this.importing = undefined;
      end();
    };
    const writeOne = (event: RecordedEvent, hashesChecked: boolean, counts: BulkWriteResult): void => {
      const entry = this.entryOf(event.stream);
      const version = event.streamVersion;
      const previousSourceHash = sourceHash;
      sourceHash = event.hash;
      if (version <= entry.committed) {
        if (this.idAt(entry.indexes[version - 1] as number) !== event.eventId) throw new ConcurrencyError(event.stream, version - 1, entry.length);
        counts.alreadyPresent++;
        return;
      }
      if (version !== entry.length + 1) throw new ConcurrencyError(event.stream, version - 1, entry.length);
      const owner = this.findId(event.eventId);
      if (owner !== 0) throw new IdempotencyError(event.eventId, `already stored in stream ${this.streamAt(owner - 1)}`);
      if (entry.length === entry.committed) touched.push(entry);
      // the hash the importer verified holds where this chain runs as the file's: same position, same previous hash
      const kept = hashesChecked && event.globalPosition === index + 1 && previousSourceHash === hash ? event.hash : undefined;
      hash = this.keep(index++, entry, version, event, hash, kept).hash;
      counts.written++;
    };
    return {
      write: async (events, hashesChecked) => {
        if (!open) throw new Error('this bulk import has ended');
        const counts = { written: 0, alreadyPresent: 0 };
        try {
          this.assertOpen();
          for (const event of events) writeOne(event, hashesChecked, counts);
        } catch (error) {
          finish(false);
          throw error;
        }
        return counts;
      },
      commit: async () => {
        if (!open) throw new Error('this bulk import has ended');
        if (this.closed) {
          finish(false);
          this.assertOpen();
        }
        finish(true);
      },
      rollback: async () => {
        if (open) finish(false);
      },
    };
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const entry = this.streams.get(stream);
    const events: RecordedEvent[] = [];
    if (entry === undefined) return events;
    const limit = options.limit ?? Infinity;
    if (options.direction === 'backwards') {
      for (let version = Math.min(options.from ?? entry.committed, entry.committed); version >= 1 && events.length < limit; version--)
        events.push(this.eventAt(entry.indexes[version - 1] as number));
      return events;
    }
    for (let version = Math.max(options.from ?? 1, 1); version <= entry.committed && events.length < limit; version++)
      events.push(this.eventAt(entry.indexes[version - 1] as number));
    return events;
  }

  async streamVersion(stream: string): Promise<number> {
    this.assertOpen();
    return this.versionOf(stream);
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    this.assertOpen();
    const limit = options.limit ?? Infinity;
    const filter = options.filter;
    let emitted = 0;
    if (options.direction === 'backwards') {
      for (let index = Math.min(options.from ?? this.count, this.count) - 1; index >= 0 && emitted < limit; index--)
        if (filter === undefined || this.passes(index, filter)) {
          emitted++;
          yield this.eventAt(index);
        }
      return;
    }
    // `count` is read on each step: events appended while the reader waits are read too
    for (let index = Math.max((options.from ?? 1) - 1, 0); index < this.count && emitted < limit; index++)
      if (filter === undefined || this.passes(index, filter)) {
        emitted++;
        yield this.eventAt(index);
      }
  }

  async headPosition(): Promise<number> {
    return this.count;
  }

  subscribe(options: SubscribeOptions, handler: (event: RecordedEvent) => void | Promise<void>): Subscription {
    // an append between a read and the wait must still wake the loop, or its events wait for the next append
    let countAtLastRead = 0;
    return followLive({
      from: options.from ?? 1,
      handler,
      readBatch: async (from) => {
        countAtLastRead = this.count;
        const batch: RecordedEvent[] = [];
        for (let index = from - 1; index < this.count && batch.length < 1000; index++) batch.push(this.eventAt(index));
        return batch;
      },
      filter: options.filter,
      waitForMore: (signal) => (this.count !== countAtLastRead ? Promise.resolve() : this.wakes.wait(signal)),
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    // a wake, not wakes.close(): reads here still answer after close, so a wait that ended at once would spin
    this.wakes.wake();
  }

  /** Writes one event at `index` (not yet visible) and returns it as stored; `keptHash` skips computing the hash. */
  private keep(
    index: number,
    entry: StreamEntry,
    streamVersion: number,
    event: NewEvent | RecordedEvent,
    previousHash: string,
    keptHash: string | undefined,
  ): RecordedEvent {
    const page = this.pageFor(index);
    const at = index & PAGE_MASK;
    const schemaVersion = (event as { schemaVersion?: number }).schemaVersion ?? currentSchemaVersion(event.type);
    const recorded = {
      eventId: event.eventId,
      type: event.type,
      schemaVersion,
      stream: entry.name,
      streamVersion,
      globalPosition: index + 1,
      occurredOn: event.occurredOn,
      recordedAt: event.recordedAt,
      data: this.frozenCopy(event.data, event.type),
      metadata: this.metadataList[this.keptMetadata(event.metadata)],
      hash: '',
    } as RecordedEvent;
    recorded.hash = keptHash ?? chainHash(previousHash, recorded);
    page.write(at, recorded.eventId, recorded.recordedAt, recorded.hash);
    page.streams[at] = entry.code;
    page.versions[at] = streamVersion;
    page.types[at] = this.typeCode(recorded.type, schemaVersion);
    page.occurredOn[at] = this.dateCode(recorded.occurredOn);
    page.data[at] = recorded.data;
    page.metadata[at] = this.lastMetadataCode;
    if (entry.length === entry.indexes.length) {
      const grown = new Int32Array(entry.indexes.length * 2);
      grown.set(entry.indexes);
      entry.indexes = grown;
    }
    entry.indexes[entry.length++] = index;
    this.indexId(recorded.eventId, index + 1);
    return recorded;
  }

  /** Makes the events written up to `end` visible. */
  private publish(end: number, hash: string, touched: readonly StreamEntry[]): void {
    for (const entry of touched) entry.committed = entry.length;
    const added = end - this.count;
    this.count = end;
    this.lastHash = hash;
    // every page now full and committed is sealed
    for (let number = (end >>> PAGE_SHIFT) - 1; number >= 0; number--) {
      const page = this.pages[number] as Page;
      if (page.sealed) break;
      page.seal();
    }
    if (added > 0) this.wakes.wake();
  }

  private eventAt(index: number): RecordedEvent {
    const page = this.pages[index >>> PAGE_SHIFT] as Page;
    const at = index & PAGE_MASK;
    const type = page.types[at] as number;
    return {
      eventId: page.id(at),
      type: this.typeNames[type],
      schemaVersion: this.typeVersions[type],
      stream: (this.streamList[page.streams[at] as number] as StreamEntry).name,
      streamVersion: page.versions[at],
      globalPosition: index + 1,
      occurredOn: this.dates[page.occurredOn[at] as number],
      recordedAt: page.time(at),
      data: page.data[at],
      metadata: this.metadataList[page.metadata[at] as number],
      hash: page.hash(at),
    } as RecordedEvent;
  }

  // the filter on the columns, so that events a read skips are never built
  private passes(index: number, filter: EventFilter): boolean {
    const page = this.pages[index >>> PAGE_SHIFT] as Page;
    const at = index & PAGE_MASK;
    if (filter.streamPrefix !== undefined && !(this.streamList[page.streams[at] as number] as StreamEntry).name.startsWith(filter.streamPrefix)) return false;
    if (filter.types !== undefined && !filter.types.includes(this.typeNames[page.types[at] as number] as string)) return false;
    return filter.tenant === undefined || (this.metadataList[page.metadata[at] as number] as EventMetadata).tenant === filter.tenant;
  }

  private pageFor(index: number): Page {
    const number = index >>> PAGE_SHIFT;
    let page = this.pages[number];
    if (page === undefined) {
      page = new Page();
      this.pages[number] = page;
    }
    return page;
  }

  private entryOf(stream: string): StreamEntry {
    let entry = this.streams.get(stream);
    if (entry === undefined) {
      entry = { name: stream, code: this.streamList.length, indexes: new Int32Array(4), length: 0, committed: 0 };
      this.streams.set(stream, entry);
      this.streamList.push(entry);
    }
    return entry;
  }

  private typeCode(type: string, schemaVersion: number): number {
    const key = schemaVersion === currentSchemaVersion(type) ? type : `${type}@${schemaVersion}`;
    let code = this.typeCodes.get(key);
    if (code === undefined) {
      code = this.typeNames.length;
      this.typeNames.push(type);
      this.typeVersions.push(schemaVersion);
      this.typeCodes.set(key, code);
    }
    return code;
  }

  private dateCode(date: string): number {
    let code = this.dateCodes.get(date);
    if (code === undefined) {
      code = this.dates.length;
      this.dates.push(date);
      this.dateCodes.set(date, code);
    }
    return code;
  }

  private shared(text: string): string {
    if (text.length > SHARED_STRING_LENGTH) return text;
    const known = this.sharedStrings.get(text);
    if (known !== undefined) return known;
    if (this.sharedStrings.size >= SHARED_STRINGS) this.sharedStrings.clear();
    this.sharedStrings.set(text, text);
    return text;
  }

  /**
   * A deep, frozen copy of JSON data, its short strings shared with earlier events. `shape` names where the object
   * sits (the event type, then the keys down to it): objects of one shape are built by one constructor.
   */
  private frozenCopy(value: unknown, shape: string): unknown {
    if (typeof value === 'string') return this.shared(value);
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
      const copy = new Array<unknown>(value.length);
      for (let index = 0; index < value.length; index++) copy[index] = this.frozenCopy(value[index], `${shape}[]`);
      return Object.freeze(copy);
    }
    // not a spread (V8 turns a frozen spread copy into a dictionary three times the size) and not `{}` filled key by
    // key (it keeps spare slots): a constructor per shape, which V8 sizes to the properties its objects get
    const copy = new (this.constructorOf(shape))();
    for (const key in value) {
      const item = (value as Record<string, unknown>)[key];
      copy[key] = item !== null && typeof item === 'object' ? this.frozenCopy(item, `${shape}.${key}`) : typeof item === 'string' ? this.shared(item) : item;
    }
    return Object.freeze(copy);
  }

  private constructorOf(shape: string): PlainObjectConstructor {
    let made = this.constructors.get(shape);
    if (made === undefined) {
      // a new function each time: each has its own object layout; its objects are plain (Object.prototype)
      made = function PlainObject() {} as unknown as PlainObjectConstructor;
      made.prototype = Object.prototype;
      this.constructors.set(shape, made);
    }
    return made;
  }

  // metadata repeats from event to event (the same actor, source, tenant): equal neighbours share one frozen copy,
  // and every event without metadata the empty one; returns its number in the list, also kept as `lastMetadataCode`
  private keptMetadata(metadata: EventMetadata | undefined): number {
    let empty = true;
    if (metadata !== undefined)
      for (const _ in metadata) {
        empty = false;
        break;
      }
    if (empty) return (this.lastMetadataCode = 0);
    const last = this.metadataList[this.lastMetadataCode] as EventMetadata;
    if (this.lastMetadataCode !== 0 && sameMetadata(metadata as EventMetadata, last)) return this.lastMetadataCode;
    this.metadataList.push(this.frozenCopy(metadata, '(metadata)') as EventMetadata);
    return (this.lastMetadataCode = this.metadataList.length - 1);
  }

  private idAt(index: number): string {
    return (this.pages[index >>> PAGE_SHIFT] as Page).id(index & PAGE_MASK);
  }

  private streamAt(index: number): string {
    return (this.streamList[(this.pages[index >>> PAGE_SHIFT] as Page).streams[index & PAGE_MASK] as number] as StreamEntry).name;
  }

  /** The global position of the event with this id (written, visible or not), or 0. */
  private findId(eventId: string): number {
    const mask = this.idSlots.length - 1;
    for (let slot = hashOfId(eventId) & mask; ; slot = (slot + 1) & mask) {
      const position = this.idSlots[slot] as number;
      if (position === 0 || this.idAt(position - 1) === eventId) return position;
    }
  }

  private indexId(eventId: string, position: number): void {
    // at most 70% full: a search ends at an empty slot after a few steps
    if ((this.idsIndexed + 1) * 10 > this.idSlots.length * 7) this.growIds(this.idSlots.length * 2);
    const mask = this.idSlots.length - 1;
    let slot = hashOfId(eventId) & mask;
    while (this.idSlots[slot] !== 0) slot = (slot + 1) & mask;
    this.idSlots[slot] = position;
    this.idsIndexed++;
  }

  private growIds(size: number): void {
    const old = this.idSlots;
    this.idSlots = new Int32Array(size);
    const mask = size - 1;
    for (const position of old) {
      if (position === 0) continue;
      let slot = hashOfId(this.idAt(position - 1)) & mask;
      while (this.idSlots[slot] !== 0) slot = (slot + 1) & mask;
      this.idSlots[slot] = position;
    }
  }

  // after a rolled-back import: only the visible events stay indexed
  private reindexIds(): void {
    this.idSlots = new Int32Array(this.idSlots.length);
    this.idsIndexed = 0;
    for (let index = 0; index < this.count; index++) this.indexId(this.idAt(index), index + 1);
  }

  private streamOfEvent(eventId: string): string | undefined {
    const position = this.findId(eventId);
    return position === 0 || position > this.count ? undefined : this.streamAt(position - 1);
  }

  private versionOf(stream: string): number {
    return this.streams.get(stream)?.committed ?? 0;
  }

  private storedResults(requests: readonly AppendRequest[]): AppendResult[] {
    return requests.map((request) => {
      const events = request.events.map((event) => this.eventAt(this.findId(event.eventId) - 1)).sort((a, b) => a.streamVersion - b.streamVersion);
      return { stream: request.stream, streamVersion: events.at(-1)?.streamVersion ?? this.versionOf(request.stream), events };
    });
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('this event store is closed');
  }
}
