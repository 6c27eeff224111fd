import type { Check } from '../check.js';
import { isTwilioVideo } from '../check.js';
import { perResource } from '../util.js';
import { durationGap, ROUNDING_S, showSeconds, TOLERANCE_S } from './duration-gap.js';

/**
 * A gap past rounding but within the tolerance (schemas/: DurationRounding, DurationTolerance; NOTES
 * U1): Twilio's own durations count from a neighbouring event a few seconds off the documented start,
 * so this stays a warning. A larger gap is twilio.duration-unit, an error.
 */
export const durationMatchesTimes: Check = {
  id: 'twilio.duration-matches-times',
  severity: 'warning',
  description: `A disconnected participant's duration is end_time - start_time in seconds: a difference past ${ROUNDING_S} s of rounding, up to ${TOLERANCE_S} s, is this warning (beyond, twilio.duration-unit).`,
  appliesTo: isTwilioVideo,
  run(exchange, context) {
    return perResource(exchange, context, (value, at) => {
      const g = durationGap(value);
      if (!g || g.gap <= ROUNDING_S || g.gap > TOLERANCE_S) return undefined;
      const expected = showSeconds(g.seconds);
      return {
        path: at('duration'),
        expected,
        actual: g.duration,
        message: `duration is ${g.duration} s but end_time - start_time is ${expected} s, ${showSeconds(g.gap)} s apart: more than rounding, within the ${TOLERANCE_S} s tolerance.`,
        hint: 'duration should be the connected time in seconds; check which event the server counts it from (connection, not creation).',
      };
    });
  },
};
