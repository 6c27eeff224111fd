import type { WalkCheck, WalkFinding } from './types.js';
import { ID_FIELD, listsResources } from './support.js';
import { missingItems } from './churn.js';

/**
 * path is the item's pointer in the reference page (pageIndex -1: no page of the walk holds it).
 * Only a walk that reached the end can miss an item; an unusable reference (a second page) says nothing.
 * An absence that a change observed for that item and that position explains (churn.ts: missingItems)
 * is churn: pagination.churn-observed records it with its evidence instead. Another item's changed
 * date_updated explains nothing.
 */
export const missingItem: WalkCheck = {
  id: 'pagination.missing-item',
  severity: 'error',
  description: 'A walk over every page returns every item of one maximum-size page with the same filters, unless a change seen between the reference and a second reading after the walk explains it: the item left (or, in a list cut by status, changed state), or under page numbers one item before it left (one absence per leave).',
  appliesTo: listsResources,
  run(walk, context) {
    const out: WalkFinding[] = [];
    for (const item of missingItems(walk, context).unexplained) {
      out.push({
        pageIndex: -1,
        path: item.pointer,
        expected: `${ID_FIELD[walk.api]} ${item.id} on some page of the walk`,
        actual: `absent from all ${walk.pages.length} pages${walk.referenceAfter ? ', and unchanged in the reference read again after the walk' : ''}`,
        message: `Item ${item.id} of the reference page never appears in the walk.`,
        hint: 'Start each page right after the last item of the previous one; clients paging through miss this item.',
      });
    }
    return out;
  },
};
