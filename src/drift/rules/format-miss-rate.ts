import { examples, fieldName, share, type DriftRule } from './rule.js';

export const formatMissRate: DriftRule = {
  id: 'drift.format-miss-rate',
  severity: 'error',
  description: 'Some string values of a field were not in its documented format (date-time, date, uuid, uri).',
  run({ path, documented, observed }) {
    const f = observed.format;
    if (!documented?.format || !f || f.hits === f.checked) return [];
    return [{
      path,
      expected: documented.format,
      actual: `${share(f.checked - f.hits, f.checked)} missed`,
      message: `${fieldName(path)} was not a valid ${documented.format} in ${share(f.checked - f.hits, f.checked)} string values${examples(observed.samples)}.`,
      hint: `Clients parse ${documented.format} values: return them in that format, or correct the format in schemas/.`,
    }];
  },
};
