import type { Check } from '../check.js';
import { isTwilioVideo } from '../check.js';
import { perResource } from '../util.js';
import { compareTimes } from '../../timestamps.js';

export const updatedAfterCreated: Check = {
  id: 'twilio.updated-after-created',
  severity: 'error',
  description: 'A resource cannot be updated before it was created: date_updated >= date_created.',
  appliesTo: isTwilioVideo,
  run(exchange, context) {
    return perResource(exchange, context, (value, at) => {
      const order = compareTimes(value.date_updated, value.date_created);
      if (order === undefined || order >= 0) return undefined;
      return {
        path: at('date_updated'),
        expected: `>= ${String(value.date_created)} (date_created)`,
        actual: value.date_updated,
        message: 'date_updated is before date_created.',
        hint: 'date_updated must be set when the resource changes and never precede its creation.',
      };
    });
  },
};
