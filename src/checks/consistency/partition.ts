import type { WalkContext } from '../walk/walk.js';
import type { ApiName } from '../../types.js';
import { DEFAULT_PARTICIPANT_STATUS, type RoomStatus } from '../../catalog/facts.js';
import { compareTimes } from '../../timestamps.js';
import { stateOf } from '../walk/churn.js';
import { documentedValue, enumValues, ID_FIELD, idOf, type LocatedFinding, type RuleMeta } from '../walk/support.js';
import type { Listed } from './listed.js';

export const partitionRule: RuleMeta = {
  id: 'filter.partition',
  severity: 'error',
  description: 'The Status lists partition the participants: disjoint, each holding only its status, together every participant; the unfiltered list is the documented default (connected in an in-progress room, disconnected in a completed one).',
};

export interface PartitionInput {
  /** Every participant of the room (from fetches, or another source than the Status lists). */
  all: Listed[];
  /** The complete (walked) list for Status=each documented value: every value of the Status parameter's enum, no other. */
  byStatus: Record<string, Listed[]>;
  /** The complete list without Status. */
  unfiltered: Listed[];
  roomStatus?: RoomStatus;
  /**
   * The same lists read again after the first reading disagreed (a busy room): a participant seen in two
   * states across the readings changed while it was read, which explains where it is missing or doubled.
   */
  later?: Listed[];
}

/**
 * filter.partition, over complete lists. The documented Status values are read from the list
 * operation's Status parameter; a byStatus that misses one or adds another is a tool error (throws).
 * Findings point at an item in the page it came from (`request`), or at '' for an item absent from a list.
 */
export function partition(input: PartitionInput, context: Pick<WalkContext, 'operation' | 'parameterSchema'>): LocatedFinding[] {
  const statuses = enumValues(context.parameterSchema, 'Status');
  if (statuses.length === 0) throw new Error(`rollcall: ${context.operation.id} documents no Status values; filter.partition needs them`);
  const given = Object.keys(input.byStatus);
  const missing = statuses.filter((s) => !given.includes(s));
  const extra = given.filter((s) => !statuses.includes(s));
  if (missing.length || extra.length) {
    throw new Error(`rollcall: filter.partition needs one list per documented Status (${statuses.join(', ')}); ${missing.length ? `missing ${missing.join(', ')}` : ''}${missing.length && extra.length ? '; ' : ''}${extra.length ? `undocumented ${extra.join(', ')}` : ''}`);
  }
  const api = context.operation.api;
  const field = ID_FIELD[api];
  const out: LocatedFinding[] = [];
  const at = (item: Listed, path: string, rest: Omit<LocatedFinding, 'path' | 'request'>): void => {
    out.push({ path, ...rest, ...(item.request ? { request: item.request } : {}) });
  };

  const statusOf = new Map<string, string>();
  for (const status of statuses) {
    const inThisList = new Set<string>();
    for (const item of input.byStatus[status] ?? []) {
      const id = idOf(api, item.value);
      if (item.value.status !== status) {
        at(item, `${item.pointer}/status`, {
          expected: status,
          actual: item.value.status ?? null,
          message: `Participant ${id ?? item.pointer} is in the Status=${status} list but its status is ${JSON.stringify(item.value.status)}.`,
          hint: 'Apply the Status filter; clients that count participants by status get them wrong.',
        });
      }
      if (id === undefined || inThisList.has(id)) continue;
      inThisList.add(id);
      const other = statusOf.get(id);
      if (other === undefined) statusOf.set(id, status);
      else if (!movedBetween(api, input, id)) {
        at(item, item.pointer, {
          expected: `${field} ${id} in one Status list only`,
          actual: [other, status],
          message: `Participant ${id} is in both the Status=${other} and the Status=${status} lists.`,
          hint: 'A participant has one status at a time; the Status lists must not overlap.',
        });
      }
    }
  }

  const everyone = new Set<string>();
  for (const item of input.all) {
    const id = idOf(api, item.value);
    if (id === undefined) continue;
    everyone.add(id);
    if (statusOf.has(id)) continue;
    at(item, item.pointer, {
      expected: `${field} ${id} in the Status=${String(item.value.status)} list`,
      actual: 'in no Status list',
      message: `Participant ${id} is in no Status list.`,
      hint: 'Every participant must be listed under its status; a client that reads the Status lists misses it.',
    });
  }
  for (const status of statuses) {
    for (const item of input.byStatus[status] ?? []) {
      const id = idOf(api, item.value);
      if (id === undefined || everyone.has(id) || statusOf.get(id) !== status) continue;
      at(item, item.pointer, {
        expected: `only participants of the room`,
        actual: { [field]: id, status },
        message: `Participant ${id} is in the Status=${status} list but not among the room's participants.`,
        hint: 'The Status lists must only hold participants of the room in the path.',
      });
    }
  }

  if (input.roomStatus) out.push(...unfilteredIsDefault(input, input.roomStatus, context, field));
  return out;
}

