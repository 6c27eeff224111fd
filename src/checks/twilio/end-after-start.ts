import type { Check } from '../check.js';
import { isApi } from '../check.js';
import { perResource } from '../util.js';
import { compareTimes } from '../../timestamps.js';

/** The pair of timestamps that bound a participant's presence, per API. */
const BOUNDS: Record<string, [string, string]> = {
  'twilio-video': ['start_time', 'end_time'],
  'twilio-insights': ['join_time', 'leave_time'],
};

export const endAfterStart: Check = {
  id: 'twilio.end-after-start',
  severity: 'error',
  description: 'A participant cannot leave before it joined: end_time >= start_time (Video), leave_time >= join_time (Insights).',
  appliesTo: isApi('twilio-video', 'twilio-insights'),
  run(exchange, context) {
    const [startField, endField] = BOUNDS[context.operation.api] ?? ['', ''];
    return perResource(exchange, context, (value, at) => {
      const order = compareTimes(value[endField], value[startField]);
      if (order === undefined || order >= 0) return undefined;
      return {
        path: at(endField),
        expected: `>= ${String(value[startField])} (${startField})`,
        actual: value[endField],
        message: `${endField} is before ${startField}.`,
        hint: `Check the clock or the field mapping: ${endField} must not precede ${startField}.`,
      };
    });
  },
};
