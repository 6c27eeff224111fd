import type { Check } from '../check.js';
import { isTwilioVideo } from '../check.js';
import { perResource } from '../util.js';
import { durationGap, showSeconds, TOLERANCE_S } from './duration-gap.js';

/** The unit a ratio of duration to end_time - start_time suggests, when it is near a common one. */
function likelyUnit(ratio: number): string | undefined {
  const near = (target: number): boolean => Math.abs(ratio / target - 1) <= 0.1;
  if (near(1000)) return 'milliseconds';
  if (near(1_000_000)) return 'microseconds';
  if (near(1 / 60)) return 'minutes';
  return undefined;
}

/**
 * duration is documented in seconds of connected time (seed 001, V13): a gap to end_time - start_time
 * beyond the tolerance (schemas/: DurationTolerance, NOTES U1) is no rounding: the value is in another
 * unit (milliseconds give 1,000 times) or measures another interval. Within it, twilio.duration-matches-times.
 */
export const durationUnit: Check = {
  id: 'twilio.duration-unit',
  severity: 'error',
  description: `A disconnected participant's duration is within ${TOLERANCE_S} s of end_time - start_time: it is documented in seconds of that interval.`,
  appliesTo: isTwilioVideo,
  run(exchange, context) {
    return perResource(exchange, context, (value, at) => {
      const g = durationGap(value);
      if (!g || g.gap <= TOLERANCE_S) return undefined;
      const expected = showSeconds(g.seconds);
      const unit = g.seconds > 0 ? likelyUnit(g.duration / g.seconds) : undefined;
      return {
        path: at('duration'),
        expected,
        actual: g.duration,
        message: `duration is ${g.duration} s but end_time - start_time is ${expected} s${unit ? ` (about ${showSeconds(g.duration / g.seconds)} times: ${unit}?)` : ''}, beyond the ${TOLERANCE_S} s tolerance.`,
        hint: unit ? `Send duration in seconds, not ${unit}.` : 'Send duration as the seconds between start_time and end_time; one of the three fields is wrong.',
      };
    });
  },
};
