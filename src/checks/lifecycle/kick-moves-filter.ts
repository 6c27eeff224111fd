import type { WalkContext } from '../walk/walk.js';
import { PARTICIPANT_STATUS } from '../../catalog/facts.js';
import type { Listed } from '../consistency/listed.js';
import { documentedValue, ID_FIELD, idOf, type LocatedFinding, type RuleMeta } from '../walk/support.js';

export const kickMovesFilterRule: RuleMeta = {
  id: 'lifecycle.kick-moves-filter',
  severity: 'error',
  description: `A kicked participant moves from the Status=${PARTICIPANT_STATUS.connected} list (before) to the Status=${PARTICIPANT_STATUS.disconnected} list (after), and is no longer in the connected list.`,
};

export interface KickFilterInput {
  /** The SID of the kicked participant. */
  sid: string;
  /** Complete (walked) lists. */
  connectedBefore: Listed[];
  connectedAfter: Listed[];
  disconnectedAfter: Listed[];
}

/** context: the list operation's. A finding about an absence has path '' and the request of the list it is absent from. */
export function kickMovesFilter(input: KickFilterInput, context: Pick<WalkContext, 'operation' | 'parameterSchema'>): LocatedFinding[] {
  const connected = documentedValue(context.parameterSchema, 'Status', PARTICIPANT_STATUS.connected);
  const disconnected = documentedValue(context.parameterSchema, 'Status', PARTICIPANT_STATUS.disconnected);
  const api = context.operation.api;
  const field = ID_FIELD[api];
  const find = (list: Listed[]): Listed | undefined => list.find((i) => idOf(api, i.value) === input.sid);
  const absent = (list: Listed[], status: string, when: string): LocatedFinding => ({
    path: '',
    expected: `${field} ${input.sid} in the Status=${status} list ${when} the kick`,
    actual: 'absent',
    message: `Participant ${input.sid} is not in the Status=${status} list ${when} the kick.`,
    hint: when === 'before' ? `Kick a participant that the Status=${PARTICIPANT_STATUS.connected} list shows.` : `A kicked participant must be listed under Status=${PARTICIPANT_STATUS.disconnected}.`,
    ...(list[0]?.request ? { request: list[0].request } : {}),
  });
  const out: LocatedFinding[] = [];
  if (!find(input.connectedBefore)) out.push(absent(input.connectedBefore, connected, 'before'));
  if (!find(input.disconnectedAfter)) out.push(absent(input.disconnectedAfter, disconnected, 'after'));
  const stillConnected = find(input.connectedAfter);
  if (stillConnected) {
    out.push({
      path: stillConnected.pointer,
      expected: `${field} ${input.sid} absent from the Status=${connected} list after the kick`,
      actual: { [field]: input.sid, status: stillConnected.value.status ?? null },
      message: `Participant ${input.sid} is still in the Status=${connected} list after the kick.`,
      hint: `Move a kicked participant out of the Status=${connected} list at once.`,
      ...(stillConnected.request ? { request: stillConnected.request } : {}),
    });
  }
  return out;
}
