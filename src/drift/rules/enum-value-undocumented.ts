import { valueKey } from '../documented.js';
import { fieldName, type DriftRule } from './rule.js';

export const enumValueUndocumented: DriftRule = {
  id: 'drift.enum-value-undocumented',
  severity: 'error',
  description: 'An enum (or const) field was observed with a value outside its documented set.',
  run({ path, documented, observed }) {
    if (!documented?.enum || !observed.values) return [];
    const allowed = new Set(documented.enum.map(valueKey));
    const out = Object.entries(observed.values)
      .filter(([value, n]) => n > 0 && !allowed.has(value))
      .map(([value, n]) => ({
        path,
        expected: documented.enum,
        actual: value,
        message: `${fieldName(path)} was ${JSON.stringify(value)} in ${n} of ${observed.count} observations, a value the document does not list.`,
        hint: 'A client with an exhaustive switch fails on it: add the value to the enum in schemas/ if the API really returns it, and handle it in client code.',
      }));
    if ((observed.valuesOverflow ?? 0) > 0) {
      out.push({
        path,
        expected: documented.enum,
        actual: `(${observed.valuesOverflow} occurrences of further values, past the cap of distinct values counted)`,
        message: `${fieldName(path)} took more distinct undocumented values than rollcall counts one by one.`,
        hint: 'So many values suggest the field is no longer an enum: compare with the vendor\'s current documentation.',
      });
    }
    return out;
  },
};
