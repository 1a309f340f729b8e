const DAY_MS = 86_400_000;

// days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil) for years from 1000,
// where every quotient is of positive numbers, so `| 0` is the floor
const civilDay = (year: number, month: number, day: number): number => {
  const y = month <= 2 ? year - 1 : year;
  const era = (y / 400) | 0;
  const yearOfEra = y - era * 400;
  const dayOfYear = (((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) | 0) + day - 1;
  return era * 146_097 + yearOfEra * 365 + ((yearOfEra / 4) | 0) - ((yearOfEra / 100) | 0) + dayOfYear - 719_468;
};

const daysInMonth = (year: number, month: number): number =>
  month === 2
    ? year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
      ? 29
      : 28
    : month === 4 || month === 6 || month === 9 || month === 11
      ? 30
      : 31;

// the two decimal digits at `at` as a number, or -1 when one is not a digit
const twoDigits = (text: string, at: number): number => {
  const tens = text.charCodeAt(at) - 48;
  const ones = text.charCodeAt(at + 1) - 48;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : -1;
};

// the day number of a valid `YYYY-MM-DD` at the start of `text` with a year from 1000, else NaN
const plainDay = (text: string): number => {
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return Number.NaN;
  const century = twoDigits(text, 0);
  const yearOfCentury = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  if (century < 10 || yearOfCentury < 0 || month < 1 || month > 12 || day < 1) return Number.NaN;
  const year = century * 100 + yearOfCentury;
  if (day > 28 && day > daysInMonth(year, month)) return Number.NaN;
  return civilDay(year, month, day);
};

/** Days since 1970-01-01 of an ISO date (`YYYY-MM-DD`). */
export const dayNumber = (date: string): number => {
  if (date.length === 10) {
    const day = plainDay(date);
    if (!Number.isNaN(day)) return day;
  }
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
};

// the dates of the days asked for, as a history has a few thousand of them
const DATES_KEPT = 100_000;
const dates = new Map<number, string>();

/** The ISO date of a day number. */
export const dateOfDay = (day: number): string => {
  let date = dates.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (dates.size < DATES_KEPT) dates.set(day, date);
  }
  return date;
};

/** Milliseconds since the epoch of an ISO instant; throws on text that is not one. */
export const instantMs = (instant: string): number => {
  // the usual `YYYY-MM-DDTHH:MM:SS.sssZ` without Date.parse; anything else (offsets, other precisions) goes to it
  if (
    instant.length === 24 &&
    instant.charCodeAt(10) === 84 &&
    instant.charCodeAt(13) === 58 &&
    instant.charCodeAt(16) === 58 &&
    instant.charCodeAt(19) === 46 &&
    instant.charCodeAt(23) === 90
  ) {
    const day = plainDay(instant);
    const hours = twoDigits(instant, 11);
    const minutes = twoDigits(instant, 14);
    const seconds = twoDigits(instant, 17);
    const millis = twoDigits(instant, 20);
    const lastMilli = instant.charCodeAt(22) - 48;
    if (
      !Number.isNaN(day) &&
      hours >= 0 &&
      hours < 24 &&
      minutes >= 0 &&
      minutes < 60 &&
      seconds >= 0 &&
      seconds < 60 &&
      millis >= 0 &&
      lastMilli >= 0 &&
      lastMilli <= 9
    )
      return day * DAY_MS + ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis * 10 + lastMilli;
  }
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO instant: ${JSON.stringify(instant)}`);
  return ms;
};

/** `MM-DD` of year `year` as an ISO date. */
export const onYear = (year: number, monthDay: string): string => `${String(year).padStart(4, '0')}-${monthDay}`;

/** The year of an ISO date. */
export const yearOf = (date: string): number => Number(date.slice(0, 4));

/** The same month-day `years` later (29 February falls back to 28 February). */
export const addYears = (date: string, years: number): string => {
  const shifted = `${String(yearOf(date) + years).padStart(4, '0')}${date.slice(4)}`;
  return dateOfDay(dayNumber(shifted)).slice(5) === shifted.slice(5) ? shifted : `${shifted.slice(0, 8)}28`;
};

/** Whole days from one date to another (0 when equal). */
export const daysBetween = (from: string, to: string): number => dayNumber(to) - dayNumber(from);

/** Days of [from, to] (inclusive) that fall inside [start, end] (inclusive). */
export const overlapDays = (from: number, to: number, start: number, end: number): number =>
  Math.max(0, Math.min(to, end) - Math.max(from, start) + 1);

/** Milliseconds in a day. */
export const DAY = DAY_MS;

/** How many of the sorted `days[start, end)` are at most `day`. */
export const upperBoundIn = (days: Int32Array, start: number, end: number, day: number): number => {
  let low = start;
  let high = end;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((days[middle] as number) <= day) low = middle + 1;
    else high = middle;
  }
  return low - start;
};
