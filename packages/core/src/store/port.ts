import type { EventMetadata, NewEvent, RecordedEvent } from '../events';

/**
 * What an append expects of its stream: a version number (0 for a stream that must not exist yet),
 * `'no-stream'` (same as 0), or `'any'` (no check).
 */
export type ExpectedVersion = number | 'no-stream' | 'any';

/** One stream's part of an append. */
export interface AppendRequest {
  stream: string;
  events: readonly NewEvent[];
  expectedVersion: ExpectedVersion;
}

/** What an append wrote to one stream: its new version, and the events as stored. */
export interface AppendResult {
  stream: string;
  streamVersion: number;
  events: RecordedEvent[];
}

/** Which events a read or a subscription sees. */
export interface EventFilter {
  /** only streams whose name starts with this, e.g. `organisation-` */
  streamPrefix?: string;
  /** only these event types */
  types?: readonly string[];
  /** only events whose metadata names this tenant */
  tenant?: string;
}

/** Options to read the global order: from a position (inclusive), forwards or backwards, at most `limit` events. */
export interface ReadAllOptions {
  from?: number;
  direction?: 'forwards' | 'backwards';
  limit?: number;
  filter?: EventFilter;
}

/** Options to read one stream: from a version (inclusive), forwards or backwards, at most `limit` events. */
export interface ReadStreamOptions {
  from?: number;
  direction?: 'forwards' | 'backwards';
  limit?: number;
}

/** A running catch-up subscription. */
export interface Subscription {
  /** Stops delivering; resolves once the handler is no longer running. */
  stop(): Promise<void>;
  /** Settles when the subscription ends: resolves on stop, rejects with the handler's error. */
  readonly done: Promise<void>;
}

/** Options of a catch-up subscription: it reads from `from`, then follows new events live. */
export interface SubscribeOptions {
  from?: number;
  filter?: EventFilter;
}

/** A projection's saved place in the global order, with the version of the projection that saved it. */
export interface Checkpoint {
  position: number;
  projectionVersion: number;
}

/** Where projections keep their checkpoints: in the same database as the events. */
export interface CheckpointStore {
  load(name: string): Promise<Checkpoint | undefined>;
  save(name: string, checkpoint: Checkpoint): Promise<void>;
}

/** What one `BulkImport.write` did: events it stored, and events it found already stored (same id, stream and version). */
export interface BulkWriteResult {
  written: number;
  alreadyPresent: number;
}

/**
 * A bulk import in progress: events an importer has already checked (schemas, stream versions contiguous in its
 * source), written in ONE store transaction. Nothing of it is visible until `commit`; `rollback`, an error from
 * `write` or a crash leaves the store as it was. While it is open, other writers wait for it.
 */
export interface BulkImport {
  /**
   * Writes checked events, in the source's global order. Each event goes at `streamVersion` of its `stream`: one
   * already stored there with the same id is skipped (counted as already present); a stream that does not continue
   * with it is a ConcurrencyError, an id stored in another place an IdempotencyError; either ends the import, rolled
   * back. The store gives each written event its next position and chains its hash. `hashesChecked` says that each
   * event's `hash` was verified as the link from the event written before it (the first of the import from
   * GENESIS_HASH) over exactly this content: where the store's own chain runs the same (same position, same previous
   * hash) it keeps that hash instead of computing it again.
   */
  write(events: readonly RecordedEvent[], hashesChecked: boolean): Promise<BulkWriteResult>;
  /** Makes everything written visible at once and ends the import. */
  commit(): Promise<void>;
  /** Discards everything written and ends the import; does nothing once it has ended. */
  rollback(): Promise<void>;
}

/**
 * The event-store port: every store adapter implements it and passes the conformance suite of @hoptac/testing.
 * Appends check expected versions, are idempotent by event id (the same batch again is a no-op), and an
 * `appendMany` is all or nothing across streams.
 */
export interface EventStore {
  /**
   * Optional capability: opens a bulk import (one transaction for a whole NDJSON file, see BulkImport). `importNdjson`
   * uses it when present and falls back to validated-first atomic chunks through `appendMany` when absent.
   */
  beginBulkImport?(): Promise<BulkImport>;
  append(stream: string, events: readonly NewEvent[], options: { expectedVersion: ExpectedVersion }): Promise<AppendResult>;
  appendMany(requests: readonly AppendRequest[]): Promise<AppendResult[]>;
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  streamVersion(stream: string): Promise<number>;
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  headPosition(): Promise<number>;
  subscribe(options: SubscribeOptions, handler: (event: RecordedEvent) => void | Promise<void>): Subscription;
  readonly checkpoints: CheckpointStore;
  close(): Promise<void>;
}

/** Default metadata, merged under each event's own. */
export type MetadataDefaults = EventMetadata;

/** True when `event` passes `filter`. */
export const matchesFilter = (event: RecordedEvent, filter: EventFilter | undefined): boolean =>
  filter === undefined ||
  ((filter.streamPrefix === undefined || event.stream.startsWith(filter.streamPrefix)) &&
    (filter.types === undefined || filter.types.includes(event.type)) &&
    (filter.tenant === undefined || event.metadata.tenant === filter.tenant));
