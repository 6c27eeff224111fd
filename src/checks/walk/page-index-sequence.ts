import type { WalkCheck, WalkFinding } from './types.js';
import { intQuery, listsResources, metaOf, PAGE_INDEX_FIELD, PAGE_INDEX_PARAM, PAGE_TOKEN, parseUrl } from './support.js';

export const pageIndexSequence: WalkCheck = {
  id: 'pagination.page-index-sequence',
  severity: 'error',
  description: 'meta.page (Twilio, from 0) or meta.page_number (Telnyx, from 1) goes up by one from page to page of a walk.',
  appliesTo: listsResources,
  run(walk, context) {
    const field = PAGE_INDEX_FIELD[walk.api];
    const param = PAGE_INDEX_PARAM[walk.api];
    const first = parseUrl(walk.firstUrl);
    const fallback = context.parameterSchema(param)?.default;
    // A Twilio PageToken addresses a page by itself: the index of the first page is then unknown.
    const start = intQuery(first, param) ?? (first?.searchParams.has(PAGE_TOKEN) || typeof fallback !== 'number' ? undefined : fallback);
    const out: WalkFinding[] = [];
    let previous: number | undefined;
    walk.pages.forEach((page, pageIndex) => {
      const value = metaOf(page)?.[field];
      const expected = pageIndex === 0 ? start : previous === undefined ? undefined : previous + 1;
      previous = typeof value === 'number' ? value : undefined;
      if (typeof value !== 'number' || expected === undefined || value === expected) return;
      out.push({
        pageIndex,
        path: `/meta/${field}`,
        expected,
        actual: value,
        message: pageIndex === 0 ? `The first page's meta.${field} is ${value}, not ${expected}.` : `Page ${pageIndex}'s meta.${field} is ${value} but the page before was ${expected - 1}.`,
        hint: `meta.${field} must count pages one by one; clients use it to resume a walk.`,
      });
    });
    return out;
  },
};
