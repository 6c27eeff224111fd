/**
 * Did the data change while a multi-request check read it? The evidence a walk carries: the
 * reference page read before the walk, a second reading of it after the walk (taken only when the
 * walk disagrees with the first), and Telnyx's total_results on every page. No rule lives here;
 * the rules that compare several readings ask it before they call a difference a defect.
 */
import type { ApiName, Exchange } from '../../types.js';
import type { Walk } from './walk.js';
import { isObj, isTwilio, metaOf, referenceItems, walkedItems, type WalkedItem } from './support.js';

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
}

/** The difference between the two readings of the reference, when both are usable. */
export function referenceChange(walk: Walk, listKey: string): ReferenceChange | undefined {
  const before = referenceItems(walk.api, walk.reference, listKey);
  const after = walk.referenceAfter && isObj(walk.referenceAfter.response.body) ? walkedItems(walk.api, [walk.referenceAfter], listKey) : undefined;
  if (!before || !after || walk.referenceAfter?.response.status !== 200) return undefined;
  const afterById = new Map(after.filter((i) => i.id !== undefined).map((i) => [i.id as string, i]));
  const beforeIds = new Set(before.map((i) => i.id));
  const change: ReferenceChange = { left: new Set(), entered: new Set(), changed: new Set(), order: [] };
  for (const item of before) {
    if (item.id === undefined) continue;
    change.order.push(item.id);
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
 * page, only its second reading decides (no second reading, or one that shows no change: the list
 * held, and every difference is the API's). Without one (a list longer than the largest page), a
 * move of total_results between pages is the evidence.
 */
export function churnSeen(walk: Walk, listKey: string): boolean {
  if (referenceItems(walk.api, walk.reference, listKey)) return changeCount(referenceChange(walk, listKey)) > 0;
  return totalsDrift(walk) > 0;
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
 * Whether the change explains why `id` is missing from a walk: it left or changed itself; or, under
 * offset paging (Telnyx page numbers), an item before it in the reference left or changed, which
 * shifts it back past a page boundary the walk had already crossed.
 */
export function explainsMissing(api: ApiName, change: ReferenceChange, id: string): boolean {
  if (change.left.has(id) || change.changed.has(id)) return true;
  if (isTwilio(api)) return false;
  for (const earlier of change.order) {
    if (earlier === id) return false;
    if (change.left.has(earlier) || change.changed.has(earlier)) return true;
  }
  return false;
}

export type { WalkedItem };

/** The walk's missing items (against the reference), split into those churn explains and the rest. */
export function missingItems(walk: Walk, listKey: string): { explained: WalkedItem[]; unexplained: WalkedItem[] } {
  const out = { explained: [] as WalkedItem[], unexplained: [] as WalkedItem[] };
  if (walk.stop.reason !== 'end') return out;
  const reference = referenceItems(walk.api, walk.reference, listKey);
  if (!reference) return out;
  const walked = new Set(walkedItems(walk.api, walk.pages, listKey).map((i) => i.id));
  const change = referenceChange(walk, listKey);
  for (const item of reference) {
    if (item.id === undefined || walked.has(item.id)) continue;
    (change && explainsMissing(walk.api, change, item.id) ? out.explained : out.unexplained).push(item);
  }
  return out;
}

export interface RepeatedItem {
  item: WalkedItem;
  /** Where the walk saw it first. */
  first: WalkedItem;
}

/**
 * The walk's repeated items, split into those churn explains and the rest. Under Twilio's token paging
 * a page starts after the last item of the previous one, so no change of the data repeats an item:
 * every repeat is a defect. Under Telnyx's page numbers, an item repeats when others enter the list
 * before it between two pages; total_results grows by as many, so each repeat spends one unit of the
 * growth seen between its two pages, and a repeat with no growth left to spend is a defect.
 */
export function repeatedItems(walk: Walk, listKey: string): { explained: RepeatedItem[]; unexplained: RepeatedItem[] } {
  const out = { explained: [] as RepeatedItem[], unexplained: [] as RepeatedItem[] };
  const changing = churnSeen(walk, listKey);
  const totals = totalsOf(walk);
  const growth = totals.map((t, i) => {
    const before = totals[i - 1];
    return i > 0 && t !== undefined && before !== undefined ? Math.max(0, t - before) : 0;
  });
  const change = referenceChange(walk, listKey);
  let enteredLeft = change ? change.entered.size : 0;
  const seen = new Map<string, WalkedItem>();
  for (const item of walkedItems(walk.api, walk.pages, listKey)) {
    if (item.id === undefined) continue;
    const first = seen.get(item.id);
    if (!first) {
      seen.set(item.id, item);
      continue;
    }
    let explained = false;
    if (changing && !isTwilio(walk.api)) {
      for (let b = item.pageIndex; b > first.pageIndex && !explained; b--) {
        if ((growth[b] ?? 0) > 0) {
          growth[b] = (growth[b] ?? 0) - 1;
          explained = true;
        }
      }
      // A second reading of a one-page reference that saw items enter explains as many repeats.
      if (!explained && enteredLeft > 0) {
        enteredLeft -= 1;
        explained = true;
      }
    }
    (explained ? out.explained : out.unexplained).push({ item, first });
  }
  return out;
}
