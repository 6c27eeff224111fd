import type { Check } from '../check.js';
import { isApi } from '../check.js';
import { pathParam, perResource } from '../util.js';
import { sidPattern } from '../../catalog/facts.js';

/** Which field of an item names the parent resource of the request path, per API; the path parameter is named after its SID definition. */
const PARENT: Record<string, { field: string; param: string; sid: RegExp }> = {
  'twilio-video': { field: 'room_sid', param: 'RoomSid', sid: sidPattern('RoomSid') },
  'twilio-insights': { field: 'conference_sid', param: 'ConferenceSid', sid: sidPattern('ConferenceSid') },
};

export const parentSidMatchesPath: Check = {
  id: 'twilio.parent-sid-matches-path',
  severity: 'error',
  description: 'Every participant belongs to the room or conference of the request path: room_sid / conference_sid equals the SID in the path.',
  appliesTo: isApi('twilio-video', 'twilio-insights'),
  run(exchange, context) {
    const parent = PARENT[context.operation.api];
    if (!parent) return [];
    // Fetch and update take a room name or SID; only a SID can be compared.
    const fromPath = pathParam(context, parent.param) ?? pathParam(context, 'RoomNameOrSid');
    if (!fromPath || !parent.sid.test(fromPath)) return [];
    return perResource(exchange, context, (value, at) =>
      typeof value[parent.field] === 'string' && value[parent.field] !== fromPath
        ? {
            path: at(parent.field),
            expected: fromPath,
            actual: value[parent.field],
            message: `${parent.field} is not the ${parent.param} of the request path.`,
            hint: 'The list returned a resource of another parent: the path filter is not applied.',
          }
        : undefined,
    );
  },
};
