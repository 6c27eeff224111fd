import type { WalkCheck, WalkFinding } from './walk.js';
import { intQuery, isTwilio, listsResources, metaOf, PAGE_INDEX_PARAM, parseUrl, walkedItems } from './support.js';

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
