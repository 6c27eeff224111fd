/**
 * Stateful sequences, where mutations are allowed (the mock's own copy; a live room named by
 * --allow-mutations): fast-check's model-based testing (fc.commands, fc.asyncModelRun) drives
 * sequences of list / fetch / kick / kick again against a model of the room, read from the room at
 * the start of each sequence, and checks each answer with the lifecycle and consistency checks: a
 * kicked participant is disconnected in its fetch (lifecycle.kick-sets-end), leaves the connected
 * list for the disconnected one (lifecycle.kick-moves-filter), a fetch equals what the model last saw
 * (consistency.fetch-matches-list), a second kick is rejected or idempotent (lifecycle.second-kick).
 * A sequence is reported as generated, with its replay line; it is not shrunk (each run kicks).
 */
import type * as FC from 'fast-check';
import type { Session } from '../run/session.js';
import type { Outcome } from '../run/outcome.js';
import type { Case, CaseGroup } from '../run/cases/common.js';
import { checkedWalk, participantUrl, walkContext } from '../run/cases/common.js';
import { PARTICIPANT_STATUS } from '../catalog/facts.js';
import { fetchMatchesList, fetchMatchesListRule, kickMovesFilter, kickMovesFilterRule, kickSetsEnd, kickSetsEndRule, listedFromWalk, secondKick, secondKickRule, type Listed } from '../checks/multi.js';
import type { Exchange } from '../types.js';
import { buildUrl } from '../run/cases/common.js';
import { caseSeed, formatCaseId } from './ids.js';
import { listPath, paramSpace } from './space.js';

const LIST = 'twilio-video.listRoomParticipants';
const FETCH = 'twilio-video.fetchRoomParticipant';
const UPDATE = 'twilio-video.updateRoomParticipant';
/** Sequences per run, and kicks per sequence: a live room loses participants to each. */
const SEQUENCES = { mock: 5, live: 2 } as const;
const MAX_COMMANDS = 8;

type Item = Record<string, unknown>;

interface Model {
  /** sid -> the participant as last seen (listed, fetched or kicked). */
  seen: Map<string, Item>;
  connectedBefore: Listed[];
  /** sid -> the first kick's exchange. */
  kicked: Map<string, Exchange>;
}

interface Real {
  s: Session;
  o: Outcome;
  baseUrl: string;
  roomSid: string;
  log: string[];
}

const sidOf = (item: Item | undefined) => (typeof item?.sid === 'string' ? item.sid : undefined);
const pick = <T>(list: readonly T[], n: number): T | undefined => (list.length ? list[n % list.length] : undefined);
const connectedSids = (m: Model) => [...m.seen.values()].filter((p) => p.status === PARTICIPANT_STATUS.connected && !m.kicked.has(String(p.sid))).map((p) => String(p.sid));

async function walkStatus(r: Real, status: string): Promise<Listed[]> {
  const space = paramSpace(r.s.catalog, LIST);
  const statusParam = space.filters.find((f) => f.kind === 'enum')?.name as string;
  const url = buildUrl(r.baseUrl, listPath(space, r.roomSid), { [statusParam]: status, [space.sizeParam]: space.size.max });
  const max = space.size.max;
  return listedFromWalk(await checkedWalk(r.s, r.o, LIST, url, max), walkContext(r.s, LIST).listKey);
}

