/** Timestamps as each vendor writes them, and strict parsing of the dates clients send. */
import type { MicroTime } from './model.js';
import { isoDate, isoMicroseconds, isoSeconds } from '../timestamps.js';

/** Twilio: `2017-07-30T20:00:00Z` (whole seconds, UTC). */
export const twilioTime = isoSeconds;

/** Telnyx: `2021-04-16T09:46:20.954863Z` (microseconds, UTC). */
export function telnyxTime(t: MicroTime): string {
  return isoMicroseconds(t.ms, t.micros);
}

/** The UTC calendar date of a timestamp, `YYYY-MM-DD`. */
export const utcDate = isoDate;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

/** A `YYYY-MM-DD` date that exists on the calendar, or undefined. */
export function parseDate(value: string): string | undefined {
  const m = DATE.exec(value);
  if (!m) return undefined;
  return isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3])) ? value : undefined;
}

/** An RFC 3339 date-time with a time zone, as epoch milliseconds, or undefined. */
export function parseDateTime(value: string): number | undefined {
  const m = DATE_TIME.exec(value);
  if (!m) return undefined;
  const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6])];
  if (!isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) return undefined;
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  const ms = Date.parse(value.replace(/t/, 'T').replace(/z$/, 'Z'));
  return Number.isFinite(ms) ? ms : undefined;
}
