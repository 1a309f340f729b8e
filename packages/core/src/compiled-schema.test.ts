import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { classSequenceMatcher, compileSchema, fastMatcher, isIsoDay, isIsoInstant, REJECTED, type CompiledCheck } from './compiled-schema';
import { Envelope } from './events';
import { Id, IsoDate, IsoInstant } from './primitives';

const patternOf = (schema: z.ZodType, check?: number): RegExp => {
  const def = (schema as unknown as { _zod: { def: { pattern?: RegExp; checks?: Array<{ _zod: { def: { pattern: RegExp } } }> } } })._zod.def;
  return check === undefined ? (def.pattern as RegExp) : (def.checks?.[check]?._zod.def.pattern as RegExp);
};

// strings near the edges of each pattern: a valid one with a few characters changed, added or removed
const anyNear = (valid: readonly string[], alphabet: string) =>
  fc
    .tuple(
      fc.constantFrom(...valid),
      fc.array(fc.tuple(fc.nat(), fc.constantFrom('set', 'insert', 'delete'), fc.constantFrom(...alphabet)), { maxLength: 3 }),
    )
    .map(([base, edits]) => {
      const characters = [...base];
      for (const [position, kind, character] of edits) {
        const at = position % (characters.length + 1);
        if (kind === 'set') characters[at] = character;
        else if (kind === 'insert') characters.splice(at, 0, character);
        else characters.splice(at, 1);
      }
      return characters.join('');
    });

const INSTANTS = ['2024-02-29T23:59:59.123Z', '2023-12-31T00:00:00Z', '1900-02-28T12:30:00+07:00', '2000-02-29T00:00:00.5-11:59', '0000-02-29T00:00:00Z'];
const DAYS = ['2024-02-29', '2023-02-28', '2000-02-29', '1900-02-28', '2025-04-30', '2025-12-31'];
const IDS = ['org-000123', 'a', 'A.b_c:d-e', '9'];
const HASHES = ['a'.repeat(64), '0123456789abcdef'.repeat(4)];
const ALPHABET = '0123456789-:TZ.+_aAzé😀 ';

describe('hand-written pattern checks', () => {
  it('are used for the day, instant, id and hash patterns', () => {
    expect(fastMatcher(patternOf(IsoInstant))).toBe(isIsoInstant);
    expect(fastMatcher(patternOf(IsoDate))).toBe(isIsoDay);
    expect(fastMatcher(patternOf(Id, 2))).toBeTypeOf('function');
    expect(fastMatcher(patternOf(Envelope.shape.hash, 0))).toBeTypeOf('function');
  });

  test.prop([anyNear([...INSTANTS, ...DAYS], ALPHABET)], { numRuns: 5000 })('answer as zod’s ISO day and instant patterns do', (text) => {
    expect(isIsoInstant(text)).toBe(patternOf(IsoInstant).test(text));
    expect(isIsoDay(text)).toBe(patternOf(IsoDate).test(text));
  });

  test.prop([anyNear([...IDS, ...HASHES], ALPHABET)], { numRuns: 5000 })('answer as the id and hash patterns do', (text) => {
    for (const pattern of [patternOf(Id, 2), patternOf(Envelope.shape.hash, 0)]) expect((fastMatcher(pattern) as (text: string) => boolean)(text)).toBe(pattern.test(text));
  });

  it('read only anchored sequences of character classes whose last part alone varies', () => {
    for (const source of ['^[a-z]+$', '^x[0-9]{2,3}$', '^[-a]?$', '^[a-c-]{2,}$', '^[!--]*$'])
      for (const text of ['', 'a', 'ab', 'x12', 'x1234', '-', 'a-', 'c-b', '!', ',', '.'])
        expect(classSequenceMatcher(new RegExp(source))?.(text), `${source} on ${JSON.stringify(text)}`).toBe(new RegExp(source).test(text));
    for (const source of ['[a-z]+$', '^[a-z]+', '^[a-z]*[0-9]$', '^[^a]$', '^[\\d]$', '^a|b$', '^(a)$', '^a+?$', '^.$', '^[a-z]+\\$'])
      expect(classSequenceMatcher(new RegExp(source)), source).toBeUndefined();
    expect(classSequenceMatcher(/^[a-z]+$/i)).toBeUndefined();
  });
});

