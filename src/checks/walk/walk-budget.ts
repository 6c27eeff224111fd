import type { WalkCheck } from './types.js';
import { listsResources } from './support.js';

export const walkBudget: WalkCheck = {
  id: 'pagination.walk-budget',
  severity: 'warning',
  description: 'A walk reaches the last page within its page budget (otherwise the checks that need the end are skipped).',
  appliesTo: listsResources,
  run(walk) {
    const { stop } = walk;
    if (stop.reason !== 'budget') return [];
    return [{
      pageIndex: -1,
      path: '',
      expected: `the last page within ${walk.maxPages ?? walk.pages.length} pages`,
      actual: stop.url ?? `${walk.pages.length} pages and more`,
      message: `The walk stopped after ${walk.pages.length} pages before reaching the last page.`,
      hint: 'Raise the page budget or the page size, or probe a smaller collection, so that the end-of-walk checks run.',
    }];
  },
};
