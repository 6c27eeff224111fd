import type { Check } from '../check.js';
import { isApi } from '../check.js';
import type { Finding } from '../../types.js';
import { perResource } from '../util.js';
import { compareTimes } from '../../timestamps.js';

/** left_at and updated_at cannot precede joined_at. */
export const timesOrdered: Check = {
  id: 'telnyx.times-ordered',
  severity: 'error',
  description: 'A participant cannot leave or be updated before it joined: left_at >= joined_at and updated_at >= joined_at.',
  appliesTo: isApi('telnyx'),
  run(exchange, context) {
    return perResource(exchange, context, (value, at) => {
      const found: Finding[] = [];
      for (const field of ['left_at', 'updated_at'] as const) {
        const order = compareTimes(value[field], value.joined_at);
        if (order === undefined || order >= 0) continue;
        found.push({
          path: at(field),
          expected: `>= ${String(value.joined_at)} (joined_at)`,
          actual: value[field],
          message: `${field} is before joined_at.`,
          hint: `${field} must not precede the participant's join time.`,
        });
      }
      return found.length ? found : undefined;
    });
  },
};
