import type { WalkCheck, WalkFinding } from './types.js';
import { isTwilio, itemsOf, listsResources, metaOf } from './support.js';
import { pastShrunkEnd } from './churn-meta.js';

/**
 * Twilio: next_page_url is null exactly at the end: on a page that is not full (it cannot be followed
 * by more), and on the last page a complete walk followed. Telnyx: the page that is not full, and the
 * last page of a complete walk, is page total_pages; unless items left after the page before it was
 * read, and it is an empty page past a total_pages that shrank (churn-meta.ts: pastShrunkEnd, with the
 * fall of total_results as evidence, recorded by pagination.churn-observed).
 */
export const nextNullAtEnd: WalkCheck = {
  id: 'pagination.next-null-at-end',
  severity: 'error',
  description: 'The end of a list is marked where it is: Twilio next_page_url is null on a short page and on the last page; Telnyx page_number equals total_pages there.',
  appliesTo: listsResources,
  run(walk, context) {
    const out: WalkFinding[] = [];
    const last = walk.pages.length - 1;
    const shrunk = pastShrunkEnd(walk, context.listKey) !== undefined;
    walk.pages.forEach((page, pageIndex) => {
      const meta = metaOf(page);
      if (!meta) return;
      const short = itemsOf(page, context.listKey).length < walk.pageSize;
      const isEnd = pageIndex === last && walk.stop.reason === 'end';
      if (!short && !isEnd) return;
      if (isTwilio(walk.api)) {
        if (typeof meta.next_page_url !== 'string') return;
        out.push({
          pageIndex,
          path: '/meta/next_page_url',
          expected: null,
          actual: meta.next_page_url,
          message: `Page ${pageIndex} ${short ? 'holds fewer items than the page size asked' : 'is the last page'} yet links to a next page.`,
          hint: 'Return next_page_url null on the last page; clients follow it until null.',
        });
        return;
      }
      const { page_number: number, total_pages: total } = meta;
      // An empty list has total_pages 0 and is still served as page 1.
      if (typeof number !== 'number' || typeof total !== 'number' || total === 0 || number === total) return;
      if (pageIndex === last && shrunk) return;
      out.push({
        pageIndex,
        path: '/meta/page_number',
        expected: total,
        actual: number,
        message: `Page ${pageIndex} ${short ? 'is not full' : 'is the last page'} but its page_number is not total_pages.`,
        hint: 'total_pages must count the pages that hold items; clients loop from 1 to total_pages.',
      });
    });
    return out;
  },
};
