// Calendar-day arithmetic on ISO `YYYY-MM-DD` strings, in UTC so no time zone can shift a day.

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of an ISO date. */
export const dayNumber = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

/** The ISO date of a day number. */
export const fromDayNumber = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** `date` plus `days` calendar days. */
export const addDays = (date: string, days: number): string => fromDayNumber(dayNumber(date) + days);

/** `date` plus `months` calendar months; a day past the end of the target month becomes its last day (31/1 + 1 → 28/2). */
export const addMonths = (date: string, months: number): string => {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth, 0)).getUTCDate();
  return `${String(targetYear).padStart(4, '0')}-${String(targetMonth).padStart(2, '0')}-${String(Math.min(day, lastDay)).padStart(2, '0')}`;
};

/** Days of `from … to` (both inclusive) that fall in `windowFrom … windowTo` (both inclusive); 0 when apart. */
export const overlapDays = (from: string, to: string, windowFrom: string, windowTo: string): number => {
  const start = Math.max(dayNumber(from), dayNumber(windowFrom));
  const end = Math.min(dayNumber(to), dayNumber(windowTo));
  return Math.max(0, end - start + 1);
};

/** The year of an ISO date. */
export const yearOf = (date: string): number => Number(date.slice(0, 4));