const delegateToZod =
  (schema: z.ZodType): CompiledCheck =>
  (value) => {
    const result = schema.safeParse(value);
    return result.success ? result.data : REJECTED;
  };

// a schema with parts the compiler knows and parts it leaves to zod
const Mixed = z.strictObject({
  id: Id,
  email: z.email().optional(),
  tags: z.array(z.string().min(2).max(3)).max(2),
  trimmed: z.string().trim().optional(),
  record: z.record(z.string(), z.number()).optional(),
  loose: z.object({ a: z.number().int() }).optional(),
  choice: z.discriminatedUnion('kind', [z.strictObject({ kind: z.literal('a'), n: z.number().gt(0) }), z.strictObject({ kind: z.literal('b') })]),
});

const anyMixedInput = fc.record(
  {
    id: fc.constantFrom('ok-1', '', '-x', 'x'.repeat(129), 5),
    email: fc.constantFrom('a@b.co', 'not an email', undefined),
    tags: fc.array(fc.constantFrom('ab', 'abc', 'a', 'abcd', '😀😀', 3), { maxLength: 3 }),
    trimmed: fc.constantFrom(' padded ', 'plain'),
    record: fc.constantFrom({ a: 1 }, { a: 'x' }),
    loose: fc.constantFrom({ a: 1 }, { a: 1, extra: true }, { a: 1.5 }),
    choice: fc.constantFrom({ kind: 'a', n: 1 }, { kind: 'a', n: 0 }, { kind: 'b' }, { kind: 'c' }, { kind: 'b', n: 1 }),
    extra: fc.constant('unknown key'),
  },
  { requiredKeys: ['choice'] },
);

describe('compileSchema', () => {
  test.prop([anyMixedInput], { numRuns: 2000 })('accepts only what zod accepts, giving what zod gives, key order included', (input) => {
    const checked = compileSchema(Mixed, delegateToZod)(input);
    const zod = Mixed.safeParse(input);
    if (checked === REJECTED) return;
    expect(zod.success).toBe(true);
    expect(JSON.stringify(checked)).toBe(JSON.stringify(zod.data));
    expect(checked).toStrictEqual(zod.data);
  });

  it('accepts a plain event from its compiled code, not from the delegate', () => {
    let delegated = 0;
    const check = compileSchema(z.strictObject({ id: Id, on: IsoDate, at: IsoInstant, n: z.number().int().min(1) }), (schema) => {
      delegated++;
      return delegateToZod(schema);
    });
    expect(check({ id: 'x', on: '2024-02-29', at: '2024-02-29T10:00:00Z', n: 1 })).toStrictEqual({ id: 'x', on: '2024-02-29', at: '2024-02-29T10:00:00Z', n: 1 });
    expect(check({ id: 'x', on: '2023-02-29', at: '2024-02-29T10:00:00Z', n: 1 })).toBe(REJECTED);
    expect(delegated).toBe(0);
  });

  it('copies, or with `reuse` hands back an input already in the schema’s form', () => {
    const schema = z.strictObject({ a: z.string(), b: z.array(z.strictObject({ c: z.number() })), d: z.string().optional() });
    const input = { a: 'x', b: [{ c: 1 }] };
    const copied = compileSchema(schema, delegateToZod)(input);
    expect(copied).toStrictEqual(input);
    expect(copied).not.toBe(input);
    expect(compileSchema(schema, delegateToZod, { reuse: true })(input)).toBe(input);
    const reordered = { b: [{ c: 1 }], a: 'x' };
    const reused = compileSchema(schema, delegateToZod, { reuse: true })(reordered);
    expect(reused).not.toBe(reordered);
    expect(JSON.stringify(reused)).toBe('{"a":"x","b":[{"c":1}]}');
  });

  it('rejects everything when zod is configured jitless, so callers fall back to zod', () => {
    z.config({ jitless: true });
    try {
      expect(compileSchema(z.string(), delegateToZod)('x')).toBe(REJECTED);
    } finally {
      z.config({ jitless: false });
    }
    expect(compileSchema(z.string(), delegateToZod)('x')).toBe('x');
  });
});
