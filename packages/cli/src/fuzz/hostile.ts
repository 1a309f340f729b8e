// Hostile inputs for the fuzz suite: every value here is wrong for the field it is put in, so a store or an import
// that accepts one has a hole. Test-only; not exported from the package.
import fc from 'fast-check';
import { GENESIS_HASH, chainHash, type HashedContent } from '@hoptac/core';

/** A value written into the JSON text as is (JSON.stringify cannot write 1e999 or a 5,000-deep array). */
export interface Raw {
  raw: string;
}
const raw = (text: string): Raw => ({ raw: text });
const isRaw = (value: unknown): value is Raw =>
  typeof value === 'object' && value !== null && Object.keys(value).length === 1 && typeof (value as Raw).raw === 'string';

/** Marks a field to delete. */
export const MISSING = Symbol('missing');

const deepArray = (depth: number): Raw => raw(`${'['.repeat(depth)}${']'.repeat(depth)}`);
const deepObject = (depth: number): Raw => raw(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);

// numbers JSON can carry that no count, version, position or amount may be
const HUGE_OR_BROKEN_NUMBERS: unknown[] = [
  raw('1e999'),
  raw('-1e999'),
  1e308,
  2 ** 53 + 2,
  -1,
  1.5,
  0.1,
  raw('-0.0000001'),
  raw('123456789012345678901234567890'),
  'NaN',
  'Infinity',
  '-Infinity',
  '5000000',
  null,
  true,
  [],
  {},
];

/** Dates that look like days but are not: 30 February, month 13, no zero padding, times, words. */
export const INVALID_DATES: unknown[] = [
  '2023-02-30',
  '2023-02-29',
  '2024-02-30',
  '2023-04-31',
  '2023-13-01',
  '2023-00-10',
  '2023-01-00',
  '2023-01-32',
  '2023-1-5',
  '20230105',
  '2023/01/05',
  '05-01-2023',
  '2023-01-05T00:00:00Z',
  ' 2023-01-05',
  '2023-01-05\n',
  '２０２３-０１-０５',
  'yesterday',
  '',
  20230105,
  null,
  raw('1e999'),
  ['2023-01-05'],
];

const INVALID_INSTANTS: unknown[] = [
  '2023-02-30T03:00:00.000Z',
  '2025-03-02T25:00:00.000Z',
  '2025-03-02T03:60:00.000Z',
  '2025-03-02',
  '2025-03-02T03:00:00',
  '2025-03-02 03:00:00Z',
  'now',
  '',
  1740884400000,
  null,
  {},
];

const LONG = 'x'.repeat(100_000);
const NON_UTF8_DECODED = Buffer.from([0x63, 0x6f, 0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1]).toString('utf8');

/** Ids that break the id rule: empty, spaces, slashes, control characters, undecodable bytes, lone surrogates, too long. */
const INVALID_IDS: unknown[] = [
  '',
  ' ',
  'has space',
  '../../etc/passwd',
  '-leading-dash',
  'a'.repeat(129),
  LONG,
  'x\u0000y',
  'line\nbreak',
  NON_UTF8_DECODED,
  '\uD800',
  'Hợp tác xã',
  '__proto__ ',
  42,
  null,
  [],
  {},
];

const UNKNOWN_TYPES: unknown[] = ['EvilEvent', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'organisationfounded', 'OrganisationFounded ', '', 42, null, [], {}];

// schema versions the library cannot read: not positive integers, or newer than it knows
const BAD_SCHEMA_VERSIONS: unknown[] = [0, -1, 1.5, 2, 7, 999, 1000, 1001, 2 ** 53, raw('1e999'), '1', null, true, []];

/** Objects that must not be there at all: hostile keys, junk nested deeper than any event. */
const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** One hostile edit of an event, as a field path and what to put there. */
export interface Mutation {
  label: string;
  path: readonly string[];
  value: unknown;
}

const at = (label: string, path: readonly string[], values: readonly unknown[]): fc.Arbitrary<Mutation> =>
  fc.constantFrom(...values).map((value) => ({ label, path, value }));

const hostileKey = (where: readonly string[]): fc.Arbitrary<Mutation> =>
  fc
    .tuple(fc.constantFrom(...HOSTILE_KEYS), fc.constantFrom<unknown>({ polluted: true }, { prototype: { polluted: true } }, 'polluted', null))
    .map(([key, value]) => ({ label: `key ${key}`, path: [...where, key], value }));

const deepJunk = (where: readonly string[]): fc.Arbitrary<Mutation> =>
  fc
    .tuple(fc.constantFrom(deepArray, deepObject), fc.constantFrom(50, 5_000, 20_000))
    .map(([make, depth]) => ({ label: `nested ${depth} deep`, path: [...where, 'junk'], value: make(depth) }));

