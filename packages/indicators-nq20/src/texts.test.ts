import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { appendEmpty, appendText, appendTextAfter, newTextTable, textAfter, textAt } from './texts';

// ids that share prefixes often, some empty, some beyond ASCII (lone surrogates included), a few long
const text = fc.oneof(
  { weight: 6, arbitrary: fc.nat({ max: 300 }).map((n) => `org-${String(n).padStart(6, '0')}-m${n % 7}`) },
  { weight: 2, arbitrary: fc.constant('') },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.nat({ max: 40_000 }).map((n) => 'x'.repeat(n) + 'é') },
);

describe('packed texts', () => {
  test.prop([fc.array(text, { maxLength: 300 })], { numRuns: 200 })('reads back every text appended', (texts) => {
    const table = newTextTable();
    texts.forEach((value, index) => expect(value === '' && index % 3 === 0 ? appendEmpty(table) : appendText(table, value)).toBe(index));
    expect(table.count).toBe(texts.length);
    texts.forEach((value, index) => expect(textAt(table, index)).toBe(value));
  });

  test.prop([fc.array(fc.tuple(fc.nat({ max: 4 }), text), { maxLength: 300 })], { numRuns: 200 })(
    'reads back texts coded against another text of the same owner',
    (entries) => {
      const table = newTextTable();
      const last = new Map<number, string>();
      const references: string[] = [];
      for (const [owner, value] of entries) {
        const reference = last.get(owner) ?? '';
        references.push(reference);
        appendTextAfter(table, value, reference);
        last.set(owner, value);
      }
      entries.forEach(([, value], index) => expect(textAfter(table, index, references[index] as string)).toBe(value));
    },
  );

  it('packs a million short ids into a few bytes each', () => {
    const table = newTextTable();
    for (let index = 1; index <= 1_000_000; index++) appendText(table, `ev-${index}`);
    const bytes = table.chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    expect(bytes / table.count).toBeLessThan(5);
    expect(textAt(table, 0)).toBe('ev-1');
    expect(textAt(table, 999_999)).toBe('ev-1000000');
    expect(() => textAt(table, 1_000_000)).toThrow(RangeError);
  });
});
