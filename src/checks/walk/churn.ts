/**
 * Did the data change while a multi-request check read it? The evidence a walk carries: the
 * reference page read before the walk, a second reading of it after the walk (taken only when the
 * walk disagrees with the first), and Telnyx's total_results on every page. No rule lives here;
 * the rules that compare several readings ask it before they call a difference a defect.
 */
import type { ApiName, Exchange } from '../../types.js';
import type { Walk, WalkContext } from './types.js';
import { isObj, isTwilio, metaOf, referenceItems, STATUS_PARAM, walkedItems, type WalkedItem } from './support.js';

/** What identifies a participant's state: its status and when it last changed (Telnyx: updated_at, left_at). */
export function stateOf(item: Record<string, unknown>): string {
  return JSON.stringify([item.status ?? null, item.date_updated ?? item.updated_at ?? null, item.end_time ?? item.left_at ?? null]);
}

export interface ReferenceChange {
  /** In the reference before the walk, absent after it: it left the (filtered) list. */
  left: Set<string>;
  /** In the reference after the walk only: it joined (or entered the filter). */
  entered: Set<string>;
  /** In both readings with another state: it changed, and may have been out of the list while the walk passed. */
  changed: Set<string>;
  /** Reference order (before the walk) of every id, for offset paging's shifts. */
  order: string[];
  /** Order of the second reading, for the items that entered before a repeated one. */
  afterOrder: string[];
  /** Each item as the two readings show it: the evidence of an excuse. */
  before: Map<string, WalkedItem>;
  after: Map<string, WalkedItem>;
}

/** The difference between the two readings of the reference, when both are usable. */
export function referenceChange(walk: Walk, listKey: string): ReferenceChange | undefined {
  const before = referenceItems(walk.api, walk.reference, listKey);
  const after = walk.referenceAfter && isObj(walk.referenceAfter.response.body) ? walkedItems(walk.api, [walk.referenceAfter], listKey) : undefined;
  if (!before || !after || walk.referenceAfter?.response.status !== 200) return undefined;
  const afterById = new Map(after.filter((i) => i.id !== undefined).map((i) => [i.id as string, i]));
  const beforeIds = new Set(before.map((i) => i.id));
  const change: ReferenceChange = {
    left: new Set(),
    entered: new Set(),
    changed: new Set(),
    order: [],
    afterOrder: [...afterById.keys()],
    before: new Map(),
    after: afterById,
  };
  for (const item of before) {
    if (item.id === undefined) continue;
    change.order.push(item.id);
    change.before.set(item.id, item);
    const later = afterById.get(item.id);
    if (!later) change.left.add(item.id);
    else if (stateOf(later.value) !== stateOf(item.value)) change.changed.add(item.id);
  }
  for (const id of afterById.keys()) if (!beforeIds.has(id)) change.entered.add(id);
  return change;
}

/** How many items changed between the readings (left, entered, changed). */
export function changeCount(change: ReferenceChange | undefined): number {
  return change ? change.left.size + change.entered.size + change.changed.size : 0;
}

/** Telnyx's total_results on each page of the walk (undefined where a page does not say). */
export function totalsOf(walk: Walk): Array<number | undefined> {
  return walk.pages.map((page) => {
    const total = metaOf(page)?.total_results;
    return typeof total === 'number' ? total : undefined;
  });
}

/** The sum of the moves of total_results between consecutive pages: 0 when the collection's size held. */
export function totalsDrift(walk: Walk): number {
  const totals = totalsOf(walk);
  let drift = 0;
  for (let i = 1; i < totals.length; i++) {
    const a = totals[i - 1];
    const b = totals[i];
    if (a !== undefined && b !== undefined) drift += Math.abs(b - a);
  }
  return drift;
}

/** Growth of total_results from page `from` to page `to` (offset paging: items entered before later offsets). */
export function totalsGrowth(walk: Walk, from: number, to: number): number {
  const totals = totalsOf(walk);
  let growth = 0;
  for (let i = from + 1; i <= to; i++) {
    const a = totals[i - 1];
    const b = totals[i];
    if (a !== undefined && b !== undefined && b > a) growth += b - a;
  }
  return growth;
}

/**
 * Whether the walk has evidence that the list changed while it was read. With a usable reference
 * page, the readings decide: the second one differs from the first, or the walk saw an item that
 * neither holds (it joined and left again between them); no second reading, or one that shows no
 * change and no such item: the list held, and every difference is the API's. Without one (a list
 * longer than the largest page), a move of total_results between pages is the evidence.
 */
