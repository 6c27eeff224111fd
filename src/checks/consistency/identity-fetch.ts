import type { Exchange } from '../../types.js';
import type { WalkContext } from '../walk/walk.js';
import { compareTimes } from '../../timestamps.js';
import { PARTICIPANT_STATUS } from '../../catalog/facts.js';
import { documentedValue, idOf, isObj, requestOf, type LocatedFinding, type RuleMeta } from '../walk/support.js';
import type { Listed } from './listed.js';

export const identityFetchRule: RuleMeta = {
  id: 'consistency.identity-fetch',
  severity: 'error',
  description: 'Fetch by identity finds connected participants only: a connected participant by identity is itself; any other is a 404 (or the connected participant now holding that identity).',
};

/**
 * `fetched` is GET .../Participants/{identity} for a listed participant. The document: by identity,
 * connected participants only, else 404. When a participant rejoins with the same identity, the
 * identity names the new connected participant, so a disconnected one may resolve to another SID,
 * never to itself. A participant that changed between the list and the fetch is churn, not a
 * defect: pass `later`, a fetch by SID taken after the identity fetch, and a finding it explains
 * (another status, a later date_updated) is dropped.
 */
export function identityFetch(listed: Listed, fetched: Exchange, context: Pick<WalkContext, 'operation' | 'parameterSchema'>, later?: Exchange): LocatedFinding[] {
  const findings = identityFetchFindings(listed, fetched, context);
  // The participant moved on between the list and the fetch (it left, dropped or rejoined): churn, not a defect.
  return findings.length > 0 && later && changedSince(listed, later) ? [] : findings;
}

/**
 * Whether `later` (a fetch by SID taken after the identity fetch) shows the participant in another
 * state than the list did: another status, or a later date_updated.
 */
export function changedSince(listed: Listed, later: Exchange): boolean {
  const body = later.response.body;
  if (later.response.status !== 200 || !isObj(body)) return false;
  return body.status !== listed.value.status || (compareTimes(body.date_updated, listed.value.date_updated) ?? 0) > 0;
}

function identityFetchFindings(listed: Listed, fetched: Exchange, context: Pick<WalkContext, 'operation' | 'parameterSchema'>): LocatedFinding[] {
  const connected = documentedValue(context.parameterSchema, 'Status', PARTICIPANT_STATUS.connected);
  const api = context.operation.api;
  const sid = idOf(api, listed.value);
  const identity = listed.value.identity;
  if (sid === undefined || typeof identity !== 'string') return [];
  const request = requestOf(fetched);
  const located = request ? { request } : {};
  const { status, body } = fetched.response;
  const found = isObj(body) ? body : undefined;
  if (listed.value.status === connected) {
    if (status !== 200) {
      return [{ path: '#status', expected: 200, actual: status, message: `Connected participant ${sid} cannot be fetched by its identity ${identity}.`, hint: 'Resolve an identity to the connected participant that holds it.', ...located }];
    }
    if (found && idOf(api, found) === sid) return [];
    // It left and someone rejoined with its identity since it was listed (a newer connected participant): churn.
    if (found && found.status === connected && found.identity === identity && (compareTimes(found.date_created, listed.value.date_updated) ?? 0) > 0) return [];
    return [{ path: '/sid', expected: sid, actual: found ? idOf(api, found) ?? null : null, message: `Fetch by identity ${identity} returns another participant than the connected one listed.`, hint: 'Resolve an identity to the connected participant that holds it.', ...located }];
  }
  if (status === 404) return [];
  if (status !== 200 || !found) {
    return [{ path: '#status', expected: 404, actual: status, message: `Fetch by identity of ${listed.value.status} participant ${sid} answers ${status}, not 404.`, hint: 'By identity, only connected participants are found; answer 404 for the others.', ...located }];
  }
  if (idOf(api, found) === sid) {
    // It came back (reconnecting, then connected) between the list and the fetch: the fetch itself shows it.
    if (found.status === connected && (compareTimes(found.date_updated, listed.value.date_updated) ?? 0) > 0) return [];
    return [{ path: '/sid', expected: `404 (participant is ${String(listed.value.status)})`, actual: sid, message: `Fetch by identity returns ${listed.value.status} participant ${sid}, which only connected participants allow.`, hint: 'By identity, only connected participants are found; answer 404 for the others.', ...located }];
  }
  if (found.status !== connected || found.identity !== identity) {
    return [{ path: found.status !== connected ? '/status' : '/identity', expected: found.status !== connected ? connected : identity, actual: found.status !== connected ? found.status ?? null : found.identity ?? null, message: `Fetch by identity ${identity} returns a participant that is not the connected holder of that identity.`, hint: 'By identity, return the connected participant with that identity, or 404.', ...located }];
  }
  return [];
}
