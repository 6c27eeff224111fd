import type { WalkCheck } from './types.js';
import { isTwilio, listsResources } from './support.js';
import { fullPageBeforeLast } from '../pagination/full-page-before-last.js';
import { nextNullAtEnd } from './next-null-at-end.js';

export const nextPageCycle: WalkCheck = {
  id: 'pagination.next-page-cycle',
  severity: 'error',
  description: 'Following next_page_url never leads back to a page already followed (the walk detects the cycle and stops).',
  appliesTo: (op) => listsResources(op) && isTwilio(op.api),
  // The page that links back is a last page whose next_page_url is not null: read alone, it is a
  // short page that says another follows, and a walk that does not notice the loop never sees null.
  explains: [fullPageBeforeLast.id, nextNullAtEnd.id],
  run(walk) {
    const { stop } = walk;
    if (stop.reason !== 'cycle') return [];
    const pageIndex = stop.pageIndex ?? walk.pages.length - 1;
    return [{
      pageIndex,
      path: '/meta/next_page_url',
      expected: 'null or a page not followed yet',
      actual: stop.url ?? null,
      message: `Page ${pageIndex}'s next_page_url leads back to page ${stop.repeats ?? '?'}, which the walk already followed.`,
      hint: 'Return next_page_url null on the last page; a client that follows it loops forever.',
    }];
  },
};