function unfilteredIsDefault(input: PartitionInput, roomStatus: RoomStatus, context: Pick<WalkContext, 'operation' | 'parameterSchema'>, field: string): LocatedFinding[] {
  const api = context.operation.api;
  const status = documentedValue(context.parameterSchema, 'Status', DEFAULT_PARTICIPANT_STATUS[roomStatus]);
  const expected = input.byStatus[status] ?? [];
  const expectedIds = new Set(expected.map((i) => idOf(api, i.value)));
  const unfilteredIds = new Set(input.unfiltered.map((i) => idOf(api, i.value)));
  const unfilteredRequest = input.unfiltered[0]?.request;
  const out: LocatedFinding[] = [];
  for (const item of input.unfiltered) {
    const id = idOf(api, item.value);
    if (id === undefined || expectedIds.has(id)) continue;
    // Served with the default status but absent from the earlier default list: it joined or came back since.
    if (item.value.status === status && (movedBetween(api, input, id) || newerThanAll(item, expected))) continue;
    out.push({
      path: `${item.pointer}/status`,
      expected: status,
      actual: item.value.status ?? null,
      message: `The unfiltered list of a ${roomStatus} room holds participant ${id}, which is not in the Status=${status} list (the documented default).`,
      hint: `Without Status, list what Status=${status} lists, as the document says for a ${roomStatus} room.`,
      ...(item.request ? { request: item.request } : {}),
    });
  }
  for (const item of expected) {
    const id = idOf(api, item.value);
    if (id === undefined || unfilteredIds.has(id) || movedBetween(api, input, id)) continue;
    out.push({
      path: '',
      expected: `${field} ${id} in the unfiltered list`,
      actual: 'absent',
      message: `The unfiltered list of a ${roomStatus} room misses participant ${id} of the Status=${status} list (the documented default).`,
      hint: `Without Status, list what Status=${status} lists, as the document says for a ${roomStatus} room.`,
      ...(unfilteredRequest ? { request: unfilteredRequest } : {}),
    });
  }
  return out;
}

/**
 * Churn: the lists were walked one after another, so a participant that changed state in between
 * (another status or date_updated in two of its appearances) may be in two lists, or in a list but not
 * the unfiltered one, without a defect. An item in a Status list with another status is never churn:
 * the filter applies when the page is served.
 */
function movedBetween(api: ApiName, input: PartitionInput, id: string): boolean {
  const states = new Set<string>();
  for (const list of [...Object.values(input.byStatus), input.unfiltered, input.later ?? []]) {
    for (const item of list) if (idOf(api, item.value) === id) states.add(stateOf(item.value));
  }
  return states.size > 1;
}

/** A participant updated after every one of a list read earlier (it joined or came back since): churn. */
function newerThanAll(item: Listed, list: Listed[]): boolean {
  return list.length > 0 && list.every((other) => (compareTimes(item.value.date_updated, other.value.date_updated) ?? -1) > 0);
}
