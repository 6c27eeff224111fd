import type { WalkCheck, WalkFinding } from './walk.js';
import { intQuery, isTwilio, listsResources, metaOf, PAGE_INDEX_PARAM, parseUrl, walkedItems } from './support.js';
import { churnSeen, totalsDrift, totalsOf } from './churn.js';
import type { Walk } from './walk.js';

/**
 * Telnyx's totals, read on the first page (where a client reads them to plan its loop), against a
 * complete walk: total_results is the number of distinct items seen; total_pages the number of pages
 * that held items (an empty list has total_pages 0; a trailing empty page is one page too many).
 */
export const totalsMatchWalk: WalkCheck = {
  id: 'telnyx.totals-match-walk',
  severity: 'error',
  description: 'Telnyx meta.total_results is the number of distinct items a complete walk saw, and meta.total_pages the number of pages holding them.',
  appliesTo: (op) => listsResources(op) && !isTwilio(op.api),
  run(walk, context) {
    if (walk.stop.reason !== 'end' || walk.pages.length === 0) return [];
    const meta = metaOf(walk.pages[0]);
    if (!meta) return [];
    const items = walkedItems(walk.api, walk.pages, context.listKey);
    const distinct = new Set(items.map((i) => i.id ?? `${i.pageIndex}${i.pointer}`)).size;
    const out: WalkFinding[] = [];
    // total_results moved between pages: the list changed while it was walked (churn). Each move of
    // one item can make the walk see one item more or fewer; beyond that the totals are wrong.
    const drift = totalsDrift(walk);
    if (drift > 0 && churnSeen(walk, context.listKey)) return changingTotals(walk, distinct, drift);
    if (typeof meta.total_results === 'number' && meta.total_results !== distinct) {
      out.push({
        pageIndex: 0,
        path: '/meta/total_results',
        expected: distinct,
        actual: meta.total_results,
        message: `total_results is ${meta.total_results} but a walk over every page saw ${distinct} distinct items.`,
        hint: 'Count total_results over the same filtered collection the pages are cut from.',
      });
    }
    const param = PAGE_INDEX_PARAM[walk.api];
    const firstNumber = context.parameterSchema(param)?.default;
    const startsAtFirst = typeof firstNumber === 'number' && (intQuery(parseUrl(walk.firstUrl), param) ?? firstNumber) === firstNumber;
    const pagesWithItems = items.reduce((n, item) => Math.max(n, item.pageIndex + 1), 0);
    if (startsAtFirst && typeof meta.total_pages === 'number' && meta.total_pages !== pagesWithItems) {
      out.push({
        pageIndex: 0,
        path: '/meta/total_pages',
        expected: pagesWithItems,
        actual: meta.total_pages,
        message: `total_pages is ${meta.total_pages} but a walk over every page found ${pagesWithItems} pages holding items.`,
        hint: 'Derive total_pages from the items actually served; clients loop from 1 to total_pages.',
      });
    }
    return out;
  },
};

/** While the totals move, the distinct items a walk sees lie between the smallest and largest total, give or take the moves. */
function changingTotals(walk: Walk, distinct: number, drift: number): WalkFinding[] {
  const totals = totalsOf(walk).filter((t): t is number => t !== undefined);
  const low = Math.min(...totals) - drift;
  const high = Math.max(...totals) + drift;
  if (distinct >= low && distinct <= high) return [];
  return [{
    pageIndex: 0,
    path: '/meta/total_results',
    expected: `between ${low} and ${high} distinct items (total_results went from ${totals[0]} to ${totals[totals.length - 1]}, moving by ${drift} in all)`,
    actual: distinct,
    message: `A walk over every page saw ${distinct} distinct items, which the changes of total_results during the walk cannot explain.`,
    hint: 'Count total_results over the same filtered collection the pages are cut from.',
  }];
}
