import * as crypto from 'node:crypto';

// crypto.hash (Node ≥ 20.12) is a one-shot digest about four times cheaper than createHash per event
const sha256Hex: (text: string) => string =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (text) => (crypto as unknown as { hash: (algorithm: string, data: string) => string }).hash('sha256', text)
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

/** The `previousHash` of the first event in a store. */
export const GENESIS_HASH = '0'.repeat(64);

// the characters JSON.stringify escapes in a string: quote, backslash, control characters and lone surrogates
// (paired ones are sent there too); a string without any is written as is between quotes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
const quote = (text: string): string => (NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`);

// object keys come from a few shapes: each key is quoted once
const quotedKeys = new Map<string, string>();
const quoteKey = (key: string): string => {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = quote(key);
    if (quotedKeys.size < 10_000) quotedKeys.set(key, quoted);
  }
  return quoted;
};

// insertion sort in place: objects have a handful of keys, where it beats Array.prototype.sort several times over;
// `<` compares UTF-16 code units, the same order as the default sort
const sortKeys = (keys: string[]): string[] => {
  for (let index = 1; index < keys.length; index++) {
    const key = keys[index] as string;
    let at = index - 1;
    while (at >= 0 && (keys[at] as string) > key) {
      keys[at + 1] = keys[at] as string;
      at--;
    }
    keys[at + 1] = key;
  }
  return keys;
};

const canonicalObject = (record: Record<string, unknown>): string => {
  const keys = sortKeys(Object.keys(record));
  let text = '{';
  let first = true;
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index] as string;
    const item = record[key];
    if (item === undefined || typeof item === 'function') continue;
    text += `${first ? '' : ','}${quoteKey(key)}:${typeof item === 'string' ? quote(item) : canonicalJson(item)}`;
    first = false;
  }
  return `${text}}`;
};

const canonicalArray = (items: readonly unknown[]): string => {
  let text = '[';
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    text += (index === 0 ? '' : ',') + (item === undefined || typeof item === 'function' ? 'null' : canonicalJson(item));
  }
  return `${text}]`;
};

/** JSON with object keys sorted at every depth, so equal content always gives equal text. */
export const canonicalJson = (value: unknown): string => {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      return Array.isArray(value) ? canonicalArray(value) : canonicalObject(value as Record<string, unknown>);
    default:
      return 'null';
  }
};

// an envelope string as JSON.stringify writes it (also when it is not a string, as before)
const envelopeString = (value: unknown): string => (typeof value === 'string' ? quote(value) : `${JSON.stringify(value)}`);

/** The fields an event's hash covers: everything stored except the hash itself. */
export interface HashedContent {
  eventId: string;
  type: string;
  schemaVersion: number;
  stream: string;
  streamVersion: number;
  globalPosition: number;
  occurredOn: string;
  recordedAt: string;
  data: unknown;
  metadata: unknown;
}

/** sha-256 of the previous event's hash and this event's canonical content: one link of the chain. */
export const chainHash = (previousHash: string, event: HashedContent): string =>
  // the envelope fields in a fixed order, then the canonical data and metadata: the same as
  // canonicalJson of the whole content, written out so that only the nested parts are sorted at run time
  sha256Hex(
    `${previousHash}\n{"data":${canonicalJson(event.data)},"eventId":${envelopeString(event.eventId)},` +
      `"globalPosition":${canonicalJson(event.globalPosition)},"metadata":${canonicalJson(event.metadata ?? {})},` +
      `"occurredOn":${envelopeString(event.occurredOn)},"recordedAt":${envelopeString(event.recordedAt)},` +
      `"schemaVersion":${canonicalJson(event.schemaVersion)},"stream":${envelopeString(event.stream)},` +
      `"streamVersion":${canonicalJson(event.streamVersion)},"type":${envelopeString(event.type)}}`,
  );
