import { pointerOf } from '../../json-pointer.js';
import type { Exchange } from '../../types.js';
import type { WalkContext } from '../walk/walk.js';
import { compareTimes } from '../../timestamps.js';
import { PARTICIPANT_STATUS } from '../../catalog/facts.js';
import { documentedValue, idOf, isObj, jsonEqual, requestOf, type LocatedFinding, type RuleMeta } from '../walk/support.js';
import type { Listed } from './listed.js';
import { ownValue } from '../../json-safe.js';

export const fetchMatchesListRule: RuleMeta = {
  id: 'consistency.fetch-matches-list',
  severity: 'error',
  description: 'A listed participant equals its fetch by SID, field by field; only a participant still in the room may have moved on between the two requests (a later date_updated, and then a new status, end_time and duration).',
};

/** The fields a participant still in the room may change between the list and the fetch, when date_updated says it changed. */
const MOVABLE = new Set(['status', 'end_time', 'duration']);

/**
 * The decision: a disconnected participant is final, so every field must be equal. A participant
 * still in the room may be updated between the two requests: its date_updated may be later, and
 * only when it is may status, end_time and duration differ too (it left, or reconnected). Every other
 * field is fixed for the life of a participant. Paths point into the fetched body.
 */
export function fetchMatchesList(listed: Listed, fetched: Exchange, context: Pick<WalkContext, 'operation' | 'parameterSchema'>): LocatedFinding[] {
  const request = requestOf(fetched);
  const located = request ? { request } : {};
  const id = idOf(context.operation.api, listed.value) ?? listed.pointer;
  const { status, body } = fetched.response;
  if (status !== 200 || !isObj(body)) {
    return [{
      path: status !== 200 ? '#status' : '',
      expected: status !== 200 ? 200 : 'the participant as a JSON object',
      actual: status !== 200 ? status : body ?? null,
      message: `Participant ${id}, listed at ${listed.pointer}, cannot be fetched by its SID.`,
      hint: 'Every listed participant must be fetchable by the SID the list gives.',
      ...located,
    }];
  }
  const final = listed.value.status === documentedValue(context.parameterSchema, 'Status', PARTICIPANT_STATUS.disconnected);
  const updatedSince = !final && (compareTimes(body.date_updated, listed.value.date_updated) ?? 0) > 0;
  const out: LocatedFinding[] = [];
  for (const field of new Set([...Object.keys(listed.value), ...Object.keys(body)])) {
    // Own keys only: a field named "constructor" or "__proto__" is data, never Object's.
    const was = ownValue(listed.value, field);
    const now = ownValue(body, field);
    if (jsonEqual(was, now)) continue;
    if (!final && field === 'date_updated' && (compareTimes(now, was) ?? -1) > 0) continue;
    if (updatedSince && MOVABLE.has(field)) continue;
    out.push({
      path: pointerOf(field),
      expected: was ?? null,
      actual: now ?? null,
      message: `The fetch of participant ${id} has another ${field} than the list (${listed.pointer}).`,
      hint: final ? 'A disconnected participant is final: serve the same representation from the list and the instance endpoints.' : `Serve the same representation from both endpoints; only an update (a later date_updated) may change ${[...MOVABLE].join(', ')}.`,
      ...located,
    });
  }
  return out;
}