export function churnSeen(walk: Walk, listKey: string): boolean {
  const before = referenceItems(walk.api, walk.reference, listKey);
  if (!before) return totalsDrift(walk) > 0;
  const change = referenceChange(walk, listKey);
  if (!change) return false;
  if (changeCount(change) > 0) return true;
  return walkedItems(walk.api, walk.pages, listKey).some((i) => i.id !== undefined && !change.before.has(i.id) && !change.after.has(i.id));
}

/**
 * Whether a walk disagrees with its reference page in a way only a second look can judge: an item of
 * the reference that the walk missed, or an item the walk saw twice. walkPages then reads the
 * reference again.
 */
export function needsSecondLook(api: ApiName, pages: readonly Exchange[], reference: Exchange | undefined): boolean {
  const key = listKeyOf(reference) ?? listKeyOf(pages[0]);
  if (!key) return false;
  const walked = walkedItems(api, pages, key);
  const ids = new Set<string>();
  for (const item of walked) {
    if (item.id === undefined) continue;
    if (ids.has(item.id)) return true;
    ids.add(item.id);
  }
  const before = referenceItems(api, reference, key);
  if (before === undefined) return false;
  if (before.some((i) => i.id !== undefined && !ids.has(i.id))) return true;
  // Telnyx's total_results moved between pages: the second reading says whether the list changed.
  const totals = pages.map((p) => metaOf(p)?.total_results);
  return totals.some((t) => t !== totals[0]);
}

/** The array property of a list body (`participants`, `data`). */
function listKeyOf(exchange: Exchange | undefined): string | undefined {
  const body = exchange?.response.body;
  if (!isObj(body)) return undefined;
  return Object.keys(body).find((k) => Array.isArray(body[k]));
}

/**
 * One difference between a walk and its reference that an observed change explains, with the
 * evidence: the report shows what was seen, so that a reader can judge the excuse.
 */
export interface ChurnExcuse {
  /** The item the walk missed, or saw twice; absent from an excuse about the list's meta (churn-meta.ts). */
  id?: string;
  /**
   * missing, repeated: an item; past-end: the last page of a walk is past a total_pages that shrank;
   * count: the walk's distinct items differ from the first page's total_results.
   */
  difference: 'missing' | 'repeated' | 'past-end' | 'count';
  /** The observed change, in one sentence. */
  change: string;
  /**
   * The item before and after: for a missing item, in the reference and in its second reading (null:
   * absent); for a repeat, at its first and its second sighting.
   */
  before: unknown;
  after: unknown;
  /** Page numbers: the other item whose leaving (or joining) before this one shifted it past a page boundary. */
  shiftedBy?: { id: string; before: unknown; after: unknown };
  /**
   * Page numbers, when only total_results shows the change: its values on the pages between which the
   * item repeated, or on every reading (pageIndex -1: the reference; the number of pages: its second reading).
   */
  totalResults?: Array<{ pageIndex: number; total: number }>;
}

export type ExplainedItem = WalkedItem & { excuse: ChurnExcuse };

/**
 * Whether a change of an item's own state can take it out of the walked list: the operation filters
 * by status (Twilio Video, whose unfiltered list is cut by a documented default status too). Elsewhere
 * (Telnyx, Insights) only the item's absence from the second reading shows that it left.
 */
export function cutByState(context: Pick<WalkContext, 'parameterSchema'>): boolean {
  return context.parameterSchema(STATUS_PARAM) !== undefined;
}

const valueOf = (item: WalkedItem | undefined): unknown => item?.value ?? null;

/** The item's own change that explains its absence: it left the list, or (a list cut by status) its state changed. */
function ownChange(change: ReferenceChange, id: string, byState: boolean): ChurnExcuse | undefined {
  const before = valueOf(change.before.get(id));
  if (change.left.has(id)) {
    return { id, difference: 'missing', change: 'it left the list: absent from the second reading of the reference', before, after: null };
  }
  if (!byState || !change.changed.has(id)) return undefined;
  const after = valueOf(change.after.get(id));
  const was = isObj(before) ? before.status : undefined;
  const is = isObj(after) ? after.status : undefined;
  return {
    id,
    difference: 'missing',
    change: was !== is
      ? `its status changed from ${String(was)} to ${String(is)} in a list cut by status`
      // A participant that drops to reconnecting and recovers is out of a connected list meanwhile; only its date_updated shows it.
      : `its state changed and came back to ${String(is)} (date_updated moved) in a list cut by status: it was out of the list meanwhile`,
    before,
    after,
  };
}

/**
 * The walk's missing items (against the reference), split into those churn explains and the rest.
 * An absence is explained only by a change observed for that item and that position:
 * - the item itself left the list (absent from the second reading) or, in a list cut by status, its
 *   own state changed;
 * - under page numbers (Telnyx), another item before it in the reference left the list: every later
 *   item moved back one place, and one of them fell onto a page already read. Each such leave
 *   explains one absence, never every later one; so does each fall of total_results between pages
 *   that no leave of the readings accounts for (an item that joined and left again during the walk).
 * A change of another item's state (its date_updated, updated_at) explains nothing: it does not move
 * an item of a list not cut by it.
 */
