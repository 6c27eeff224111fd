import type { WalkCheck, WalkFinding } from './types.js';
import { itemsOf, listsResources } from './support.js';

export const pageNotFull: WalkCheck = {
  id: 'pagination.page-not-full',
  severity: 'error',
  description: 'Every page of a walk but the last holds exactly the page size asked.',
  appliesTo: listsResources,
  run(walk, context) {
    const out: WalkFinding[] = [];
    walk.pages.slice(0, -1).forEach((page, pageIndex) => {
      const count = itemsOf(page, context.listKey).length;
      if (count === walk.pageSize) return;
      out.push({
        pageIndex,
        path: `/${context.listKey}`,
        expected: walk.pageSize,
        actual: count,
        message: `Page ${pageIndex} holds ${count} items but is not the last page and the page size asked was ${walk.pageSize}.`,
        hint: 'Fill every page but the last with exactly the page size asked; clients that stop on a short page lose the rest.',
      });
    });
    return out;
  },
};
