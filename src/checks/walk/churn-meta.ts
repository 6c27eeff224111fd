/**
 * Churn excuses about a list's meta rather than one of its items (Telnyx's page numbers): the end
 * page of a walk past a total_pages that shrank, and a count of distinct items that differs from
 * total_results because an item joined and left again unseen. Each excuse needs the evidence that
 * total_results gives on the readings, and carries it (churn.ts: ChurnExcuse). No rule lives here.
 */
import type { Walk } from './types.js';
import { isObj, isTwilio, itemsOf, metaOf, walkedItems } from './support.js';
import { churnSeen, readingTotals, referenceChange, totalMoves, totalsDrift, type ChurnExcuse } from './churn.js';

/** The paging numbers of a Telnyx page, when its meta gives all four. */
function pagingOf(meta: Record<string, unknown> | undefined): { page_number: number; page_size: number; total_pages: number; total_results: number } | undefined {
  if (!meta) return undefined;
  const { page_number, page_size, total_pages, total_results } = meta;
  if (typeof page_number !== 'number' || typeof page_size !== 'number' || typeof total_pages !== 'number' || typeof total_results !== 'number') return undefined;
  return { page_number, page_size, total_pages, total_results };
}

/**
 * Page numbers: the last page of a complete walk is empty and numbered past its total_pages because
 * items left after the page before it was read. The evidence, all of it from the two pages: the page
 * before counted this page among its total_pages (so the walk had to ask it), total_results fell
 * between the two, and this page's total_pages is what its own total_results makes at its page size
 * (the page is consistent with a shorter list). Anything else (a page with items, a total_pages
 * that shrank while total_results held) is not excused.
 */
export function pastShrunkEnd(walk: Walk, listKey: string): ChurnExcuse | undefined {
  if (isTwilio(walk.api) || walk.stop.reason !== 'end' || walk.pages.length < 2) return undefined;
  const index = walk.pages.length - 1;
  const page = walk.pages[index]!;
  const now = pagingOf(metaOf(page));
  const before = pagingOf(metaOf(walk.pages[index - 1]));
  if (!now || !before || itemsOf(page, listKey).length > 0 || now.page_size < 1) return undefined;
  const announced = now.page_number <= before.total_pages;
  const fell = now.total_results < before.total_results;
  const consistent = now.total_pages === Math.ceil(now.total_results / now.page_size);
  if (!(now.page_number > now.total_pages && announced && fell && consistent)) return undefined;
  return {
    difference: 'past-end',
    change: `total_results fell from ${before.total_results} to ${now.total_results} between pages ${index - 1} and ${index}: page ${now.page_number}, which the page before counted among its ${before.total_pages}, is past the ${now.total_pages} left, and empty`,
    before: { page_number: before.page_number, total_pages: before.total_pages, total_results: before.total_results },
    after: { page_number: now.page_number, total_pages: now.total_pages, total_results: now.total_results },
    totalResults: [
      { pageIndex: index - 1, total: before.total_results },
      { pageIndex: index, total: now.total_results },
    ],
  };
}

/**
 * Items that joined and left again between the two readings of the reference, unseen by the walk:
 * total_results rose and fell across the readings more often than the joins and leaves the readings
 * hold. Each needs both a rise and a fall. 0 without a usable second reading (no evidence).
 */
export function unseenTransients(walk: Walk, listKey: string): number {
  const change = referenceChange(walk, listKey);
  if (!change) return 0;
  const { rises, falls } = totalMoves(walk);
  return Math.max(0, Math.min(rises - change.entered.size, falls - change.left.size));
}

/** What telnyx.totals-match-walk holds a complete walk to, and the excuse that lets it differ. */
export interface CountVerdict {
  /** The totals moved while the walk read them: the strict comparison does not apply. */
  changing: boolean;
  /** The range of distinct items the observed changes allow (changing only). */
  low?: number;
  high?: number;
  /** Set when the walk's count differs from the first page's totals and the changes explain it. */
  excuse?: ChurnExcuse;
}