export function missingItems(walk: Walk, context: Pick<WalkContext, 'listKey' | 'parameterSchema'>): { explained: ExplainedItem[]; unexplained: WalkedItem[] } {
  const out = { explained: [] as ExplainedItem[], unexplained: [] as WalkedItem[] };
  if (walk.stop.reason !== 'end') return out;
  const reference = referenceItems(walk.api, walk.reference, context.listKey);
  if (!reference) return out;
  const walked = new Set(walkedItems(walk.api, walk.pages, context.listKey).map((i) => i.id));
  const change = referenceChange(walk, context.listKey);
  const byState = cutByState(context);
  const position = new Map((change?.order ?? []).map((id, i) => [id, i]));
  // The leaves not yet spent on an absence, in reference order.
  const unspent = change ? change.order.filter((id) => change.left.has(id)) : [];
  // Leaves that total_results showed but neither reading holds (an item that joined and left again).
  const transientLeaves = { left: change ? Math.max(0, totalMoves(walk).falls - change.left.size) : 0 };
  for (const item of reference) {
    if (item.id === undefined || walked.has(item.id)) continue;
    let excuse = change ? ownChange(change, item.id, byState) : undefined;
    if (excuse && change?.left.has(item.id)) unspent.splice(unspent.indexOf(item.id), 1);
    if (!excuse && change && !isTwilio(walk.api)) excuse = shiftedBack(change, item.id, unspent, position) ?? transientLeave(walk, change, item.id, item.value, transientLeaves);
    if (excuse) out.explained.push({ ...item, excuse });
    else out.unexplained.push(item);
  }
  return out;
}

/**
 * total_results of every reading in time order: the reference (pageIndex -1), the walk's pages, the
 * second reading (pageIndex = the number of pages), where each says it.
 */
export function readingTotals(walk: Walk): Array<{ pageIndex: number; total: number }> {
  const readings: Array<[number, Exchange | undefined]> = [[-1, walk.reference], ...walk.pages.map((p, i): [number, Exchange] => [i, p]), [walk.pages.length, walk.referenceAfter]];
  return readings.flatMap(([pageIndex, exchange]) => {
    const total = metaOf(exchange)?.total_results;
    return typeof total === 'number' ? [{ pageIndex, total }] : [];
  });
}

/** The sum of the rises and of the falls of total_results across every reading. */
export function totalMoves(walk: Walk): { rises: number; falls: number } {
  const totals = readingTotals(walk);
  let rises = 0;
  let falls = 0;
  for (let i = 1; i < totals.length; i++) {
    const step = (totals[i]?.total ?? 0) - (totals[i - 1]?.total ?? 0);
    if (step > 0) rises += step;
    else falls -= step;
  }
  return { rises, falls };
}

/**
 * Page numbers: total_results fell more often, across the readings, than the leaves the readings
 * show: an item joined and left again between them, moving later items back one place on the way.
 * Each such fall explains one absence (the budget is spent).
 */
function transientLeave(walk: Walk, change: ReferenceChange, id: string, value: unknown, budget: { left: number }): ChurnExcuse | undefined {
  if (budget.left <= 0) return undefined;
  budget.left -= 1;
  return {
    id,
    difference: 'missing',
    change: `total_results fell ${totalMoves(walk).falls} times across the readings but only ${change.left.size} items left in them: an item joined and left again, and under page numbers later items moved back one place`,
    before: value,
    after: valueOf(change.after.get(id)),
    totalResults: readingTotals(walk),
  };
}

/** Page numbers: the nearest leave before `id` not yet spent explains its absence (and is spent). */
function shiftedBack(change: ReferenceChange, id: string, unspent: string[], position: Map<string, number>): ChurnExcuse | undefined {
  const at = position.get(id) ?? -1;
  let k = -1;
  for (let j = 0; j < unspent.length && (position.get(unspent[j]!) ?? Infinity) < at; j++) k = j;
  if (k < 0) return undefined;
  const [leaver] = unspent.splice(k, 1) as [string];
  return {
    id,
    difference: 'missing',
    change: `${leaver}, before it in the list, left: under page numbers every later item moved back one place, and this one onto a page already read`,
    before: valueOf(change.before.get(id)),
    after: valueOf(change.after.get(id)),
    shiftedBy: { id: leaver, before: valueOf(change.before.get(leaver)), after: null },
  };
}

export interface RepeatedItem {
  item: WalkedItem;
  /** Where the walk saw it first. */
  first: WalkedItem;
  /** The change that explains the repeat, when one does. */
  excuse?: ChurnExcuse;
}

