import { examples, fieldName, share, type DriftRule } from './rule.js';

export const patternMissRate: DriftRule = {
  id: 'drift.pattern-miss-rate',
  severity: 'error',
  description: 'Some string values of a field did not match its documented pattern.',
  run({ path, documented, observed }) {
    const p = observed.pattern;
    if (!documented?.pattern || !p || p.hits === p.checked) return [];
    return [{
      path,
      expected: documented.pattern,
      actual: `${share(p.checked - p.hits, p.checked)} missed`,
      message: `${fieldName(path)} missed its pattern in ${share(p.checked - p.hits, p.checked)} string values${examples(observed.samples)}.`,
      hint: 'Clients that validate or parse the value (a SID prefix, a country code) reject these: fix the data, or the pattern in schemas/ if it is wrong.',
    }];
  },
};
