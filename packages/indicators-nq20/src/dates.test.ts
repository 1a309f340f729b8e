import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { dayNumber, instantMs } from './dates';

const DAY = 86_400_000;
const instants = fc.date({ min: new Date('0001-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true });

describe('date arithmetic without Date objects', () => {
  test.prop([instants])('dayNumber agrees with Date.UTC on every date', (date) => {
    const text = date.toISOString().slice(0, 10);
    const expected = Date.UTC(Number(text.slice(0, 4)), Number(text.slice(5, 7)) - 1, Number(text.slice(8, 10))) / DAY;
    expect(dayNumber(text)).toBe(expected);
  });

  test.prop([instants])('instantMs agrees with Date.parse on every canonical instant', (date) => {
    expect(instantMs(date.toISOString())).toBe(date.getTime());
  });

  test('instantMs reads other ways of writing an instant and rejects text that is not one', () => {
    expect(instantMs('2025-07-01T07:00:00+07:00')).toBe(Date.parse('2025-07-01T00:00:00.000Z'));
    expect(instantMs('2024-02-29T12:00:00Z')).toBe(Date.parse('2024-02-29T12:00:00.000Z'));
    expect(instantMs('2024-02-29T12:00:00.000Z')).toBe(Date.parse('2024-02-29T12:00:00.000Z'));
    expect(() => instantMs('2024-13-01T12:00:00.000Z')).toThrow(RangeError);
    expect(() => instantMs('2024-01-01T1a:00:00.000Z')).toThrow(RangeError);
    expect(() => instantMs('yesterday')).toThrow(RangeError);
  });

  test('dayNumber rolls over like Date.UTC for days past the end of a month', () => {
    expect(dayNumber('2023-02-30')).toBe(dayNumber('2023-03-02'));
    expect(dayNumber('2024-02-29')).toBe(Date.UTC(2024, 1, 29) / DAY);
  });
});
