/**
 * The model of a parent (a room) that stateful sequences run against, and the commands derived from
 * its API's operations (stateful-ops.ts): list (walk the list under the status items are kicked from and
 * the one they are kicked to), fetch (one listed item by id), kick (move a listed item by the update)
 * and kick again. Each command checks its answers with the lifecycle and consistency checks and stops
 * the sequence (SequenceFailed) at the first failing finding, so that fast-check shrinks to the
 * commands that lead there.
 *
 * Churn (a participant joining, dropping or leaving between two commands) is the data's, not the API's:
 * the model is the state the target last showed, not a prediction of it. A listed participant that is
 * not final may have moved on by its fetch (fetch-matches-list allows it), one that left by itself
 * before its kick is not a failed kick (its fetch shows it final, updated after the model saw it), and a
 * kicked participant is final, so that where it is listed after its kick is never churn's.
 */
import type * as FC from 'fast-check';
import type { Session } from '../run/session.js';
import type { Outcome } from '../run/outcome.js';
import { buildUrl, checkedWalk, walkContext } from '../run/cases/common.js';
import { PARTICIPANT_STATUS } from '../catalog/facts.js';
import { fetchMatchesList, fetchMatchesListRule, kickMovesFilter, kickMovesFilterRule, kickSetsEnd, kickSetsEndRule, listedFromWalk, secondKick, secondKickRule, type Listed } from '../checks/multi.js';
import { compareTimes } from '../timestamps.js';
import type { Exchange } from '../types.js';
import { fieldOf, listPath } from './space.js';
import { itemPath, type StatefulOperations } from './stateful-ops.js';

type Item = Record<string, unknown>;
/** A command picks its participant by an index modulo the candidates: small indexes shrink in a few steps. */
const PICK_MAX = 15;

export interface Model {
  /** id -> the item as the last list showed it. */
  listed: Map<string, Listed>;
  /** id -> where it was last listed under the status kicks move items from: who may be kicked. */
  kickable: Map<string, Listed>;
  /** id -> the first kick's exchange, and where the item was listed before it. */
  kicked: Map<string, { update: Exchange; before: Listed }>;
  /** ids that left by themselves before their kick (churn): final, not kicked. */
  left: Set<string>;
  /** id -> its last fetch that showed it final (kicked or left): every later list must show it the same. */
  final: Map<string, Exchange>;
}

export interface Real {
  s: Session;
  o: Outcome;
  ops: StatefulOperations;
  baseUrl: string;
  parent: string;
  strict: boolean;
  /** What each command did, with the ids it touched (the report's description of the sequence). */
  log: string[];
}

/** Thrown by a command after it recorded a failing finding: the sequence stops there. */
export class SequenceFailed extends Error {}

const sorted = (m: Map<string, unknown>) => [...m.keys()].sort();
const pick = <T>(list: readonly T[], n: number): T | undefined => (list.length ? list[n % list.length] : undefined);
const kickable = (m: Model) => sorted(m.kickable).filter((id) => !m.kicked.has(id) && !m.left.has(id));

/** The status items are listed under before a kick (the kick moves them to the kick's value). */
const fromStatus = (ops: StatefulOperations) => (ops.kick?.value === PARTICIPANT_STATUS.connected ? undefined : PARTICIPANT_STATUS.connected);

async function walkList(r: Real, status: string | undefined): Promise<Listed[]> {
  const space = r.ops.list;
  const params = { ...(status && r.ops.statusParam ? { [r.ops.statusParam]: status } : {}), [space.sizeParam]: space.size.max };
  const url = buildUrl(r.baseUrl, listPath(space, r.parent), params);
  return listedFromWalk(await checkedWalk(r.s, r.o, space.operationId, url, space.size.max), space.listKey);
}

/** Final: in the status a kick sets (a participant who left never comes back under the same id). */
const isFinal = (r: Real, item: Item | undefined) => r.ops.kick !== undefined && item?.[fieldOf(r.ops.kick.param)] === r.ops.kick.value;

const idOf = (r: Real, item: Item) => (typeof item[r.ops.list.idField] === 'string' ? (item[r.ops.list.idField] as string) : undefined);

/** Stops the sequence when this command added a failing finding. */
function settle(r: Real, failingBefore: number): void {
  if (r.o.failing(r.strict).length > failingBefore) throw new SequenceFailed();
}

/** The model as the target shows it now: every list read once (the start of every sequence, and the list command). */
export async function readModel(r: Real, m: Model = { listed: new Map(), kickable: new Map(), kicked: new Map(), left: new Set(), final: new Map() }): Promise<{ model: Model; lists: Record<string, Listed[]> }> {
  const from = fromStatus(r.ops);
  const lists: Record<string, Listed[]> = {};
  const statuses = r.ops.kick && from ? [from, r.ops.kick.value] : [undefined];
  for (const status of statuses) lists[status ?? ''] = await walkList(r, status);
  m.kickable.clear();
  for (const [status, list] of Object.entries(lists)) {
    for (const l of list) {
      const id = idOf(r, l.value);
      if (!id) continue;
      m.listed.set(id, l);
      if (status === from && !m.kicked.has(id)) m.kickable.set(id, l);
    }
  }
  return { model: m, lists };
}

type Command = FC.AsyncCommand<Model, Real>;

