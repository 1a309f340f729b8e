const DAY = 86_400_000;

/** Milliseconds since the epoch of a calendar day at 00:00 UTC. */
export const dayMs = (date: string): number => Date.parse(`${date}T00:00:00.000Z`);

/** The calendar day `days` after `date`. */
export const addDays = (date: string, days: number): string => new Date(dayMs(date) + days * DAY).toISOString().slice(0, 10);

/** Whole days from `from` to `to`. */
export const daysBetween = (from: string, to: string): number => Math.round((dayMs(to) - dayMs(from)) / DAY);

/** The later of two ISO dates. */
export const maxDate = (a: string, b: string): string => (a > b ? a : b);

/** An ISO day in the given year, month and day. */
export const ymd = (year: number, month: number, day: number): string =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
