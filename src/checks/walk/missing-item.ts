import type { WalkCheck, WalkFinding } from './walk.js';
import { ID_FIELD, listsResources, referenceItems, walkedItems } from './support.js';

/**
 * path is the item's pointer in the reference page (pageIndex -1: no page of the walk holds it).
 * Only a walk that reached the end can miss an item; an unusable reference (a second page) says nothing.
 */
export const missingItem: WalkCheck = {
  id: 'pagination.missing-item',
  severity: 'error',
  description: 'A walk over every page returns every item of one maximum-size page with the same filters.',
  appliesTo: listsResources,
  run(walk, context) {
    if (walk.stop.reason !== 'end') return [];
    const reference = referenceItems(walk.api, walk.reference, context.listKey);
    if (!reference) return [];
    const walked = new Set(walkedItems(walk.api, walk.pages, context.listKey).map((i) => i.id));
    const out: WalkFinding[] = [];
    for (const item of reference) {
      if (item.id === undefined || walked.has(item.id)) continue;
      out.push({
        pageIndex: -1,
        path: item.pointer,
        expected: `${ID_FIELD[walk.api]} ${item.id} on some page of the walk`,
        actual: `absent from all ${walk.pages.length} pages`,
        message: `Item ${item.id} of the reference page never appears in the walk.`,
        hint: 'Start each page right after the last item of the previous one; clients paging through miss this item.',
      });
    }
    return out;
  },
};
