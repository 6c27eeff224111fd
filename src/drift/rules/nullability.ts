import { fieldName, share, type DriftRule } from './rule.js';

export const nullability: DriftRule = {
  id: 'drift.nullability',
  severity: 'error',
  description: 'A field documented as never null was observed null.',
  run({ path, documented, observed }) {
    if (!documented || documented.nullable || observed.nullCount === 0) return [];
    return [{
      path,
      expected: `${documented.types.join(' | ') || 'a value'}, never null`,
      actual: `null in ${share(observed.nullCount, observed.count)}`,
      message: `${fieldName(path)} was null in ${share(observed.nullCount, observed.count)} observations, though documented as never null.`,
      hint: 'Clients dereference non-nullable fields without a check: either the API must stop returning null or schemas/ must say it may.',
    }];
  },
};
