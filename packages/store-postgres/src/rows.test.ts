import { describe, expect, it } from 'vitest';
import { filterSql, toPosition } from './rows';

describe('reading bigint columns', () => {
  it('reads integers a number holds exactly', () => {
    expect(toPosition('0', 'p')).toBe(0);
    expect(toPosition('9007199254740991', 'p')).toBe(Number.MAX_SAFE_INTEGER);
    expect(toPosition(42, 'p')).toBe(42);
  });

  it('refuses a position beyond Number.MAX_SAFE_INTEGER instead of rounding it', () => {
    expect(() => toPosition('9007199254740993', 'global_position')).toThrow(/global_position: 9007199254740993 is beyond/);
  });

  it('refuses text that is not an integer, and a missing value', () => {
    expect(() => toPosition('12.5', 'p')).toThrow(/not an integer/);
    expect(() => toPosition(null, 'p')).toThrow(/missing/);
  });
});

describe('filters as SQL', () => {
  it('numbers its parameters after the ones already used', () => {
    expect(filterSql({ streamPrefix: 'organisation-', types: ['A'], tenant: 't' }, 2)).toEqual({
      conditions: ['starts_with(stream, $3)', 'type = ANY($4::text[])', "metadata->>'tenant' = $5"],
      params: ['organisation-', ['A'], 't'],
    });
  });

  it('adds no condition without a filter', () => {
    expect(filterSql(undefined, 0)).toEqual({ conditions: [], params: [] });
  });
});
