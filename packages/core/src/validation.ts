import type { ZodError } from 'zod';
import { Envelope, EventMetadata, HoptacEvent, type NewEvent, type RecordedEvent } from './events';
import { InvalidEventError } from './errors';
import { IsoInstant } from './primitives';
import { defaultUpcasters, type UpcasterRegistry } from './upcasting';

type Location = ConstructorParameters<typeof InvalidEventError>[0];

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const firstIssue = (error: ZodError): { field: string; reason: string } => {
  const issue = error.issues[0];
  return { field: issue && issue.path.length > 0 ? issue.path.join('.') : '(event)', reason: issue?.message ?? 'invalid' };
};

/** Deeper than any event nests (about 4 levels): more is junk, or a circular object. */
const MAX_DEPTH = 32;

// walks without recursion, so junk nested 100,000 deep (or a circular object) is refused, not a stack overflow;
// refuses hostile keys and objects that are not plain data
const rejectHostileKeys = (value: unknown, location: Location, path: string): void => {
  const pending: Array<{ value: unknown; path: string; depth: number }> = [{ value, path, depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next.value === null || typeof next.value !== 'object') continue;
    if (next.depth > MAX_DEPTH)
      throw new InvalidEventError(location, next.path || '(event)', `nested more than ${MAX_DEPTH} levels deep (or circular)`);
    // a Date, Map or class instance passes an object schema as {} yet is stored as something else
    const prototype = Object.getPrototypeOf(next.value) as unknown;
    if (prototype !== Object.prototype && prototype !== null && !Array.isArray(next.value))
      throw new InvalidEventError(location, next.path || '(event)', `expected plain JSON data, got ${(next.value as object).constructor?.name ?? 'an object'}`);
    for (const key of Object.keys(next.value)) {
      const keyPath = next.path ? `${next.path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) throw new InvalidEventError(location, keyPath, 'forbidden key');
      pending.push({ value: (next.value as Record<string, unknown>)[key], path: keyPath, depth: next.depth + 1 });
    }
  }
};

const asRecord = (value: unknown, location: Location): Record<string, unknown> => {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new InvalidEventError(location, '(event)', 'expected a JSON object');
  return value as Record<string, unknown>;
};

/** Checks a stream name an append names: the same rule stored events are read back with. */
export const parseStreamName = (stream: unknown, location: Location = {}): string => {
  const result = Envelope.shape.stream.safeParse(stream);
  if (!result.success) throw new InvalidEventError(location, 'stream', `expected a stream name of 1 to 300 characters, got ${typeof stream === 'string' ? `${stream.length} characters` : typeof stream}`);
  return result.data;
};

/** Parses a domain event `{ type, occurredOn, data }`, reporting the first bad field. */
export const parseDomainEvent = (value: unknown, location: Location = {}): HoptacEvent => {
  const result = HoptacEvent.safeParse(value);
  if (!result.success) {
    const { field, reason } = firstIssue(result.error);
    throw new InvalidEventError(location, field, reason, { cause: result.error });
  }
  return result.data;
};

/**
 * Parses a stored event (an NDJSON line or a database row): checks the envelope, upcasts the data from its
 * schema version to the current one, then checks the domain event.
 */
export const parseRecordedEvent = (
  value: unknown,
  location: Location = {},
  upcasters: UpcasterRegistry = defaultUpcasters,
): RecordedEvent => {
  rejectHostileKeys(value, location, '');
  const { type, occurredOn, data, ...envelopeFields } = asRecord(value, location);
  const where = { ...location, ...(typeof envelopeFields.eventId === 'string' ? { eventId: envelopeFields.eventId } : {}) };
  const envelope = Envelope.safeParse(envelopeFields);
  if (!envelope.success) {
    const { field, reason } = firstIssue(envelope.error);
    throw new InvalidEventError(where, field, reason, { cause: envelope.error });
  }
  if (typeof type !== 'string') throw new InvalidEventError(where, 'type', 'expected the event type name');
  let upcast: Record<string, unknown>;
  try {
    upcast = upcasters.upcast(type, envelope.data.schemaVersion, asRecord(data, where));
  } catch (error) {
    throw new InvalidEventError(where, 'schemaVersion', (error as Error).message);
  }
  const event = parseDomainEvent({ type, occurredOn, data: upcast }, where);
  return { ...event, ...envelope.data, schemaVersion: upcasters.currentVersion(type) } as RecordedEvent;
};

/** Checks an event about to be appended: its domain shape, id, record time and metadata. */
export const parseNewEvent = (value: NewEvent, location: Location = {}): NewEvent => {
  rejectHostileKeys(value, location, '');
  const { eventId, recordedAt, metadata, schemaVersion, ...event } = asRecord(value, location) as Record<string, unknown>;
  const where = { ...location, ...(typeof eventId === 'string' ? { eventId } : {}) };
  if (typeof eventId !== 'string' || eventId.length === 0 || eventId.length > 200)
    throw new InvalidEventError(where, 'eventId', 'expected a non-empty string of at most 200 characters');
  if (!IsoInstant.safeParse(recordedAt).success)
    throw new InvalidEventError(where, 'recordedAt', 'expected an ISO 8601 instant with a zone');
  const parsedMetadata = EventMetadata.safeParse(metadata ?? {});
  if (!parsedMetadata.success) {
    const { field, reason } = firstIssue(parsedMetadata.error);
    throw new InvalidEventError(where, `metadata.${field}`, reason, { cause: parsedMetadata.error });
  }
  if (schemaVersion !== undefined && schemaVersion !== defaultUpcasters.currentVersion(String(event.type)))
    throw new InvalidEventError(where, 'schemaVersion', 'new events are written at the current schema version');
  const domainEvent = parseDomainEvent(event, where);
  return { ...domainEvent, eventId, recordedAt: recordedAt as string, metadata: parsedMetadata.data };
};
