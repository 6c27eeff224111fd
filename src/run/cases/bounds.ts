/**
 * Date bounds placed from the data (issue 20): a bound before or after everyone agrees with any
 * comparison, so the fixed cases also place bounds *between* two participants, exactly *on* one's
 * timestamp, and *between two fields* of one participant that disagree (its date_created and its
 * start_time or date_updated; Telnyx: its joined_at, updated_at and left_at days), where a server
 * that compares the wrong field returns that participant when it must not, or leaves it out when it
 * must not. Extra items are judged on every page by the filter checks; missing ones against what
 * the filter checks themselves accept among the discovered participants (the checks are the model).
 */
import type { CheckContext } from '../../checks/check.js';
import { EXCHANGE_CHECKS } from '../../checks/index.js';
import { droppedMatch, droppedMatches } from '../../checks/filter/dropped-match.js';
import { churnObserved } from '../../checks/walk/churn-observed.js';
import { ID_FIELD } from '../../checks/walk/support.js';
import type { Outcome } from '../outcome.js';
import type { Exchange } from '../../types.js';
import { isoSeconds, shiftDate } from '../../timestamps.js';
import type { Session } from '../session.js';
import { Unmet } from '../needs.js';
import { allWalkItems, checkedWalk, listKeyOf, type Case, type Params } from './common.js';

type Item = Record<string, unknown>;

/** The discovered items the filter checks accept under `query`: the items the list must (or, on a bound, may) return. */
export function acceptedBy(s: Session, operationId: string, items: Item[], query: Record<string, string>): Item[] {
  const listKey = listKeyOf(s, operationId);
  const url = new URL('http://model.invalid/');
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  const operation = s.catalog.operation(operationId);
  const exchange: Exchange = { operationId, request: { method: 'GET', url: url.href }, response: { status: 200, body: { [listKey]: items } } };
  const context: CheckContext = { operation, listKey, requestUrl: url, parameterSchema: (name) => s.catalog.parameterSchema(operationId, name) };
  const rejected = new Set<number>();
  const prefix = `/${listKey}/`;
  for (const check of EXCHANGE_CHECKS.filter((c) => c.id.startsWith('filter.') && c.appliesTo(operation))) {
    for (const f of check.run(exchange, context)) if (f.path.startsWith(prefix)) rejected.add(Number(f.path.slice(prefix.length).split('/')[0]));
  }
  return items.filter((_, i) => !rejected.has(i));
}

/**
 * Reports the participants a filtered list dropped, unless churn explains them (issue 18: an excuse
 * needs evidence). `required` were read earlier (discovery, a reference page); each one missing from
 * `got` is looked up in the list read again now (`reRead`, without the filter under test): gone, or no
 * longer accepted by the filter checks (its own field or status moved out of the filter), is a change
 * of that participant, recorded as pagination.churn-observed with the item before and after; anything
 * else is filter.dropped-match. A date_updated that moved alone excuses nothing.
 */
export async function judgeDrops(
  s: Session,
  o: Outcome,
  operationId: string,
  filter: { text: string; query: Record<string, string> },
  required: Item[],
  got: Item[],
  reRead: () => Promise<Item[]>,
  page: Exchange | undefined,
  /** The filtered list walked again: an item it returns was not dropped by the filter (the first walk missed it while the list shifted under page-number paging). */
  filteredAgain?: () => Promise<Item[]>,
): Promise<void> {
  const idField = ID_FIELD[s.catalog.operation(operationId).api];
  const seen = new Set(got.map((p) => p[idField]));
  const missing = required.filter((p) => !seen.has(p[idField]));
  if (missing.length === 0) return;
  const now = new Map((await reRead()).map((p) => [p[idField], p]));
  const excuses: Array<{ id: string; difference: 'missing'; change: string; before: Item; after: Item | null }> = [];
  for (const before of missing) {
    const after = now.get(before[idField]);
    if (!after) excuses.push({ id: String(before[idField]), difference: 'missing', change: 'it is gone from the list read again', before, after: null });
    else if (acceptedBy(s, operationId, [after], filter.query).length === 0) excuses.push({ id: String(before[idField]), difference: 'missing', change: `it no longer matches ${filter.text} when read again: it changed out of the filter`, before, after });
  }
  const unexplained = missing.filter((p) => !excuses.some((e) => e.id === String(p[idField])));
  if (unexplained.length > 0 && filteredAgain) {
    const again = new Map((await filteredAgain()).map((p) => [p[idField], p]));
    for (const before of unexplained) {
      const after = again.get(before[idField]);
      if (after) excuses.push({ id: String(before[idField]), difference: 'missing', change: 'the filtered list read again returns it: the first walk missed it while the list shifted under its pages', before, after });
    }
  }
  if (excuses.length > 0) {
    o.addFinding(churnObserved.id, churnObserved.severity, {
      path: '',
      expected: `the filter ${filter.text} returns every participant that matched it`,
      actual: { excuses },
      message: `The filter ${filter.text} did not return ${excuses.length} participant(s) that changed between the two reads: ${excuses.map((e) => `${e.id} (${e.change})`).join('; ')}.`,
      hint: 'Nothing to fix in the API: the participants changed while they were read. Probe a quiet parent to test the filter strictly.',
    }, page);
  }
  const excused = new Set(excuses.map((e) => e.id));
  o.judge(droppedMatch, droppedMatches(filter.text, required.filter((p) => !excused.has(String(p[idField]))), got, idField), page);
}

/** A placement of a bound: its value, and the items exactly on it (allowed, not required: NOTES V10). */
interface Placement {
  value: string;
  onBound: (item: Item) => boolean;
}

