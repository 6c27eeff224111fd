import type { WalkCheck } from './types.js';
import { isTwilio, listsResources, parseUrl } from './support.js';

export const nextPageOffOrigin: WalkCheck = {
  id: 'pagination.next-page-off-origin',
  severity: 'error',
  description: 'next_page_url stays on the origin of the first request (the walk never follows it elsewhere, so credentials stay put).',
  appliesTo: (op) => listsResources(op) && isTwilio(op.api),
  run(walk) {
    const { stop } = walk;
    if (stop.reason !== 'off-origin') return [];
    const pageIndex = stop.pageIndex ?? walk.pages.length - 1;
    return [{
      pageIndex,
      path: '/meta/next_page_url',
      expected: `a URL on ${parseUrl(walk.firstUrl)?.origin ?? walk.firstUrl}`,
      actual: stop.url ?? null,
      message: `Page ${pageIndex}'s next_page_url points at another origin, so the walk did not follow it.`,
      hint: 'Return page URLs on the origin the client called; a client that follows this link sends its credentials elsewhere.',
    }];
  },
};
