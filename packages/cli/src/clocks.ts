import { UsageError } from './errors';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Today in Vietnam (UTC+7), as YYYY-MM-DD: the default business date of a report. */
export const todayInVietnam = (now: Date): string => new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);

/** Checks a YYYY-MM-DD option and returns it. */
export const parseDate = (value: string, option: string): string => {
  if (!DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value)
    throw new UsageError(`--${option} must be a calendar date YYYY-MM-DD, got "${value}"`);
  return value;
};

/** Checks an instant option (ISO 8601 with a zone, or a plain date meaning the end of that day in UTC) and returns it as ISO. */
export const parseInstant = (value: string, option: string): string => {
  if (DATE.test(value)) return `${parseDate(value, option)}T23:59:59.999Z`;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) || Number.isNaN(Date.parse(value)))
    throw new UsageError(`--${option} must be an ISO instant with a zone, e.g. 2030-12-31T17:00:00Z, got "${value}"`);
  return new Date(value).toISOString();
};

/** True for a YYYY-MM-DD value. */
export const isDate = (value: string): boolean => DATE.test(value);
