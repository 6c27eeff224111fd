import type { WalkCheck, WalkFinding } from './walk.js';
import { ID_FIELD, listsResources, walkedItems } from './support.js';

export const duplicateItem: WalkCheck = {
  id: 'pagination.duplicate-item',
  severity: 'error',
  description: 'A walk over every page returns each item (by SID or id) once.',
  appliesTo: listsResources,
  run(walk, context) {
    const seen = new Map<string, { pageIndex: number; pointer: string }>();
    const out: WalkFinding[] = [];
    for (const item of walkedItems(walk.api, walk.pages, context.listKey)) {
      if (item.id === undefined) continue;
      const earlier = seen.get(item.id);
      if (!earlier) {
        seen.set(item.id, { pageIndex: item.pageIndex, pointer: item.pointer });
        continue;
      }
      out.push({
        pageIndex: item.pageIndex,
        path: item.pointer,
        expected: `${ID_FIELD[walk.api]} ${item.id} once in the walk`,
        actual: { [ID_FIELD[walk.api]]: item.id, first: { pageIndex: earlier.pageIndex, path: earlier.pointer } },
        message: `Item ${item.id} appears again on page ${item.pageIndex} after page ${earlier.pageIndex}.`,
        hint: 'Page with a stable cursor (or order) so that pages do not overlap; clients count this item twice.',
      });
    }
    return out;
  },
};