/**
 * Whether churn explains that a complete walk's distinct items (and pages holding items) differ from
 * the totals on its first page:
 * - the readings show the list changed (churn.ts: churnSeen) and total_results moved between pages:
 *   the count lies between the smallest and largest total, give or take the moves;
 * - the readings show no change, but total_results rose and fell (items joined and left again,
 *   unseen): each such item can move later items back past one page boundary, so the walk may see
 *   up to one item fewer per item, and as many pages more or fewer; never more items.
 * Without a move of total_results between pages nothing is excused.
 */
export function countVerdict(walk: Walk, listKey: string, distinct: number, pagesWithItems: number): CountVerdict {
  const drift = totalsDrift(walk);
  const first = pagingOf(metaOf(walk.pages[0]));
  const total = metaOf(walk.pages[0])?.total_results;
  if (drift === 0) return { changing: false };
  const evidence = readingTotals(walk);
  if (churnSeen(walk, listKey)) {
    const totals = walk.pages.map((p) => metaOf(p)?.total_results).filter((t): t is number => typeof t === 'number');
    const low = Math.min(...totals) - drift;
    const high = Math.max(...totals) + drift;
    const within = distinct >= low && distinct <= high;
    return {
      changing: true,
      low,
      high,
      ...(within && typeof total === 'number' && distinct !== total ? {
        excuse: {
          difference: 'count',
          change: `the list changed between the readings of the reference and total_results moved by ${drift} between pages: ${distinct} distinct items lie within ${low}..${high}`,
          before: { total_results: total },
          after: { distinctItems: distinct },
          totalResults: evidence,
        } satisfies ChurnExcuse,
      } : {}),
    };
  }
  const transients = unseenTransients(walk, listKey);
  if (transients === 0 || typeof total !== 'number') return { changing: false };
  const low = total - transients;
  const pagesOk = !first || (pagesWithItems >= first.total_pages - transients && pagesWithItems <= first.total_pages + transients);
  if (distinct < low || distinct > total || !pagesOk) return { changing: false };
  if (distinct === total && (!first || pagesWithItems === first.total_pages)) return { changing: true, low, high: total };
  return {
    changing: true,
    low,
    high: total,
    excuse: {
      difference: 'count',
      change: `total_results rose and fell across the readings (${evidence.map((e) => e.total).join(', ')}) while neither reading of the reference shows an item join or leave: ${transients} item${transients === 1 ? '' : 's'} joined and left again unseen, and under page numbers each moved later items back past one page boundary`,
      before: { total_results: total, ...(first ? { total_pages: first.total_pages } : {}) },
      after: { distinctItems: distinct, pagesWithItems },
      totalResults: evidence,
    },
  };
}

/** What a walk counted: its distinct items (an item without an id counts once where it stands) and the pages holding items. */
export function walkCounts(walk: Walk, listKey: string): { distinct: number; pagesWithItems: number } {
  const items = walkedItems(walk.api, walk.pages, listKey);
  return {
    distinct: new Set(items.map((i) => i.id ?? `${i.pageIndex}${i.pointer}`)).size,
    pagesWithItems: items.reduce((n, item) => Math.max(n, item.pageIndex + 1), 0),
  };
}

/** Every excuse about the list's meta for a walk, for pagination.churn-observed's record. */
export function metaExcuses(walk: Walk, listKey: string): ChurnExcuse[] {
  if (isTwilio(walk.api) || walk.stop.reason !== 'end' || walk.pages.length === 0) return [];
  const { distinct, pagesWithItems } = walkCounts(walk, listKey);
  return [pastShrunkEnd(walk, listKey), countVerdict(walk, listKey, distinct, pagesWithItems).excuse].filter((e): e is ChurnExcuse => isObj(e));
}
