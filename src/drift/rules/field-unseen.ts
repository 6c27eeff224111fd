import { fieldName, type DriftRule } from './rule.js';

export const fieldUnseen: DriftRule = {
  id: 'drift.field-unseen',
  severity: 'info',
  description: 'An optional documented field never appeared, though its parent object did (coverage, not a defect).',
  run({ path, documented, observed }) {
    if (!documented || documented.required || observed.parentCount === 0 || observed.count > 0) return [];
    return [{
      path,
      expected: 'present at least once',
      actual: '(never observed)',
      message: `${fieldName(path)} never appeared in ${observed.parentCount} objects that could hold it.`,
      hint: 'Record a run that returns it before trusting client code that reads it.',
    }];
  },
};
