import type { Exchange } from '../../types.js';
import { PARTICIPANT_STATUS } from '../../catalog/facts.js';
import type { WalkContext } from '../walk/walk.js';
import { compareTimes, time } from '../../timestamps.js';
import { documentedValue, isObj, requestOf, type LocatedFinding, type RuleMeta } from '../walk/support.js';

export const kickSetsEndRule: RuleMeta = {
  id: 'lifecycle.kick-sets-end',
  severity: 'error',
  description: `After an update to Status=${PARTICIPANT_STATUS.disconnected}, the response and a later fetch show status ${PARTICIPANT_STATUS.disconnected}, end_time set, duration set and >= 0, and a date_updated no earlier than before.`,
};

export interface KickInput {
  /** The participant as fetched or listed before the kick. */
  before: Record<string, unknown>;
  /** The POST Status=disconnected exchange. */
  update: Exchange;
  /** A fetch by SID after the kick. */
  after?: Exchange;
}

/** context: the list operation's (its Status parameter documents the status values). Paths point into each exchange's body. */
export function kickSetsEnd(input: KickInput, context: Pick<WalkContext, 'parameterSchema'>): LocatedFinding[] {
  const disconnected = documentedValue(context.parameterSchema, 'Status', PARTICIPANT_STATUS.disconnected);
  const out: LocatedFinding[] = [];
  for (const [which, exchange] of [['update', input.update], ['later fetch', input.after]] as const) {
    if (!exchange) continue;
    const request = requestOf(exchange);
    const push = (f: Omit<LocatedFinding, 'request'>): void => void out.push(request ? { ...f, request } : f);
    const { status, body } = exchange.response;
    if (status < 200 || status > 299 || !isObj(body)) {
      push({ path: '#status', expected: '2xx with the participant', actual: status, message: `The ${which} of the kick answers ${status} without the participant.`, hint: `Kick a connected participant of an in-progress room with Status=${PARTICIPANT_STATUS.disconnected} and check the credentials.` });
      continue;
    }
    if (body.status !== disconnected) {
      push({ path: '/status', expected: disconnected, actual: body.status ?? null, message: `After the kick, the ${which} shows status ${JSON.stringify(body.status)}.`, hint: `An update to Status=${disconnected} must disconnect the participant.` });
    }
    if (time(body.end_time) === undefined) {
      push({ path: '/end_time', expected: 'a timestamp', actual: body.end_time ?? null, message: `After the kick, the ${which} has no end_time.`, hint: 'Set end_time when a participant is disconnected.' });
    }
    if (typeof body.duration !== 'number' || !Number.isInteger(body.duration) || body.duration < 0) {
      push({ path: '/duration', expected: 'an integer >= 0', actual: body.duration ?? null, message: `After the kick, the ${which} has no valid duration.`, hint: 'Set duration (seconds connected) when a participant is disconnected.' });
    }
    const order = compareTimes(body.date_updated, input.before.date_updated);
    if (order === undefined ? typeof input.before.date_updated === 'string' : order < 0) {
      push({ path: '/date_updated', expected: `>= ${String(input.before.date_updated)}`, actual: body.date_updated ?? null, message: `After the kick, the ${which}'s date_updated is earlier than before the kick.`, hint: 'Advance date_updated on every change of the participant.' });
    }
  }
  return out;
}