const ms = (v: unknown): number | undefined => (typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? Date.parse(v) : undefined);
/** Whole-second timestamps: a bound strictly between two needs them 2 s apart. */
const SECOND = 1000;

/** Twilio timestamps: between two participants, on one, and between two fields of one that disagree. */
function secondPlacements(items: Item[], field: string, others: string[]): Record<'between' | 'on' | 'between fields', Placement | string> {
  const times = [...new Set(items.map((p) => ms(p[field])).filter((t): t is number => t !== undefined))].sort((a, b) => a - b);
  const gaps = times.slice(1).map((t, i) => [times[i] as number, t] as const).filter(([a, b]) => b - a >= 2 * SECOND);
  const gap = gaps[Math.floor(gaps.length / 2)];
  const middle = times[Math.floor(times.length / 2)];
  const disagreeing = items
    .flatMap((p) => others.map((o) => [ms(p[field]), ms(p[o])] as const))
    .find(([a, b]) => a !== undefined && b !== undefined && Math.abs(a - b) >= 2 * SECOND);
  return {
    between: gap ? { value: isoSeconds(gap[0] + SECOND), onBound: () => false } : `no two participants' ${field} are 2 s apart or more`,
    on: middle !== undefined ? { value: isoSeconds(middle), onBound: (p) => ms(p[field]) === middle } : `no participant has a ${field}`,
    'between fields': disagreeing
      ? { value: isoSeconds(Math.min(disagreeing[0] as number, disagreeing[1] as number) + SECOND), onBound: () => false }
      : `no participant whose ${field} and ${others.join(' or ')} are 2 s apart or more`,
  };
}

const day = (v: unknown): string | undefined => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : undefined);

/** Telnyx days: a participant's day, a day between two participants', and a day where one participant's fields disagree. */
function dayPlacements(items: Item[], field: string, others: string[]): Record<'between' | 'on' | 'between fields', Placement | string> {
  const days = [...new Set(items.map((p) => day(p[field])).filter((d): d is string => d !== undefined))].sort();
  const next = (d: string) => shiftDate(d, 1);
  const gap = days.slice(1).map((d, i) => [days[i] as string, d] as const).find(([a, b]) => next(a) < b);
  const middle = days[Math.floor(days.length / 2)];
  const disagreeing = items.flatMap((p) => others.map((o) => [day(p[field]), day(p[o])] as const)).find(([a, b]) => a !== undefined && b !== undefined && a !== b);
  return {
    between: gap ? { value: next(gap[0]), onBound: () => false } : `no two participants' ${field} days have a day between them`,
    on: middle ? { value: middle, onBound: () => false } : `no participant has a ${field}`,
    'between fields': disagreeing ? { value: disagreeing[0] as string, onBound: () => false } : `no participant whose ${field} day differs from its ${others.join(' or ')} day`,
  };
}

export interface BoundSpec {
  /** The query parameter, e.g. DateCreatedAfter, filter[date_joined_at][gte]. */
  param: string;
  /** The item field it is documented to compare. */
  field: string;
  /** The other timestamp fields of the item a server could compare by mistake. */
  others: string[];
  /** Twilio's timestamps (whole seconds), or Telnyx's UTC days. */
  unit: 'second' | 'day';
}

/**
 * Three cases per bound: between participants, on one, between two fields of one. Each walks the
 * filtered list (every page's items judged by the filter checks: extra items) and compares it with
 * what the filter checks accept among the discovered participants (missing items).
 */
export function placedBoundCases(s: Session, operationId: string, spec: BoundSpec, items: (o: Outcome) => Promise<Item[]>, url: (params: Params) => string, fixed: Record<string, string> = {}): Case[] {
  const size = s.catalog.paging(operationId).size;
  const max = size ? (s.catalog.parameterSchema(operationId, size.param)?.maximum as number) : undefined;
  return (['between', 'on', 'between fields'] as const).map((where) => ({
    name: `${spec.param} ${where === 'between' ? 'between two participants' : where === 'on' ? "on a participant's " + spec.field : `between a participant's ${spec.field} and ${spec.others.join('/')}`}`,
    run: async (o) => {
      const all = (await items(o)).filter((p) => Object.entries(fixed).every(([k, v]) => k !== 'Status' || p.status === v));
      const placements = spec.unit === 'second' ? secondPlacements(all, spec.field, spec.others) : dayPlacements(all, spec.field, spec.others);
      const placed = placements[where];
      if (typeof placed === 'string') throw new Unmet(placed);
      const query = { ...fixed, [spec.param]: placed.value };
      const walk = await checkedWalk(s, o, operationId, url({ ...query, ...(size && max ? { [size.param]: max } : {}) }), max ?? 0, undefined);
      const required = acceptedBy(s, operationId, all, query).filter((p) => !placed.onBound(p));
      const got = allWalkItems(walk, listKeyOf(s, operationId));
      // Read again without the bound (with the other filters): what changed since discovery is churn, with its evidence.
      const reRead = async () => allWalkItems(await checkedWalk(s, o, operationId, url({ ...fixed, ...(size && max ? { [size.param]: max } : {}) }), max ?? 0, undefined), listKeyOf(s, operationId));
      const filteredAgain = async () => allWalkItems(await checkedWalk(s, o, operationId, url({ ...query, ...(size && max ? { [size.param]: max } : {}) }), max ?? 0, undefined), listKeyOf(s, operationId));
      await judgeDrops(s, o, operationId, { text: `${spec.param}=${placed.value}`, query }, required, got, reRead, walk.pages[0], filteredAgain);
    },
  }));
}