function commands(fc: typeof FC): Array<FC.Arbitrary<FC.AsyncCommand<Model, Real>>> {
  const ctx = (r: Real) => walkContext(r.s, LIST);
  const fetchOne = async (r: Real, sid: string) => {
    const res = await r.s.probe(FETCH).send({ method: 'GET', url: participantUrl(r.baseUrl, r.roomSid, sid) });
    r.o.checkResult(res, FETCH);
    return res;
  };
  const kick = (r: Real, sid: string) => r.s.probe(UPDATE).send({ method: 'POST', url: participantUrl(r.baseUrl, r.roomSid, sid), form: { Status: PARTICIPANT_STATUS.disconnected } });
  return [
    fc.constant<FC.AsyncCommand<Model, Real>>({
      check: () => true,
      async run(m, r) {
        r.log.push('list');
        const connectedAfter = await walkStatus(r, PARTICIPANT_STATUS.connected);
        const disconnectedAfter = await walkStatus(r, PARTICIPANT_STATUS.disconnected);
        for (const sid of m.kicked.keys()) {
          for (const f of kickMovesFilter({ sid, connectedBefore: m.connectedBefore, connectedAfter, disconnectedAfter }, ctx(r))) r.o.addLocated(kickMovesFilterRule.id, kickMovesFilterRule.severity, f, UPDATE);
        }
      },
      toString: () => 'list',
    }),
    fc.nat().map((n): FC.AsyncCommand<Model, Real> => ({
      check: (m) => m.seen.size > 0,
      async run(m, r) {
        const sid = pick([...m.seen.keys()].sort(), n) as string;
        r.log.push(`fetch ${sid}`);
        const res = await fetchOne(r, sid);
        const before = m.seen.get(sid) as Item;
        for (const f of fetchMatchesList({ pointer: `/${ctx(r).listKey}/0`, value: before }, res.exchange, ctx(r))) r.o.addLocated(fetchMatchesListRule.id, fetchMatchesListRule.severity, f, FETCH);
        if (res.exchange.response.status === 200) m.seen.set(sid, res.exchange.response.body as Item);
      },
      toString: () => `fetch #${n}`,
    })),
    fc.nat().map((n): FC.AsyncCommand<Model, Real> => ({
      check: (m) => connectedSids(m).length > 0,
      async run(m, r) {
        const sid = pick(connectedSids(m).sort(), n) as string;
        r.log.push(`kick ${sid}`);
        const update = await kick(r, sid);
        r.o.checkResult(update, UPDATE);
        const after = await fetchOne(r, sid);
        for (const f of kickSetsEnd({ before: m.seen.get(sid) as Item, update: update.exchange, after: after.exchange }, ctx(r))) r.o.addLocated(kickSetsEndRule.id, kickSetsEndRule.severity, f, UPDATE);
        m.kicked.set(sid, update.exchange);
        if (after.exchange.response.status === 200) m.seen.set(sid, after.exchange.response.body as Item);
      },
      toString: () => `kick #${n}`,
    })),
    fc.nat().map((n): FC.AsyncCommand<Model, Real> => ({
      check: (m) => m.kicked.size > 0,
      async run(m, r) {
        const sid = pick([...m.kicked.keys()].sort(), n) as string;
        r.log.push(`kick again ${sid}`);
        const second = await kick(r, sid);
        r.o.checkResult(second, UPDATE);
        for (const f of secondKick({ first: m.kicked.get(sid) as Exchange, second: second.exchange }, ctx(r))) r.o.addLocated(secondKickRule.id, secondKickRule.severity, f, UPDATE);
      },
      toString: () => `kick again #${n}`,
    })),
  ];
}

/** The stateful group of the update operation; none where mutations are not allowed. */
export async function statefulGroups(s: Session, fc: typeof FC, replayIndex?: number): Promise<CaseGroup[]> {
  const explore = s.target.settings.explore;
  const m = s.target.twilioVideo?.mutations;
  if (!explore || !m) return [];
  const count = SEQUENCES[s.target.kind === 'mock' ? 'mock' : 'live'];
  const indexes = replayIndex !== undefined ? [replayIndex] : Array.from({ length: count }, (_, i) => i);
  const arbitrary = fc.commands(commands(fc), { maxCommands: MAX_COMMANDS });
  const cases: Case[] = indexes.map((index) => ({
    name: `#${index} list / fetch / kick sequence`,
    run: async (o) => {
      const [cmds] = fc.sample(arbitrary, { seed: caseSeed(explore.seed, UPDATE, index), numRuns: 1 });
      const real: Real = { s, o, baseUrl: m.baseUrl, roomSid: m.room.sid, log: [] };
      const before = o.violations.length;
      await fc.asyncModelRun(async () => {
        const connectedBefore = await walkStatus(real, PARTICIPANT_STATUS.connected);
        const disconnected = await walkStatus(real, PARTICIPANT_STATUS.disconnected);
        const seen = new Map<string, Item>();
        for (const l of [...connectedBefore, ...disconnected]) if (sidOf(l.value)) seen.set(sidOf(l.value) as string, l.value);
        return { model: { seen, connectedBefore, kicked: new Map() }, real };
      }, cmds as Iterable<FC.AsyncCommand<Model, Real>>);
      if (o.violations.length === before) return;
      const id = formatCaseId({ operationId: UPDATE, index });
      const note = `Generated sequence ${id} (seed ${explore.seed}): ${real.log.join(', ')}; replay it with: ${explore.command} --api twilio-video --replay-case ${id}`;
      for (let i = before; i < o.violations.length; i++) {
        const v = o.violations[i];
        if (v) o.violations[i] = { ...v, hint: `${v.hint} ${note}` };
      }
    },
  }));
  return [{ name: `explore, stateful (seed ${explore.seed})`, cases }];
}
