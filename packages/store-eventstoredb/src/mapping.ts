import { createHash } from 'node:crypto';
import { ConcurrencyError, parseRecordedEvent, type EventFilter, type ExpectedVersion, type RecordedEvent } from '@hoptac/core';

// Pure translation between hoptac's envelope and EventStoreDB's events, revisions, positions and filters.
// Nothing here talks to a server, so all of it is unit-tested without one.

/** An event as EventStoreDB stores it: a UUID id, a type, JSON data and JSON metadata. */
export interface EsdbEventData {
  id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

/** A revision EventStoreDB expects before an append: a revision (0-based), no stream yet, or anything. */
export type EsdbExpectedRevision = bigint | 'no_stream' | 'any';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The namespace of hoptac's derived event ids (itself a random UUID, fixed forever). */
export const HOPTAC_ID_NAMESPACE = '6f1d2c0a-4b7e-4c1f-9a53-2e8d7b6c5a41';

/** True when `value` is a UUID in its canonical text form. */
export const isUuid = (value: string): boolean => UUID.test(value);

/** A name-based UUID (RFC 4122 version 5: SHA-1 of namespace and name): the same name always gives the same id. */
export const uuidV5 = (name: string, namespace: string = HOPTAC_ID_NAMESPACE): string => {
  const bytes = createHash('sha1')
    .update(Buffer.from(namespace.replaceAll('-', ''), 'hex'))
    .update(name, 'utf8')
    .digest()
    .subarray(0, 16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/**
 * The EventStoreDB id of one of our events: our id when it is already a UUID (lower-cased), else a UUID derived
 * from it. Deterministic, so appending the same event again is recognised by the server as a repeat.
 */
export const esdbEventId = (eventId: string): string => (isUuid(eventId) ? eventId.toLowerCase() : uuidV5(`event:${eventId}`));

/** Our expected version as EventStoreDB's expected revision: version n is revision n − 1; 0 and 'no-stream' mean no stream. */
export const toExpectedRevision = (expected: ExpectedVersion): EsdbExpectedRevision => {
  if (expected === 'any') return 'any';
  if (expected === 'no-stream' || expected === 0) return 'no_stream';
  if (!Number.isSafeInteger(expected) || expected < 0) throw new RangeError(`expected version ${expected} is not a whole number ≥ 0`);
  return BigInt(expected - 1);
};

/** A stream revision (0-based bigint, or 'no_stream') as our stream version (1-based number; 0 = no stream). */
export const toStreamVersion = (revision: bigint | 'no_stream' | undefined): number => {
  if (revision === undefined || revision === 'no_stream') return 0;
  const version = revision + 1n;
  if (version > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`stream revision ${revision} is beyond Number.MAX_SAFE_INTEGER`);
  return Number(version);
};

/** The fields of EventStoreDB's WrongExpectedVersionError we need. */
export interface WrongExpectedVersionLike {
  streamName: string;
  actualVersion: bigint | 'no_stream' | string | undefined;
}

/** EventStoreDB's WrongExpectedVersionError as our ConcurrencyError, in our version numbers. */
export const toConcurrencyError = (error: WrongExpectedVersionLike, expected: ExpectedVersion): ConcurrencyError => {
  const actual = typeof error.actualVersion === 'bigint' ? toStreamVersion(error.actualVersion) : 0;
  return new ConcurrencyError(error.streamName, expected, actual);
};

/** An `$all` position (commit, prepare) as text "commit/prepare": bigints survive JSON and checkpoints whole. */
export const positionToString = (position: { commit: bigint; prepare: bigint }): string => `${position.commit}/${position.prepare}`;

/** Text from `positionToString` back to an `$all` position. */
export const positionFromString = (text: string): { commit: bigint; prepare: bigint } => {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  if (match === null) throw new RangeError(`"${text}" is not an EventStoreDB position ("commit/prepare")`);
  return { commit: BigInt(match[1] as string), prepare: BigInt(match[2] as string) };
};

/**
 * One of our stored events as an EventStoreDB event: the domain payload as data; both clocks, the ids, versions,
 * position, hash and our metadata as metadata, correlation and causation under EventStoreDB's own `$correlationId`
 * and `$causationId` so its projections and UI follow them.
 */
export const toEsdbEvent = (event: RecordedEvent): EsdbEventData => {
  const { actor, source, tenant, correlationId, causationId } = event.metadata;
  const metadata: Record<string, unknown> = {
    eventId: event.eventId,
    occurredOn: event.occurredOn,
    recordedAt: event.recordedAt,
    schemaVersion: event.schemaVersion,
    streamVersion: event.streamVersion,
    globalPosition: event.globalPosition,
    hash: event.hash,
  };
  if (actor !== undefined) metadata.actor = actor;
  if (source !== undefined) metadata.source = source;
  if (tenant !== undefined) metadata.tenant = tenant;
  if (correlationId !== undefined) metadata.$correlationId = correlationId;
  if (causationId !== undefined) metadata.$causationId = causationId;
  return { id: esdbEventId(event.eventId), type: event.type, data: event.data as Record<string, unknown>, metadata };
};

const asObject = (value: unknown, what: string): Record<string, unknown> => {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array)
    throw new TypeError(`${what} is not a JSON object`);
  return value as Record<string, unknown>;
};

/** An EventStoreDB event written by `toEsdbEvent` back to our RecordedEvent (validated and upcast). */
export const fromEsdbEvent = (stream: string, type: string, data: unknown, rawMetadata: unknown): RecordedEvent => {
  const meta = asObject(rawMetadata, `metadata of a ${type} event in stream ${stream}`);
  const metadata: Record<string, unknown> = {};
  if (meta.actor !== undefined) metadata.actor = meta.actor;
  if (meta.source !== undefined) metadata.source = meta.source;
  if (meta.$correlationId !== undefined) metadata.correlationId = meta.$correlationId;
  if (meta.$causationId !== undefined) metadata.causationId = meta.$causationId;
  if (meta.tenant !== undefined) metadata.tenant = meta.tenant;
  return parseRecordedEvent(
    {
      type,
      occurredOn: meta.occurredOn,
      data,
      eventId: meta.eventId,
      schemaVersion: meta.schemaVersion,
      stream,
      streamVersion: meta.streamVersion,
      globalPosition: meta.globalPosition,
      recordedAt: meta.recordedAt,
      metadata,
      hash: meta.hash,
    },
    { stream },
  );
};

/** The type of the one log event that records a committed batch. */
export const BATCH_EVENT_TYPE = 'HoptacBatchCommitted';

/** A committed batch as one log event: every event of it, across streams, in global order. */
export interface BatchEntry {
  events: Array<{ stream: string; type: string; data: Record<string, unknown>; metadata: Record<string, unknown> }>;
}

/** A batch of stored events as the single log event that commits it. Its id derives from the first event id, so a retried batch repeats. */
export const toBatchEvent = (events: readonly RecordedEvent[]): EsdbEventData => {
  const first = events[0];
  if (first === undefined) throw new RangeError('a batch needs at least one event');
  const entry: BatchEntry = {
    events: events.map((event) => {
      const { type, data, metadata } = toEsdbEvent(event);
      return { stream: event.stream, type, data, metadata };
    }),
  };
  const metadata: Record<string, unknown> = { firstPosition: first.globalPosition, count: events.length };
  if (first.metadata.correlationId !== undefined) metadata.$correlationId = first.metadata.correlationId;
  if (first.metadata.causationId !== undefined) metadata.$causationId = first.metadata.causationId;
  return { id: uuidV5(`batch:${first.eventId}`), type: BATCH_EVENT_TYPE, data: entry as unknown as Record<string, unknown>, metadata };
};

/** A log event back to the stored events of its batch, in global order. */
export const fromBatchEvent = (type: string, data: unknown, logRevision: bigint): RecordedEvent[] => {
  if (type !== BATCH_EVENT_TYPE) throw new TypeError(`log revision ${logRevision}: expected a ${BATCH_EVENT_TYPE} event, found ${type}`);
  const entry = asObject(data, `log revision ${logRevision}`);
  if (!Array.isArray(entry.events)) throw new TypeError(`log revision ${logRevision}: "events" is not a list`);
  return entry.events.map((item: unknown) => {
    const event = asObject(item, `log revision ${logRevision}: an event`);
    return fromEsdbEvent(String(event.stream), String(event.type), event.data, event.metadata);
  });
};

/** A filter EventStoreDB applies on the server for a subscription to `$all`. */
export type ServerFilter = { on: 'streamName'; prefixes: string[] } | { on: 'eventType'; regex: string };

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Our event filter as the part EventStoreDB can apply on the server (one filter: stream prefix first, else event
 * types, else "no system events") and the part left for the client (tenant, and types when a prefix was used).
 */
export const toServerFilter = (filter: EventFilter | undefined): { server: ServerFilter; client: EventFilter | undefined } => {
  const { streamPrefix, types, tenant } = filter ?? {};
  const rest = (extra: EventFilter): EventFilter | undefined => {
    const client = { ...extra, ...(tenant !== undefined ? { tenant } : {}) };
    return Object.keys(client).length === 0 ? undefined : client;
  };
  if (streamPrefix !== undefined)
    return { server: { on: 'streamName', prefixes: [streamPrefix] }, client: rest(types !== undefined ? { types } : {}) };
  if (types !== undefined) return { server: { on: 'eventType', regex: `^(?:${types.map(escapeRegex).join('|')})$` }, client: rest({}) };
  return { server: { on: 'eventType', regex: '^[^$].*' }, client: rest({}) };
};
