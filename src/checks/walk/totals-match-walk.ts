import type { Walk, WalkCheck, WalkFinding } from './types.js';
import { intQuery, isTwilio, listsResources, metaOf, PAGE_INDEX_PARAM, parseUrl } from './support.js';
import { totalsDrift, totalsOf } from './churn.js';
import { countVerdict, walkCounts, type CountVerdict } from './churn-meta.js';

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
    const { distinct, pagesWithItems } = walkCounts(walk, context.listKey);
    const out: WalkFinding[] = [];
    // total_results moved between pages: the list changed while it was walked (churn). The count is
    // held to what the observed changes allow (churn-meta.ts: countVerdict); an excuse goes on record.
    const verdict = countVerdict(walk, context.listKey, distinct, pagesWithItems);
    if (verdict.changing) return changingTotals(walk, distinct, verdict);
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

/** While the totals move, the distinct items a walk sees lie in the range the observed changes allow. */
function changingTotals(walk: Walk, distinct: number, verdict: CountVerdict): WalkFinding[] {
  const { low, high } = verdict;
  if (low === undefined || high === undefined || (distinct >= low && distinct <= high)) return [];
  const totals = totalsOf(walk).filter((t): t is number => t !== undefined);
  return [{
    pageIndex: 0,
    path: '/meta/total_results',
    expected: `between ${low} and ${high} distinct items (total_results went from ${totals[0]} to ${totals[totals.length - 1]}, moving by ${totalsDrift(walk)} in all)`,
    actual: distinct,
    message: `A walk over every page saw ${distinct} distinct items, which the changes of total_results during the walk cannot explain.`,
    hint: 'Count total_results over the same filtered collection the pages are cut from.',
  }];
}
