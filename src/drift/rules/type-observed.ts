import { typeAllowed } from '../field-stats.js';
import type { JsonType } from '../types.js';
import { examples, fieldName, share, type DriftRule } from './rule.js';

export const typeObserved: DriftRule = {
  id: 'drift.type-observed',
  severity: 'error',
  description: 'A field was observed with a JSON type its documentation does not allow (null is drift.nullability).',
  run({ path, documented, observed }) {
    if (!documented || documented.types.length === 0) return [];
    const off = Object.entries(observed.types).filter(([type, n]) => type !== 'null' && (n ?? 0) > 0 && !typeAllowed(documented.types, type as JsonType));
    if (off.length === 0) return [];
    const n = off.reduce((sum, [, c]) => sum + (c ?? 0), 0);
    const expected = [...documented.types, ...(documented.nullable ? ['null'] : [])].join(' | ');
    return [{
      path,
      expected,
      actual: Object.fromEntries(off),
      message: `${fieldName(path)} was ${off.map(([t]) => t).join(' or ')} in ${share(n, observed.count)} observations, not ${expected}${examples(observed.samples)}.`,
      hint: 'A changed type breaks every client that parses the field: if the API really changed, update schemas/ and tell the teams that use it.',
    }];
  },
};