/** Edits that make any domain event invalid, whatever its type. */
export const domainMutation: fc.Arbitrary<Mutation> = fc.oneof(
  at('unknown type', ['type'], UNKNOWN_TYPES),
  at('invalid date', ['occurredOn'], INVALID_DATES),
  at('missing field', ['type'], [MISSING]),
  at('missing field', ['occurredOn'], [MISSING]),
  at('missing field', ['data'], [MISSING]),
  at('wrong data', ['data'], [null, [], 'data', 42, true, {}, { organisationId: 'coop-1' }]),
  at('missing id', ['data', 'organisationId'], [MISSING]),
  at('invalid id', ['data', 'organisationId'], INVALID_IDS),
  at('unknown field', ['data', 'unexpected'], [1, 'x', null, {}]),
  at('unknown field', ['unexpected'], [1, 'x', null, {}]),
  hostileKey([]),
  hostileKey(['data']),
  deepJunk(['data']),
  deepJunk([]),
);

/** Edits that make a MemberAdmitted event invalid: its amount, kinds and member id. */
export const admissionMutation: fc.Arbitrary<Mutation> = fc.oneof(
  at('bad amount', ['data', 'capitalCommitted'], HUGE_OR_BROKEN_NUMBERS),
  at('invalid id', ['data', 'memberId'], INVALID_IDS),
  at('unknown member kind', ['data', 'memberKind'], ['honorary', '', 'OFFICIAL', 1, null]),
  at('unknown origin', ['data', 'origin'], ['stolen', '', null, {}]),
);

/** Edits that make an OrganisationFounded event invalid: oversized text, unknown kind, bad origin. */
export const foundingMutation: fc.Arbitrary<Mutation> = fc.oneof(
  at('oversized name', ['data', 'name'], ['n'.repeat(301), LONG, '', 42, null, ['name']]),
  at('oversized code', ['data', 'registrationCode'], ['c'.repeat(65), LONG, '']),
  at('unknown kind', ['data', 'kind'], ['company', '', 'COOPERATIVE', null]),
  at('bad origin', ['data', 'origin'], [{ type: 'stolen' }, { type: 'conversion' }, { type: 'new', extra: 1 }, 'new', null]),
);

/** Edits that make the envelope of a stored event (an NDJSON line) invalid. */
export const envelopeMutation: fc.Arbitrary<Mutation> = fc.oneof(
  at('bad schema version', ['schemaVersion'], BAD_SCHEMA_VERSIONS),
  at('missing field', ['schemaVersion'], [MISSING]),
  at('bad event id', ['eventId'], ['', 'e'.repeat(201), LONG, 42, null, []]),
  at('bad stream', ['stream'], ['', 's'.repeat(301), 42, null]),
  at('bad stream version', ['streamVersion'], HUGE_OR_BROKEN_NUMBERS),
  at('bad position', ['globalPosition'], HUGE_OR_BROKEN_NUMBERS),
  at('bad record time', ['recordedAt'], INVALID_INSTANTS),
  at('bad metadata', ['metadata'], [null, 42, 'actor', [], { role: 'admin' }, { tenant: 'Hải Phòng' }, { actor: '' }, { actor: LONG }]),
  hostileKey(['metadata']),
);

/** Edits that make a new event (what a caller appends) invalid. */
export const newEventMutation: fc.Arbitrary<Mutation> = fc.oneof(
  domainMutation,
  admissionMutation,
  at('bad event id', ['eventId'], ['', 'e'.repeat(201), LONG, 42, null, [], MISSING]),
  at('bad record time', ['recordedAt'], [...INVALID_INSTANTS, MISSING]),
  at('bad metadata', ['metadata'], [42, 'actor', [], { role: 'admin' }, { tenant: 'Hải Phòng' }, { actor: '' }, { actor: LONG }]),
  at('bad schema version', ['schemaVersion'], BAD_SCHEMA_VERSIONS.filter((value) => value !== 1)),
  // a new event carries no envelope: a caller must not choose its position, version, stream or hash
  at('envelope field', ['globalPosition'], [1, 999]),
  at('envelope field', ['streamVersion'], [1]),
  at('envelope field', ['stream'], ['organisation-coop-1']),
  at('envelope field', ['hash'], [GENESIS_HASH]),
  hostileKey(['metadata']),
);

const placeholder = (index: number): string => `__hostile_raw_${index}__`;

/** Applies a mutation to a JSON-shaped copy; raw values become placeholders, filled in by `toJsonText`. */
export const mutate = (value: Record<string, unknown>, mutation: Mutation, raws: string[]): Record<string, unknown> => {
  const copy = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  let target: Record<string, unknown> = copy;
  for (const key of mutation.path.slice(0, -1)) {
    const next = target[key];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) return copy; // the path is gone: a no-op
    target = next as Record<string, unknown>;
  }
  const last = mutation.path.at(-1) as string;
  if (mutation.value === MISSING) {
    delete target[last];
    return copy;
  }
  let stored: unknown = mutation.value;
  if (isRaw(stored)) {
    raws.push(stored.raw);
    stored = placeholder(raws.length - 1);
  } else stored = JSON.parse(JSON.stringify(stored) ?? 'null');
  // an own property, even for "__proto__": what JSON.parse makes of hostile text
  Object.defineProperty(target, last, { value: stored, enumerable: true, configurable: true, writable: true });
  return copy;
};

