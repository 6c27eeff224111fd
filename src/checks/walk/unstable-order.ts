import type { WalkCheck } from './types.js';
import { ID_FIELD, listsResources, referenceItems, walkedItems } from './support.js';

/**
 * Compares the order of the items both lists hold, each at its first appearance, so that a duplicate
 * or a missing item (their own rules) does not also count as a change of order.
 */
export const unstableOrder: WalkCheck = {
  id: 'pagination.unstable-order',
  severity: 'error',
  description: 'A walk returns the items in the same order as one maximum-size page with the same filters.',
  appliesTo: listsResources,
  run(walk, context) {
    if (walk.stop.reason !== 'end') return [];
    const reference = referenceItems(walk.api, walk.reference, context.listKey);
    if (!reference) return [];
    const referenceIds = new Set(reference.map((i) => i.id));
    const seen = new Set<string>();
    const walked = walkedItems(walk.api, walk.pages, context.listKey).filter((i) => {
      if (i.id === undefined || !referenceIds.has(i.id) || seen.has(i.id)) return false;
      seen.add(i.id);
      return true;
    });
    const expected = reference.filter((i) => i.id !== undefined && seen.has(i.id));
    const at = walked.findIndex((item, position) => item.id !== expected[position]?.id);
    const item = walked[at];
    if (at < 0 || !item) return [];
    const field = ID_FIELD[walk.api];
    return [{
      pageIndex: item.pageIndex,
      path: item.pointer,
      expected: { position: at, [field]: expected[at]?.id ?? null },
      actual: { position: at, [field]: item.id ?? null },
      message: `The walk's order departs from the reference page's at position ${at}.`,
      hint: 'Sort lists by a stable key (creation time, then SID); clients that page through an unstable order skip and repeat items.',
    }];
  },
};