function listCommand(fc: typeof FC): FC.Arbitrary<Command> {
  return fc.constant<Command>({
    check: () => true,
    async run(m, r) {
      r.log.push('list');
      const failing = r.o.failing(r.strict).length;
      const { lists } = await readModel(r, m);
      const from = fromStatus(r.ops);
      const kick = r.ops.kick;
      const ctx = walkContext(r.s, r.ops.list.operationId);
      if (kick && from) {
        for (const [sid, k] of m.kicked) {
          const input = { sid, connectedBefore: [k.before], connectedAfter: lists[from] ?? [], disconnectedAfter: lists[kick.value] ?? [] };
          for (const f of kickMovesFilter(input, ctx)) r.o.addLocated(kickMovesFilterRule.id, kickMovesFilterRule.severity, f, kick.id);
        }
      }
      // A participant final when fetched is final: the list shows it as that fetch did, field by field.
      for (const l of Object.values(lists).flat()) {
        const id = idOf(r, l.value);
        const fetched = id ? m.final.get(id) : undefined;
        if (fetched && isFinal(r, l.value)) for (const f of fetchMatchesList(l, fetched, ctx)) r.o.addLocated(fetchMatchesListRule.id, fetchMatchesListRule.severity, f, fetched.operationId);
      }
      settle(r, failing);
    },
    toString: () => 'list',
  });
}

function fetchCommand(fc: typeof FC, fetchOp: NonNullable<StatefulOperations['fetch']>): FC.Arbitrary<Command> {
  return fc.nat({ max: PICK_MAX }).map((n): Command => ({
    check: (m) => m.listed.size > 0,
    async run(m, r) {
      const id = pick(sorted(m.listed), n) as string;
      r.log.push(`fetch ${id}`);
      const failing = r.o.failing(r.strict).length;
      const res = await r.s.probe(fetchOp.id).send({ method: 'GET', url: buildUrl(r.baseUrl, itemPath(fetchOp.path, r.parent, id)) });
      r.o.checkResult(res, fetchOp.id);
      const ctx = walkContext(r.s, r.ops.list.operationId);
      for (const f of fetchMatchesList(m.listed.get(id) as Listed, res.exchange, ctx)) r.o.addLocated(fetchMatchesListRule.id, fetchMatchesListRule.severity, f, fetchOp.id);
      if (res.exchange.response.status === 200 && isFinal(r, res.exchange.response.body as Item)) m.final.set(id, res.exchange);
      settle(r, failing);
    },
    toString: () => `fetch #${n}`,
  }));
}

function kickCommands(fc: typeof FC, kick: NonNullable<StatefulOperations['kick']>, fetchOp: StatefulOperations['fetch']): Array<FC.Arbitrary<Command>> {
  const send = (r: Real, id: string) => r.s.probe(kick.id).send({ method: kick.method, url: buildUrl(r.baseUrl, itemPath(kick.path, r.parent, id)), form: { [kick.param]: kick.value } });
  const fetchAfter = async (r: Real, id: string) => {
    if (!fetchOp) return undefined;
    const res = await r.s.probe(fetchOp.id).send({ method: 'GET', url: buildUrl(r.baseUrl, itemPath(fetchOp.path, r.parent, id)) });
    r.o.checkResult(res, fetchOp.id);
    return res.exchange;
  };
  return [
    fc.nat({ max: PICK_MAX }).map((n): Command => ({
      check: (m) => kickable(m).length > 0,
      async run(m, r) {
        const id = pick(kickable(m), n) as string;
        const before = m.kickable.get(id) as Listed;
        r.log.push(`kick ${id}`);
        const failing = r.o.failing(r.strict).length;
        const update = await send(r, id);
        r.o.checkResult(update, kick.id);
        const after = await fetchAfter(r, id);
        const ok = update.exchange.response.status >= 200 && update.exchange.response.status <= 299;
        const body = after?.response.status === 200 ? (after.response.body as Item) : undefined;
        if (after && isFinal(r, body)) m.final.set(id, after);
        // Refused because it had already left by itself (churn): its fetch shows it final, changed since the model saw it.
        const leftBefore = !ok && isFinal(r, body) && (compareTimes(body?.date_updated, before.value.date_updated) ?? 0) > 0;
        if (leftBefore) {
          r.log[r.log.length - 1] += ' (it had left)';
          m.left.add(id);
        } else {
          const ctx = walkContext(r.s, r.ops.list.operationId);
          for (const f of kickSetsEnd({ before: before.value, update: update.exchange, ...(after ? { after } : {}) }, ctx)) r.o.addLocated(kickSetsEndRule.id, kickSetsEndRule.severity, f, kick.id);
          m.kicked.set(id, { update: update.exchange, before });
        }
        settle(r, failing);
      },
      toString: () => `kick #${n}`,
    })),
    fc.nat({ max: PICK_MAX }).map((n): Command => ({
      check: (m) => m.kicked.size > 0,
      async run(m, r) {
        const id = pick(sorted(m.kicked), n) as string;
        r.log.push(`kick again ${id}`);
        const failing = r.o.failing(r.strict).length;
        const second = await send(r, id);
        r.o.checkResult(second, kick.id);
        const ctx = walkContext(r.s, r.ops.list.operationId);
        const first = m.kicked.get(id)?.update as Exchange;
        for (const f of secondKick({ first, second: second.exchange }, ctx)) r.o.addLocated(secondKickRule.id, secondKickRule.severity, f, kick.id);
        settle(r, failing);
      },
      toString: () => `kick again #${n}`,
    })),
  ];
}

/** The commands of an API's stateful sequences: list always, fetch where the spec has one, the kicks only where the run may mutate. */
export function commandArbitraries(fc: typeof FC, ops: StatefulOperations, mutate: boolean): Array<FC.Arbitrary<Command>> {
  return [
    listCommand(fc),
    ...(ops.fetch ? [fetchCommand(fc, ops.fetch)] : []),
    ...(mutate && ops.kick ? kickCommands(fc, ops.kick, ops.fetch) : []),
  ];
}
