import type { Check } from '../check.js';
import { PARTICIPANT_STATUS } from '../../catalog/facts.js';
import { isTwilioVideo } from '../check.js';
import { perResource } from '../util.js';

export const connectedHasNoEnd: Check = {
  id: 'twilio.connected-has-no-end',
  severity: 'error',
  description: 'A connected participant has not left: its end_time and duration are null (duration is populated only after it is disconnected).',
  appliesTo: isTwilioVideo,
  run(exchange, context) {
    return perResource(exchange, context, (value, at) => {
      if (value.status !== PARTICIPANT_STATUS.connected) return undefined;
      return (['end_time', 'duration'] as const)
        // "Set" means a value of the field's own type; a value of another type is schema.type's finding.
        .filter((field) => typeof value[field] === (field === 'duration' ? 'number' : 'string'))
        .map((field) => ({
          path: at(field),
          expected: null,
          actual: value[field],
          message: `${field} is set on a participant whose status is connected.`,
          hint: `Set ${field} only when the participant disconnects; or the status is stale.`,
        }));
    });
  },
};
