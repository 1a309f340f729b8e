import type { z, ZodError } from 'zod';
import { FORBIDDEN_KEYS, REJECTED, compileSchema, type CompiledCheck } from './compiled-schema';
import { Envelope, EventMetadata, HoptacEvent, type NewEvent, type RecordedEvent } from './events';
import { InvalidEventError } from './errors';
import { IsoInstant } from './primitives';
import { defaultUpcasters, type UpcasterRegistry } from './upcasting';

type Location = ConstructorParameters<typeof InvalidEventError>[0];

const RECORDED_KEYS = new Set(['eventId', 'type', 'schemaVersion', 'stream', 'streamVersion', 'globalPosition', 'occurredOn', 'recordedAt', 'data', 'metadata', 'hash']);
const NEW_EVENT_KEYS = new Set(['eventId', 'type', 'schemaVersion', 'occurredOn', 'recordedAt', 'data', 'metadata']);

const firstIssue = (error: ZodError): { field: string; reason: string } => {
  const issue = error.issues[0];
  return { field: issue && issue.path.length > 0 ? issue.path.join('.') : '(event)', reason: issue?.message ?? 'invalid' };
};

/** Deeper than any event nests (about 4 levels): more is junk, or a circular object. */
const MAX_DEPTH = 32;

// walks without recursion, so junk nested 100,000 deep (or a circular object) is refused, not a stack overflow;
// finds hostile keys and objects that are not plain data
const findHostileData = (value: unknown): { path: string; reason: string } | undefined => {
  const pending: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: '', depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next.value === null || typeof next.value !== 'object') continue;
    if (next.depth > MAX_DEPTH) return { path: next.path || '(event)', reason: `nested more than ${MAX_DEPTH} levels deep (or circular)` };
    // a Date, Map or class instance passes an object schema as {} yet is stored as something else
    const prototype = Object.getPrototypeOf(next.value) as unknown;
    if (prototype !== Object.prototype && prototype !== null && !Array.isArray(next.value))
      return { path: next.path || '(event)', reason: `expected plain JSON data, got ${(next.value as object).constructor?.name ?? 'an object'}` };
    for (const key of Object.keys(next.value)) {
      const keyPath = next.path ? `${next.path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) return { path: keyPath, reason: 'forbidden key' };
      pending.push({ value: (next.value as Record<string, unknown>)[key], path: keyPath, depth: next.depth + 1 });
    }
  }
  return undefined;
};

const rejectHostileKeys = (value: unknown, location: Location): void => {
  const problem = findHostileData(value);
  if (problem !== undefined) throw new InvalidEventError(location, problem.path, problem.reason);
};

// a part of a schema the compiler does not know is checked by zod itself, after the hostile-data walk
const delegateToZod =
  (schema: z.ZodType): CompiledCheck =>
  (value) => {
    if (findHostileData(value) !== undefined) return REJECTED;
    const result = schema.safeParse(value);
    return result.success ? result.data : REJECTED;
  };
const compile = (schema: z.ZodType, reuse = false): CompiledCheck => compileSchema(schema, delegateToZod, { reuse });

// The fast paths: the same schemas compiled (see compiled-schema.ts). They accept exactly what zod and the
// hostile-data walk accept, or less; whatever they refuse goes the slow way, which names the field and reason.
// Each is compiled on first use, so importing the package stays cheap.

/** One event type's `occurredOn` and `data` schemas, and their checks once compiled (data copied, or reused). */
interface DomainParts {
  occurredOnSchema: z.ZodType;
  dataSchema: z.ZodType;
  occurredOn?: CompiledCheck;
  data?: CompiledCheck;
  dataReused?: CompiledCheck;
}

// each event type whose schema is a plain { type: literal, occurredOn, data } object: the fast paths check its
// two parts in place instead of building a { type, occurredOn, data } object and copying it
const domainParts = (union: typeof HoptacEvent): Map<string, DomainParts> => {
  const parts = new Map<string, DomainParts>();
  for (const option of union.options as readonly z.ZodObject[]) {
    const zod = (option as unknown as { _zod: { def: { checks?: unknown[] } } })._zod;
    const shape = option.shape as Record<string, z.ZodType>;
    const tags = (shape.type as unknown as { _zod: { values?: Set<unknown> } } | undefined)?._zod.values;
    if (Object.keys(shape).join() !== 'type,occurredOn,data' || (zod.def.checks?.length ?? 0) > 0 || tags?.size !== 1) continue;
    const [tag] = tags;
    if (typeof tag === 'string') parts.set(tag, { occurredOnSchema: shape.occurredOn as z.ZodType, dataSchema: shape.data as z.ZodType });
  }
  return parts;
};
const DOMAIN_PARTS = domainParts(HoptacEvent);

/** The compiled checks of the envelope, the metadata and the whole domain event. */
class FastChecks {
  readonly domainEvent = compile(HoptacEvent);
  readonly eventId = compile(Envelope.shape.eventId);
  readonly schemaVersion = compile(Envelope.shape.schemaVersion);
  readonly stream = compile(Envelope.shape.stream);
  readonly streamVersion = compile(Envelope.shape.streamVersion);
  readonly globalPosition = compile(Envelope.shape.globalPosition);
  readonly recordedAt = compile(Envelope.shape.recordedAt);
  readonly hash = compile(Envelope.shape.hash);
  readonly metadata = compile(EventMetadata);
  readonly metadataReused = compile(EventMetadata, true);
  readonly instant = compile(IsoInstant);
}
let compiled: FastChecks | undefined;
const fast = (): FastChecks => (compiled ??= new FastChecks());

// a domain event by its parts: the output HoptacEvent.parse would give, or REJECTED
const fastDomainParts = (type: string, occurredOn: unknown, data: unknown, reuse = false): { occurredOn: string; data: unknown } | typeof REJECTED => {
  const parts = DOMAIN_PARTS.get(type);
  if (parts === undefined) {
    const event = fast().domainEvent({ type, occurredOn, data });
    return event === REJECTED ? REJECTED : (event as HoptacEvent);
  }
  const checkedOn = (parts.occurredOn ??= compile(parts.occurredOnSchema))(occurredOn);
  const checkedData = reuse ? (parts.dataReused ??= compile(parts.dataSchema, true))(data) : (parts.data ??= compile(parts.dataSchema))(data);
  return checkedOn === REJECTED || checkedData === REJECTED ? REJECTED : { occurredOn: checkedOn as string, data: checkedData };
};

// the place of a key in a stored event (the order parseRecordedEvent writes), or -1 for an unknown key
const recordedKeyIndex = (key: string): number => {
  switch (key) {
    case 'eventId':
      return 0;
    case 'type':
      return 1;
    case 'schemaVersion':
      return 2;
    case 'stream':
      return 3;
    case 'streamVersion':
      return 4;
    case 'globalPosition':
      return 5;
    case 'occurredOn':
      return 6;
    case 'recordedAt':
      return 7;
    case 'data':
      return 8;
    case 'metadata':
      return 9;
    case 'hash':
      return 10;
    default:
      return -1;
  }
};

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
};

const asRecord = (value: unknown, location: Location): Record<string, unknown> => {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new InvalidEventError(location, '(event)', 'expected a JSON object');
  return value as Record<string, unknown>;
};

/** Checks a stream name an append names: the same rule stored events are read back with. */
export const parseStreamName = (stream: unknown, location: Location = {}): string => {
  if (fast().stream(stream) !== REJECTED) return stream as string;
  const result = Envelope.shape.stream.safeParse(stream);
  if (!result.success) throw new InvalidEventError(location, 'stream', `expected a stream name of 1 to 300 characters, got ${typeof stream === 'string' ? `${stream.length} characters` : typeof stream}`);
  return result.data;
};

/** Parses a domain event `{ type, occurredOn, data }`, reporting the first bad field. */
export const parseDomainEvent = (value: unknown, location: Location = {}): HoptacEvent => {
  const checked = fast().domainEvent(value);
  if (checked !== REJECTED) return checked as HoptacEvent;
  const result = HoptacEvent.safeParse(value);
  if (!result.success) {
    const { field, reason } = firstIssue(result.error);
    throw new InvalidEventError(location, field, reason, { cause: result.error });
  }
  return result.data;
};

/**
 * The fast path of parseRecordedEvent: the event, or undefined when anything is off (parseRecordedEvent then
 * says what). For hot loops that build the error location only for a bad event. With `reuse`, a value that
 * already is the event parseRecordedEvent would return (keys in its order, current schema version) comes back
 * itself rather than copied: only for values the caller owns, such as fresh JSON.parse results.
 */
export const tryParseRecordedEvent = (value: unknown, upcasters: UpcasterRegistry = defaultUpcasters, reuse = false): RecordedEvent | undefined => {
  if (!isPlainObject(value)) return undefined;
  let same = reuse && Object.getPrototypeOf(value) === Object.prototype;
  let last = -1;
  for (const key in value) {
    const index = recordedKeyIndex(key);
    if (index < 0) return undefined;
    if (index < last) same = false;
    last = index;
  }
  const checks = fast();
  const eventId = checks.eventId(value.eventId);
  const schemaVersion = checks.schemaVersion(value.schemaVersion);
  const stream = checks.stream(value.stream);
  const streamVersion = checks.streamVersion(value.streamVersion);
  const globalPosition = checks.globalPosition(value.globalPosition);
  const recordedAt = checks.recordedAt(value.recordedAt);
  const metadata = reuse ? checks.metadataReused(value.metadata) : checks.metadata(value.metadata);
  const { type, data, hash } = value;
  if (
    eventId === REJECTED ||
    schemaVersion === REJECTED ||
    stream === REJECTED ||
    streamVersion === REJECTED ||
    globalPosition === REJECTED ||
    recordedAt === REJECTED ||
    metadata === REJECTED ||
    checks.hash(hash) === REJECTED ||
    typeof type !== 'string' ||
    typeof data !== 'object' ||
    data === null ||
    Array.isArray(data)
  )
    return undefined;
  const currentVersion = upcasters.currentVersion(type);
  let upcast = data as Record<string, unknown>;
  if (schemaVersion !== currentVersion) {
    // upcasters only ever see data the hostile-data walk passed
    if (findHostileData(data) !== undefined) return undefined;
    try {
      upcast = upcasters.upcast(type, schemaVersion as number, upcast);
    } catch {
      return undefined;
    }
  }
  const domain = fastDomainParts(type, value.occurredOn, upcast, reuse);
  if (domain === REJECTED) return undefined;
  if (same && schemaVersion === currentVersion && domain.data === data && metadata === value.metadata) return value as unknown as RecordedEvent;
  // the same field order as toRecordedEvent, so every store exports the same text
  return {
    eventId,
    type,
    schemaVersion: currentVersion,
    stream,
    streamVersion,
    globalPosition,
    occurredOn: domain.occurredOn,
    recordedAt,
    data: domain.data,
    metadata,
    hash,
  } as RecordedEvent;
};

/** parseRecordedEvent without its fast path: zod and the hostile-data walk only (for tests that compare the two). */
export const parseRecordedEventSlowly = (value: unknown, location: Location, upcasters: UpcasterRegistry): RecordedEvent => {
  rejectHostileKeys(value, location);
  const record = asRecord(value, location);
  const { type, occurredOn, data } = record;
  const where = typeof record.eventId === 'string' ? { ...location, eventId: record.eventId } : location;
  for (const key in record)
    if (!RECORDED_KEYS.has(key)) throw new InvalidEventError(where, key, 'unknown field');
  // explicit literals, not spreads: spreading parsed objects costs tens of microseconds per event on Node 20
  const envelope = Envelope.safeParse({
    eventId: record.eventId,
    schemaVersion: record.schemaVersion,
    stream: record.stream,
    streamVersion: record.streamVersion,
    globalPosition: record.globalPosition,
    recordedAt: record.recordedAt,
    metadata: record.metadata,
    hash: record.hash,
  });
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
  const stored = envelope.data;
  // the same field order as toRecordedEvent, so every store exports the same text
  return {
    eventId: stored.eventId,
    type: event.type,
    schemaVersion: upcasters.currentVersion(type),
    stream: stored.stream,
    streamVersion: stored.streamVersion,
    globalPosition: stored.globalPosition,
    occurredOn: event.occurredOn,
    recordedAt: stored.recordedAt,
    data: event.data,
    metadata: stored.metadata,
    hash: stored.hash,
  } as RecordedEvent;
};

/**
 * Parses a stored event (an NDJSON line or a database row): checks the envelope, upcasts the data from its
 * schema version to the current one, then checks the domain event.
 */
export const parseRecordedEvent = (
  value: unknown,
  location: Location = {},
  upcasters: UpcasterRegistry = defaultUpcasters,
): RecordedEvent => tryParseRecordedEvent(value, upcasters) ?? parseRecordedEventSlowly(value, location, upcasters);

// the fast path of parseNewEvent: undefined when anything is off, and the slow path then says what
const fastNewEvent = (value: unknown): NewEvent | undefined => {
  if (!isPlainObject(value)) return undefined;
  for (const key in value) if (!NEW_EVENT_KEYS.has(key)) return undefined;
  const { eventId, type, schemaVersion } = value;
  if (typeof eventId !== 'string' || eventId.length === 0 || eventId.length > 200 || typeof type !== 'string') return undefined;
  const checks = fast();
  const recordedAt = checks.instant(value.recordedAt);
  const metadata = checks.metadata(value.metadata ?? {});
  if (recordedAt === REJECTED || metadata === REJECTED) return undefined;
  if (schemaVersion !== undefined && schemaVersion !== defaultUpcasters.currentVersion(type)) return undefined;
  const domain = fastDomainParts(type, value.occurredOn, value.data);
  if (domain === REJECTED) return undefined;
  return {
    type,
    occurredOn: domain.occurredOn,
    data: domain.data,
    eventId,
    recordedAt,
    metadata,
  } as NewEvent;
};

/** parseNewEvent without its fast path: zod and the hostile-data walk only (for tests that compare the two). */
export const parseNewEventSlowly = (value: NewEvent, location: Location): NewEvent => {
  rejectHostileKeys(value, location);
  const record = asRecord(value, location);
  const { eventId, recordedAt, metadata, schemaVersion } = record;
  const where = typeof eventId === 'string' ? { ...location, eventId } : location;
  for (const key in record)
    if (!NEW_EVENT_KEYS.has(key)) throw new InvalidEventError(where, key, 'unknown field');
  if (typeof eventId !== 'string' || eventId.length === 0 || eventId.length > 200)
    throw new InvalidEventError(where, 'eventId', 'expected a non-empty string of at most 200 characters');
  if (!IsoInstant.safeParse(recordedAt).success)
    throw new InvalidEventError(where, 'recordedAt', 'expected an ISO 8601 instant with a zone');
  const parsedMetadata = EventMetadata.safeParse(metadata ?? {});
  if (!parsedMetadata.success) {
    const { field, reason } = firstIssue(parsedMetadata.error);
    throw new InvalidEventError(where, `metadata.${field}`, reason, { cause: parsedMetadata.error });
  }
  if (schemaVersion !== undefined && schemaVersion !== defaultUpcasters.currentVersion(String(record.type)))
    throw new InvalidEventError(where, 'schemaVersion', 'new events are written at the current schema version');
  const domainEvent = parseDomainEvent({ type: record.type, occurredOn: record.occurredOn, data: record.data }, where);
  return {
    type: domainEvent.type,
    occurredOn: domainEvent.occurredOn,
    data: domainEvent.data,
    eventId,
    recordedAt: recordedAt as string,
    metadata: parsedMetadata.data,
  } as NewEvent;
};

/** Checks an event about to be appended: its domain shape, id, record time and metadata. */
export const parseNewEvent = (value: NewEvent, location: Location = {}): NewEvent => fastNewEvent(value) ?? parseNewEventSlowly(value, location);
