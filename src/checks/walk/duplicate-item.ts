import type { WalkCheck, WalkFinding } from './types.js';
import { ID_FIELD, listsResources } from './support.js';
import { repeatedItems } from './churn.js';

/**
 * An item twice in one walk. Under Telnyx's page numbers a repeat that items entering the list
 * between the two pages explain (churn.ts: repeatedItems) is what a page-number client sees on a
 * busy session: pagination.offset-shift reports those; every other repeat is a defect.
 */
export const duplicateItem: WalkCheck = {
  id: 'pagination.duplicate-item',
  severity: 'error',
  description: 'A walk over every page returns each item (by SID or id) once; under page numbers, a repeat is allowed only as far as items entered before it (one repeat per item that entered, seen in a second reading of the reference, or else per unit of growth of total_results between the two pages).',
  appliesTo: listsResources,
  run(walk, context) {
    const out: WalkFinding[] = [];
    for (const { item, first } of repeatedItems(walk, context.listKey).unexplained) {
      out.push({
        pageIndex: item.pageIndex,
        path: item.pointer,
        expected: `${ID_FIELD[walk.api]} ${item.id} once in the walk`,
        actual: { [ID_FIELD[walk.api]]: item.id, first: { pageIndex: first.pageIndex, path: first.pointer } },
        message: `Item ${item.id} appears again on page ${item.pageIndex} after page ${first.pageIndex}.`,
        hint: 'Page with a stable cursor (or order) so that pages do not overlap; clients count this item twice.',
      });
    }
    return out;
  },
};
