import type { Check } from '../check.js';
import { isApi } from '../check.js';
import { pathParam, perResource } from '../util.js';

export const sessionIdMatchesPath: Check = {
  id: 'telnyx.session-id-matches-path',
  severity: 'error',
  description: 'Every participant belongs to the room session of the request path: session_id equals room_session_id.',
  appliesTo: isApi('telnyx'),
  run(exchange, context) {
    const session = pathParam(context, 'room_session_id');
    if (!session) return [];
    return perResource(exchange, context, (value, at) =>
      typeof value.session_id === 'string' && value.session_id.toLowerCase() !== session.toLowerCase()
        ? {
            path: at('session_id'),
            expected: session,
            actual: value.session_id,
            message: 'session_id is not the room session of the request path.',
            hint: 'The list returned a participant of another session: the path filter is not applied.',
          }
        : undefined,
    );
  },
};
