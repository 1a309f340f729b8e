import { createHash } from 'node:crypto';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, canonicalJson, chainHash, type HashedContent } from './integrity';

// the definition: every object's keys sorted by the default sort, each value written as JSON.stringify writes it
const reference = (value: unknown): string => {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) return `[${value.map((item) => (item === undefined || typeof item === 'function' ? 'null' : reference(item))).join(',')}]`;
      const record = value as Record<string, unknown>;
      const parts = Object.keys(record)
        .sort()
        .filter((key) => record[key] !== undefined && typeof record[key] !== 'function')
        .map((key) => `${JSON.stringify(key)}:${reference(record[key])}`);
      return `{${parts.join(',')}}`;
    }
    default:
      return 'null';
  }
};

// strings that need escaping (quotes, backslashes, control characters, lone and paired surrogates) and some that don't
const anyText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('', '"', '\\', '\n', '\u0000', '\u001f', '\u007f', '\u2028', '\ud800', '\udfff', '😀', 'Hợp tác xã', '10', '9', '__proto__'),
);
const anyValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    anyText,
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(anyText, tie('value'), { maxKeys: 6 }),
  ),
})).value;

describe('canonical JSON', () => {
  test.prop([anyValue], { numRuns: 3000 })('is the sorted-key JSON of the definition, character for character', (value) => {
    expect(canonicalJson(value)).toBe(reference(value));
  });

  it('writes integer-like keys in text order, as the definition does', () => {
    expect(canonicalJson({ b: 1, 10: 2, 9: 3, a: [undefined, () => 1, 'x'] })).toBe('{"10":2,"9":3,"a":[null,null,"x"],"b":1}');
  });

  test.prop([fc.record({ data: anyValue.filter((value) => value !== undefined), metadata: fc.dictionary(anyText, anyText, { maxKeys: 3 }), text: anyText })], { numRuns: 500 })(
    'chain hashes are the sha-256 of the previous hash and the canonical content',
    ({ data, metadata, text }) => {
      const content: HashedContent = {
        eventId: text,
        type: 'MemberAdmitted',
        schemaVersion: 1,
        stream: `organisation-${text}`,
        streamVersion: 3,
        globalPosition: 7,
        occurredOn: '2025-03-01',
        recordedAt: text,
        data,
        metadata,
      };
      const expected = createHash('sha256').update(`${GENESIS_HASH}\n${reference(content)}`).digest('hex');
      expect(chainHash(GENESIS_HASH, content)).toBe(expected);
    },
  );
});
