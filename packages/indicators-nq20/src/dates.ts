const DAY_MS = 86_400_000;

const dayCache = new Map<string, number>();

/** Days since 1970-01-01 of an ISO date (`YYYY-MM-DD`). */
export const dayNumber = (date: string): number => {
  let day = dayCache.get(date);
  if (day === undefined) {
    day = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
    // a history spans a few thousand distinct days, so the cache stays small
    if (dayCache.size < 100_000) dayCache.set(date, day);
  }
  return day;
};

/** The ISO date of a day number. */
export const dateOfDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** Milliseconds since the epoch of an ISO instant; throws on text that is not one. */
export const instantMs = (instant: string): number => {
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
