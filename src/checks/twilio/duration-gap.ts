/**
 * What the duration rules share: how far a disconnected Twilio Video participant's `duration` (documented
 * in seconds) is from its own `end_time - start_time`, and the two bounds that split that gap, read from
 * schemas/ (twilio-video.schema.json#/$defs/DurationRounding and DurationTolerance, NOTES U1):
 * up to the rounding bound, no finding; up to the tolerance, twilio.duration-matches-times (a warning);
 * beyond, twilio.duration-unit (an error). No rule lives here.
 */
import { resolveDef } from '../../schemas.js';
import { time } from '../../timestamps.js';

function bound(definition: string): number {
  const ref = `twilio-video.schema.json#/$defs/${definition}`;
  const max = resolveDef(ref).maximum;
  if (typeof max !== 'number' || max < 0) throw new Error(`rollcall: ${ref} documents no maximum (seconds); the duration rules need it`);
  return max;
}

/** Seconds of difference that whole-second timestamps explain. */
export const ROUNDING_S = bound('DurationRounding');
/** Seconds of difference that still stay a warning. */
export const TOLERANCE_S = bound('DurationTolerance');
if (TOLERANCE_S < ROUNDING_S) throw new Error(`rollcall: DurationTolerance (${TOLERANCE_S} s) is below DurationRounding (${ROUNDING_S} s) in schemas/twilio-video.schema.json`);

export interface DurationGap {
  /** end_time - start_time, in seconds (to the millisecond). */
  seconds: number;
  duration: number;
  /** |duration - seconds|. */
  gap: number;
}

/** The gap of a participant whose duration and both times are set and sane (other rules judge the rest). */
export function durationGap(value: Record<string, unknown>): DurationGap | undefined {
  const start = time(value.start_time);
  const end = time(value.end_time);
  const duration = value.duration;
  if (start === undefined || end === undefined || end < start || typeof duration !== 'number' || !Number.isFinite(duration) || duration < 0) return undefined;
  const seconds = (end - start) / 1000;
  return { seconds, duration, gap: Math.abs(duration - seconds) };
}

/** Seconds as a report shows them: whole when whole, else to the millisecond. */
export const showSeconds = (s: number): number => Math.round(s * 1000) / 1000;
