import { fieldName, share, type DriftRule } from './rule.js';

export const requiredMissing: DriftRule = {
  id: 'drift.required-missing',
  severity: 'error',
  description: 'A required field was absent from some of the objects that should hold it.',
  run({ path, documented, observed }) {
    if (!documented?.required || observed.parentCount === 0 || observed.count >= observed.parentCount) return [];
    const missing = observed.parentCount - observed.count;
    return [{
      path,
      expected: 'present (required)',
      actual: `missing in ${share(missing, observed.parentCount)}`,
      message: `${fieldName(path)} was missing from ${share(missing, observed.parentCount)} objects, though required.`,
      hint: 'Return every required field (null where the document allows it); if the API dropped it, the document is out of date.',
    }];
  },
};
