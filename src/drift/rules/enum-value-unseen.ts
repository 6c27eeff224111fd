import { fieldName, type DriftRule } from './rule.js';

export const enumValueUnseen: DriftRule = {
  id: 'drift.enum-value-unseen',
  severity: 'info',
  description: 'A documented enum value was never observed although the field was (coverage, not a defect).',
  run({ path, documented, observed }) {
    if (!documented?.enum || !observed.values || observed.count - observed.nullCount === 0) return [];
    return Object.entries(observed.values)
      .filter(([, n]) => n === 0)
      .map(([value]) => ({
        path,
        expected: value,
        actual: '(never observed)',
        message: `${fieldName(path)} was never ${JSON.stringify(value)} in ${observed.count - observed.nullCount} non-null observations.`,
        hint: 'Record a run that reaches this state (a live sandbox or another fixture) before trusting client code paths that handle it.',
      }));
  },
};
