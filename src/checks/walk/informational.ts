import { churnObserved } from './churn-observed.js';
import { offsetShift } from './offset-shift.js';

/**
 * Rules that report what the data did, not what the API did (the list changed while it was read):
 * warnings in every report, but never failing a case, not even under --strict. A gate on a busy
 * sandbox must not turn red because people joined and left.
 */
export const INFORMATIONAL_RULES: ReadonlySet<string> = new Set([churnObserved.id, offsetShift.id]);
