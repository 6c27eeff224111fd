/**
 * What the target showed: every item of each parent (room, conference, session), read once per
 * worker by walking its lists at the largest page size, and the values a client would take from
 * them (identities, contexts, SIDs, timestamps, dates). Generated filters draw from these, and the
 * model of a filter (model.ts) is judged against them.
 */
import { DEFAULT_PARTICIPANT_STATUS, PARTICIPANT_STATUS, ROOM_STATUS, type RoomStatus } from '../catalog/facts.js';
import type { Session } from '../run/session.js';
import { walkPages } from '../checks/walk/walk.js';
import { allWalkItems, buildUrl } from '../run/cases/common.js';
import { roomParticipants } from '../run/cases/twilio-list.js';
import { utcDate } from '../timestamps.js';
import { listPath, type ParamSpace } from './space.js';

type Item = Record<string, unknown>;

export interface Parent {
  /** The path parameter's value (room SID, conference SID, session id). */
  id: string;
  baseUrl: string;
  /** Known for the mock's rooms: decides what the unfiltered list holds. */
  roomStatus?: RoomStatus;
}

export interface Universe {
  /** Every item of the parent, from every list there is (for Video: each Status list). */
  all: Item[];
  /** What the list holds without filters (for Video: the room's default Status only). */
  unfiltered: Item[];
  /** Observed values per item field (strings only), sorted. */
  strings: Map<string, string[]>;
  /** Every timestamp any item holds, sorted. */
  timestamps: string[];
  /** The UTC dates of those timestamps, sorted. */
  dates: string[];
  /**
   * What a list without the splitting filter must hold, where the documents say and the parent's state
   * is known or inferred (Video: the room's default Status, NOTES V11; a connected participant means the
   * room is in progress). Absent: the model takes what the target listed.
   */
  documentedDefault?: { field: string; value: string; state: RoomStatus; because: string };
}

/** The parents of a list operation on this target, in the target's order (generated cases pick one by index). */
export function parentsOf(s: Session, space: ParamSpace): Parent[] {
  const t = s.target;
  if (space.api === 'twilio-video') return (t.twilioVideo?.rooms ?? []).map((r) => ({ id: r.sid, baseUrl: t.twilioVideo?.baseUrl as string, ...(r.status ? { roomStatus: r.status } : {}) }));
  if (space.api === 'twilio-insights') return (t.twilioInsights?.conferences ?? []).map((c) => ({ id: c.sid, baseUrl: t.twilioInsights?.baseUrl as string }));
  return (t.telnyx?.sessions ?? []).map((x) => ({ id: x.id, baseUrl: t.telnyx?.baseUrl as string }));
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/;

function poolsOf(items: Item[]): Pick<Universe, 'strings' | 'timestamps' | 'dates'> {
  const strings = new Map<string, Set<string>>();
  const timestamps = new Set<string>();
  for (const item of items) {
    for (const [k, v] of Object.entries(item)) {
      if (typeof v !== 'string') continue;
      let set = strings.get(k);
      if (!set) strings.set(k, (set = new Set()));
      set.add(v);
      if (TIMESTAMP.test(v)) timestamps.add(v);
    }
  }
  const dates = new Set([...timestamps].map((t) => utcDate(t)).filter((d): d is string => d !== undefined));
  return {
    strings: new Map([...strings].map(([k, set]) => [k, [...set].sort()])),
    timestamps: [...timestamps].sort(),
    dates: [...dates].sort(),
  };
}

/** Video's default Status for the room, from its known state or inferred from a connected participant (only in-progress rooms have one). */
function defaultOf(space: ParamSpace, parent: Parent, all: Item[]): Universe['documentedDefault'] {
  const splitting = space.filters.find((f) => f.kind === 'enum');
  if (space.api !== 'twilio-video' || !splitting) return undefined;
  const known = parent.roomStatus;
  const inferred = all.some((i) => i[splitting.field] === PARTICIPANT_STATUS.connected) ? ROOM_STATUS.inProgress : undefined;
  const state = known ?? inferred;
  if (!state) return undefined;
  const because = known ? `the room is ${known}` : `the room is ${ROOM_STATUS.inProgress} (it has a ${PARTICIPANT_STATUS.connected} participant)`;
  return { field: splitting.field, value: DEFAULT_PARTICIPANT_STATUS[state], state, because };
}

const universes = new Map<string, Promise<Universe>>();

/** The parent's universe, read once per worker (the walks count against --max-requests like any other request). */
export function universeOf(s: Session, space: ParamSpace, parent: Parent): Promise<Universe> {
  const key = `${space.operationId} ${parent.baseUrl} ${parent.id}`;
  let found = universes.get(key);
  if (!found) {
    found = (async () => {
      const walkAll = async (params: Record<string, string | number>) => {
        const walk = await walkPages(
          async (url) => (await s.probe(space.operationId).send({ method: 'GET', url })).exchange,
          buildUrl(parent.baseUrl, listPath(space, parent.id), { ...params, [space.sizeParam]: space.size.max }),
          { api: space.api, operationId: space.operationId, pageSize: space.size.max, maxPages: s.target.settings.maxPagesPerWalk },
        );
        return allWalkItems(walk, space.listKey);
      };
      const unfiltered = await walkAll({});
      // Video's unfiltered list is the room's default Status only: every participant is the union of the Status lists.
      const all = space.api === 'twilio-video' ? await roomParticipants(s, parent.baseUrl, { sid: parent.id }) : unfiltered;
      const documentedDefault = defaultOf(space, parent, all);
      return { all, unfiltered, ...poolsOf(all), ...(documentedDefault ? { documentedDefault } : {}) };
    })();
    universes.set(key, found);
  }
  return found;
}
