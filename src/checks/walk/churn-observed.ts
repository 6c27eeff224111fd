import type { WalkCheck } from './types.js';
import { ID_FIELD, listsResources } from './support.js';
import { churnSeen, missingItems, referenceChange, repeatedItems, totalsDrift, totalsOf } from './churn.js';
import { metaExcuses } from './churn-meta.js';

/**
 * Information, not a defect: the list changed while a walk read it (participants joined, left or
 * changed status), so some differences between the readings are the data's, not the API's. Reported
 * once per walk with the counts, so that a run on a busy sandbox says how busy it was and what it
 * could therefore not conclude. Churn never turns a defect into information: only what an observed
 * change explains for that item and that position is counted here, each excuse with its evidence
 * (churn.ts: missingItems, repeatedItems); missing-item and duplicate-item keep the rest.
 */
export const churnObserved: WalkCheck = {
  id: 'pagination.churn-observed',
  severity: 'warning',
  description: 'Information: the list changed while it was walked (items joined, left or changed state); differences the change explains are counted here, not reported as defects.',
  appliesTo: listsResources,
  run(walk, context) {
    const change = referenceChange(walk, context.listKey);
    const drift = totalsDrift(walk);
    const excuses = [
      ...missingItems(walk, context).explained.map((i) => i.excuse),
      ...repeatedItems(walk, context.listKey).explained.flatMap((r) => (r.excuse ? [r.excuse] : [])),
      // The end page past a total_pages that shrank, a count that differs from total_results (churn-meta.ts).
      ...metaExcuses(walk, context.listKey),
    ];
    const missing = excuses.filter((e) => e.difference === 'missing').length;
    const repeated = excuses.filter((e) => e.difference === 'repeated').length;
    const meta = excuses.length - missing - repeated;
    if (!churnSeen(walk, context.listKey) && excuses.length === 0) return [];
    const totals = totalsOf(walk).filter((t): t is number => t !== undefined);
    const counts = {
      ...(change ? { left: change.left.size, entered: change.entered.size, changedState: change.changed.size } : {}),
      ...(totals.length > 1 ? { totalResults: { first: totals[0], last: totals[totals.length - 1], moves: drift } } : {}),
      explainedMissing: missing,
      explainedRepeats: repeated,
      // Every excuse with its evidence (the item before and after), so that the report shows what was forgiven and why.
      excuses,
    };
    const what = change
      ? `${change.left.size} left, ${change.entered.size} entered and ${change.changed.size} changed state between the reference page and its second reading`
      : `total_results moved by ${drift} between pages`;
    return [{
      pageIndex: -1,
      path: '',
      expected: 'the same list on every request',
      actual: counts,
      message: `The list changed while it was walked: ${what}; ${missing} missing and ${repeated} repeated ${ID_FIELD[walk.api]}s${meta ? ` (and ${meta} page meta ${meta === 1 ? 'difference' : 'differences'})` : ''} are put down to that change, not to the API.`,
      hint: 'Nothing to fix in the API: a busy room or session changes between requests. Probe a quiet one to test paging strictly.',
    }];
  },
};
