import type { Exchange } from '../../types.js';
import type { WalkContext } from '../walk/walk.js';
import { isObj, jsonEqual, requestOf, type LocatedFinding, type RuleMeta } from '../walk/support.js';
import { PARTICIPANT_STATUS } from '../../catalog/facts.js';

export const secondKickRule: RuleMeta = {
  id: 'lifecycle.second-kick',
  severity: 'error',
  description: `A second update to Status=${PARTICIPANT_STATUS.disconnected} of the same participant is either rejected with a 4xx in the vendor's error format or idempotent (2xx with the same end_time and duration).`,
};

export interface SecondKickInput {
  /** The first kick's exchange (its body holds the end_time and duration to keep). */
  first: Exchange;
  second: Exchange;
}

/** context: the list operation's; its isErrorBody, when given, judges the rejection's body. No finding when the outcome is one of the two documented ones. */
export function secondKick(input: SecondKickInput, context: Pick<WalkContext, 'isErrorBody'>): LocatedFinding[] {
  const request = requestOf(input.second);
  const located = request ? { request } : {};
  const { status, body } = input.second.response;
  if (status >= 400 && status <= 499) {
    if (!context.isErrorBody || context.isErrorBody(status, body)) return [];
    return [{ path: '', expected: 'the vendor\'s error body', actual: body ?? null, message: `A second kick is rejected with ${status} but not in the vendor's error format, so it is neither a documented rejection nor idempotent.`, hint: 'Reject with the vendor\'s error body so that clients can tell why.', ...located }];
  }
  if (status < 200 || status > 299) {
    return [{ path: '#status', expected: '4xx (rejected) or 2xx (idempotent)', actual: status, message: `A second kick answers ${status}, neither a rejection nor idempotent.`, hint: 'Treat a second kick as a client error (4xx) or as a no-op returning the participant unchanged.', ...located }];
  }
  const firstBody = isObj(input.first.response.body) ? input.first.response.body : {};
  const now = isObj(body) ? body : {};
  const out: LocatedFinding[] = [];
  for (const field of ['end_time', 'duration'] as const) {
    if (jsonEqual(firstBody[field], now[field])) continue;
    out.push({
      path: `/${field}`,
      expected: firstBody[field] ?? null,
      actual: now[field] ?? null,
      message: `A second kick is accepted but moves ${field}, so it is neither rejected nor idempotent.`,
      hint: 'A second kick must leave the participant as the first one did, or be rejected.',
      ...located,
    });
  }
  return out;
}