/**
 * The walk's repeated items, split into those churn explains and the rest. Under Twilio's token paging
 * a page starts after the last item of the previous one, so no change of the data repeats an item:
 * every repeat is a defect. Under Telnyx's page numbers, an item repeats when another enters the list
 * before it between two pages. With a second reading of the reference, each item that entered before
 * the repeated one (in that reading's order) explains one repeat; without one, total_results grows
 * by as many, so each repeat spends one unit of the growth seen between its two pages (with a second
 * reading, only growth that reading does not account for: an item that joined and left again). A
 * repeat with no change left to spend is a defect.
 */
export function repeatedItems(walk: Walk, listKey: string): { explained: RepeatedItem[]; unexplained: RepeatedItem[] } {
  const out = { explained: [] as RepeatedItem[], unexplained: [] as RepeatedItem[] };
  const totals = totalsOf(walk);
  const growth = totals.map((t, i) => {
    const before = totals[i - 1];
    return i > 0 && t !== undefined && before !== undefined ? Math.max(0, t - before) : 0;
  });
  const change = referenceChange(walk, listKey);
  const afterPosition = new Map((change?.afterOrder ?? []).map((id, i) => [id, i]));
  const unspentEntered = change ? change.afterOrder.filter((id) => change.entered.has(id)) : [];
  // Joins that total_results showed but the second reading does not (an item that joined and left again).
  let transient = change ? Math.max(0, totalMoves(walk).rises - change.entered.size) : 0;
  const seen = new Map<string, WalkedItem>();
  for (const item of walkedItems(walk.api, walk.pages, listKey)) {
    if (item.id === undefined) continue;
    const first = seen.get(item.id);
    if (!first) {
      seen.set(item.id, item);
      continue;
    }
    let excuse: ChurnExcuse | undefined;
    if (!isTwilio(walk.api)) {
      excuse = change ? shiftedForward(change, item, first, unspentEntered, afterPosition) : grewBetween(totals, growth, item, first);
      if (!excuse && change && transient > 0) {
        excuse = grewBetween(totals, growth, item, first);
        if (excuse) transient -= 1;
      }
    }
    if (excuse) out.explained.push({ item, first, excuse });
    else out.unexplained.push({ item, first });
  }
  return out;
}

/** Page numbers with a second reading: the nearest item that entered before this one, not yet spent. */
function shiftedForward(change: ReferenceChange, item: WalkedItem, first: WalkedItem, unspent: string[], position: Map<string, number>): ChurnExcuse | undefined {
  const at = position.get(item.id as string) ?? placeOfLeaver(change, item.id as string, position);
  if (at === undefined) return undefined;
  let k = -1;
  for (let j = 0; j < unspent.length && (position.get(unspent[j]!) ?? Infinity) < at; j++) k = j;
  if (k < 0) return undefined;
  const [joiner] = unspent.splice(k, 1) as [string];
  return {
    id: item.id as string,
    difference: 'repeated',
    change: `${joiner} entered the list before it: under page numbers every later item moved on one place, and this one onto the next page too`,
    before: first.value,
    after: item.value,
    shiftedBy: { id: joiner, before: null, after: valueOf(change.after.get(joiner)) },
  };
}

/**
 * Where an item of the reference that left before the second reading would stand in it: just before
 * the first item that followed it in the reference and is still there (the end of the list when none
 * is). An item that entered before that one may have entered before it too.
 */
function placeOfLeaver(change: ReferenceChange, id: string, position: Map<string, number>): number | undefined {
  const from = change.order.indexOf(id);
  if (from < 0) return undefined;
  for (const later of change.order.slice(from + 1)) {
    const at = position.get(later);
    if (at !== undefined) return at - 0.5;
  }
  return change.afterOrder.length;
}

/** Page numbers without a second reading: one unit of total_results' growth between the two sightings (spent). */
function grewBetween(totals: Array<number | undefined>, growth: number[], item: WalkedItem, first: WalkedItem): ChurnExcuse | undefined {
  for (let b = item.pageIndex; b > first.pageIndex; b--) {
    if ((growth[b] ?? 0) <= 0) continue;
    growth[b] = (growth[b] ?? 0) - 1;
    return {
      id: item.id as string,
      difference: 'repeated',
      change: `total_results grew from ${String(totals[b - 1])} to ${String(totals[b])} between pages ${b - 1} and ${b}: an item entered the list before it`,
      before: first.value,
      after: item.value,
      totalResults: [
        { pageIndex: b - 1, total: totals[b - 1] as number },
        { pageIndex: b, total: totals[b] as number },
      ],
    };
  }
  return undefined;
}

export type { WalkedItem };