/** JSON text of a mutated value, raw values written in. */
export const toJsonText = (value: unknown, raws: readonly string[]): string =>
  raws.reduce((text, rawText, index) => text.replace(`"${placeholder(index)}"`, rawText), JSON.stringify(value));

/** Recomputes the hash chain of parsed lines, so an edit is caught by validation, not only by the chain. */
export const rechain = (lines: Record<string, unknown>[]): void => {
  let previous = GENESIS_HASH;
  for (const line of lines) {
    try {
      line.hash = chainHash(previous, line as unknown as HashedContent);
    } catch {
      // content canonicalJson cannot walk (nested too deep): leave the hash, the line is hostile either way
    }
    previous = line.hash as string;
  }
};

/** Byte-level damage to one NDJSON line: cut short, bytes replaced or inserted, undecodable bytes. */
export const byteDamage: fc.Arbitrary<{ label: string; apply: (line: string) => Buffer }> = fc.oneof(
  fc.double({ min: 0.01, max: 0.99, noNaN: true }).map((cut) => ({
    label: 'truncated line',
    apply: (line: string) => Buffer.from(line.slice(0, Math.max(1, Math.floor(line.length * cut)))),
  })),
  fc.tuple(fc.double({ min: 0, max: 0.999, noNaN: true }), fc.uint8Array({ minLength: 1, maxLength: 8 })).map(([where, bytes]) => ({
    label: 'bytes replaced',
    apply: (line: string) => {
      const buffer = Buffer.from(line);
      const start = Math.floor(buffer.length * where);
      const out = Buffer.from(buffer);
      for (let index = 0; index < bytes.length && start + index < out.length; index++) out[start + index] = bytes[index] as number;
      return out;
    },
  })),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom([0xff], [0xc3, 0x28], [0xe2, 0x82], [0xf0, 0x28, 0x8c, 0x28], [0x00], [0x0d], [0x22], [0x5c])).map(([where, bytes]) => ({
    label: 'bytes inserted',
    apply: (line: string) => {
      const buffer = Buffer.from(line);
      const start = Math.floor(buffer.length * where);
      return Buffer.concat([buffer.subarray(0, start), Buffer.from(bytes), buffer.subarray(start)]);
    },
  })),
);

/** A value only a JavaScript caller can hand over (no JSON text holds it), made fresh for each case. */
export interface JsMutation {
  label: string;
  path: readonly string[];
  make: () => unknown;
}

const circular = (): unknown => {
  const loop: Record<string, unknown> = { organisationId: 'coop-1' };
  loop.self = loop;
  return loop;
};

const JS_ONLY: ReadonlyArray<readonly [string, () => unknown]> = [
  ['NaN', () => Number.NaN],
  ['Infinity', () => Number.POSITIVE_INFINITY],
  ['-Infinity', () => Number.NEGATIVE_INFINITY],
  ['undefined', () => undefined],
  ['bigint', () => 5_000_000n],
  ['symbol', () => Symbol('hostile')],
  ['function', () => () => 'hostile'],
  ['Date', () => new Date('2025-03-01')],
  ['Map', () => new Map([['organisationId', 'coop-1']])],
  ['circular', circular],
  ['null prototype', () => Object.assign(Object.create(null) as object, { polluted: true })],
  ['boxed string', () => new String('coop-1')],
];

/** JavaScript-only values put where a JSON value belongs. */
export const jsOnlyMutation: fc.Arbitrary<JsMutation> = fc
  .tuple(
    fc.constantFrom<readonly string[]>(['data', 'capitalCommitted'], ['data', 'memberId'], ['data', 'organisationId'], ['occurredOn'], ['recordedAt'], ['eventId'], ['data'], ['metadata'], ['type']),
    fc.constantFrom(...JS_ONLY),
  )
  // metadata left undefined is no metadata at all: valid, so not hostile
  .filter(([path, [label]]) => !(label === 'undefined' && path.join('.') === 'metadata'))
  .map(([path, [label, make]]) => ({ label: `${label} at ${path.join('.')}`, path, make }));

/** Puts a JS-only value into a deep copy of `value`; `undefined` at a required field reads as missing. */
export const mutateJs = (value: Record<string, unknown>, mutation: JsMutation): Record<string, unknown> => {
  const copy = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  let target: Record<string, unknown> = copy;
  for (const key of mutation.path.slice(0, -1)) target = target[key] as Record<string, unknown>;
  target[mutation.path.at(-1) as string] = mutation.make();
  return copy;
};
