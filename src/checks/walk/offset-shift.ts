import type { WalkCheck } from './types.js';
import { isTwilio, listsResources } from './support.js';
import { missingItems, repeatedItems } from './churn.js';

/**
 * What a client paging by page number saw on a list that changed under it: items repeated (others
 * entered before them) and items skipped (others left before them). Not a contract violation: Telnyx
 * pages by offset, and an offset shifts on a changing list for every client. Separate from
 * pagination.churn-observed, because this is what client code must cope with (deduplicate by id,
 * or re-read), not only what the check could not conclude.
 */
export const offsetShift: WalkCheck = {
  id: 'pagination.offset-shift',
  severity: 'warning',
  description: 'Information: paging by page number over a list that changed, a client saw some items twice and missed others (counts); every client of offset paging does on a busy list.',
  appliesTo: (op) => listsResources(op) && !isTwilio(op.api),
  run(walk, context) {
    const repeated = repeatedItems(walk, context.listKey).explained;
    const missed = missingItems(walk, context).explained;
    if (repeated.length === 0 && missed.length === 0) return [];
    const first = repeated[0]?.item;
    return [{
      pageIndex: first?.pageIndex ?? -1,
      path: first?.pointer ?? '',
      expected: 'each item once',
      actual: { repeated: repeated.length, missed: missed.length, pages: walk.pages.length },
      message: `Paging by page number while the list changed, this walk saw ${repeated.length} items twice and missed ${missed.length}.`,
      hint: 'Client code paging a live session by page number must deduplicate by id and re-read to catch items that shifted past a page boundary.',
    }];
  },
};
