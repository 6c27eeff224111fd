import type { Check } from '../check.js';
import { isTwilioVideo } from '../check.js';
import { perResource } from '../util.js';
import { time } from '../../timestamps.js';

/** Seconds of slack: Twilio rounds both the timestamps and the duration. */
const TOLERANCE_S = 1;

export const durationMatchesTimes: Check = {
  id: 'twilio.duration-matches-times',
  severity: 'warning',
  description: 'A disconnected participant\'s duration is end_time - start_time in seconds (within one second).',
  appliesTo: isTwilioVideo,
  run(exchange, context) {
    return perResource(exchange, context, (value, at) => {
      const start = time(value.start_time);
      const end = time(value.end_time);
      const duration = value.duration;
      if (start === undefined || end === undefined || end < start || typeof duration !== 'number' || duration < 0) return undefined;
      const expected = Math.round((end - start) / 1000);
      if (Math.abs(expected - duration) <= TOLERANCE_S) return undefined;
      return {
        path: at('duration'),
        expected,
        actual: duration,
        message: `duration is ${duration} s but end_time - start_time is ${expected} s.`,
        hint: 'duration should be the connected time in seconds; one of the three fields is wrong.',
      };
    });
  },
};
