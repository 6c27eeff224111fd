import { examples, fieldName, share, type DriftRule } from './rule.js';

export const undocumentedField: DriftRule = {
  id: 'drift.undocumented-field',
  severity: 'warning',
  description: 'A field the document does not describe was observed.',
  run({ path, documented, observed }) {
    if (documented || observed.count === 0) return [];
    return [{
      path,
      expected: 'absent (not documented)',
      actual: observed.types,
      message: `${fieldName(path)} is not documented, and was present in ${share(observed.count, observed.parentCount)} objects${examples(observed.samples)}.`,
      hint: 'Document the field in schemas/ if the API really returns it, or keep client code from relying on it.',
    }];
  },
};
