import { describe, expect, it } from 'vitest';
import { DRIFT_RULES, type DocumentedField, type FieldReport, type ObservedField } from '../../src/drift/index.js';

const doc = (d: Partial<DocumentedField> = {}): DocumentedField => ({ types: ['string'], nullable: false, required: true, ...d });
const seen = (o: Partial<ObservedField> = {}): ObservedField => ({ count: 10, parentCount: 10, types: { string: 10 }, nullCount: 0, presenceRate: 1, nullRate: 0, samples: [], ...o });
const field = (path: string, documented: DocumentedField | null, observed: ObservedField): FieldReport => ({ path, documented, observed });

const rule = (id: string) => {
  const r = DRIFT_RULES.find((x) => x.id === id);
  if (!r) throw new Error(`no rule ${id}`);
  return r;
};

interface Row {
  rule: string;
  name: string;
  input: FieldReport;
  /** [path, actual] of each finding, in order; [] when the rule must stay silent. */
  findings: Array<[string, unknown]>;
}

const ROWS: Row[] = [
  { rule: 'drift.type-observed', name: 'an integer where a string is documented', input: field('/data/*/joined_at', doc({ format: 'date-time' }), seen({ types: { integer: 4, string: 6 }, samples: [1700000000] })), findings: [['/data/*/joined_at', { integer: 4 }]] },
  { rule: 'drift.type-observed', name: 'an integer where a number is documented', input: field('/x', doc({ types: ['number'] }), seen({ types: { integer: 10 } })), findings: [] },
  { rule: 'drift.type-observed', name: 'null is not a type drift', input: field('/x', doc(), seen({ types: { null: 2, string: 8 }, nullCount: 2 })), findings: [] },
  { rule: 'drift.type-observed', name: 'no documented type accepts anything', input: field('/x', doc({ types: [] }), seen({ types: { object: 1, string: 9 } })), findings: [] },
  { rule: 'drift.nullability', name: 'null where not nullable', input: field('/status', doc(), seen({ types: { null: 3, string: 7 }, nullCount: 3, nullRate: 0.3 })), findings: [['/status', 'null in 3 of 10 (30%)']] },
  { rule: 'drift.nullability', name: 'null where nullable', input: field('/left_at', doc({ nullable: true }), seen({ types: { null: 3, string: 7 }, nullCount: 3 })), findings: [] },
  { rule: 'drift.enum-value-undocumented', name: 'one value outside the enum', input: field('/status', doc({ enum: ['connected', 'disconnected'] }), seen({ values: { connected: 6, disconnected: 0, disconnecting: 4 }, valuesOverflow: 0 })), findings: [['/status', 'disconnecting']] },
  { rule: 'drift.enum-value-undocumented', name: 'values past the cap', input: field('/status', doc({ enum: ['a'] }), seen({ values: { a: 10 }, valuesOverflow: 7 })), findings: [['/status', '(7 occurrences of further values, past the cap of distinct values counted)']] },
  { rule: 'drift.enum-value-undocumented', name: 'documented values only', input: field('/status', doc({ enum: ['a', 'b'] }), seen({ values: { a: 10, b: 0 }, valuesOverflow: 0 })), findings: [] },
  { rule: 'drift.enum-value-unseen', name: 'a documented value never seen', input: field('/status', doc({ enum: ['a', 'b', 'c'] }), seen({ values: { a: 10, b: 0, c: 0 } })), findings: [['/status', '(never observed)'], ['/status', '(never observed)']] },
  { rule: 'drift.enum-value-unseen', name: 'a field seen only as null says nothing about its values', input: field('/status', doc({ enum: ['a'], nullable: true }), seen({ types: { null: 10 }, nullCount: 10, values: { a: 0 } })), findings: [] },
  { rule: 'drift.pattern-miss-rate', name: 'some values miss the pattern', input: field('/sid', doc({ pattern: '^PA[0-9a-f]{32}$' }), seen({ pattern: { checked: 10, hits: 7, hitRate: 0.7 } })), findings: [['/sid', '3 of 10 (30%) missed']] },
  { rule: 'drift.pattern-miss-rate', name: 'every value matches', input: field('/sid', doc({ pattern: '^PA' }), seen({ pattern: { checked: 10, hits: 10, hitRate: 1 } })), findings: [] },
  { rule: 'drift.format-miss-rate', name: 'some values are not date-times', input: field('/at', doc({ format: 'date-time' }), seen({ format: { checked: 200, hits: 199, hitRate: 0.995 } })), findings: [['/at', '1 of 200 (0.50%) missed']] },
  { rule: 'drift.format-miss-rate', name: 'every value is in the format', input: field('/at', doc({ format: 'date-time' }), seen({ format: { checked: 5, hits: 5, hitRate: 1 } })), findings: [] },
  { rule: 'drift.required-missing', name: 'a required field missing from some objects', input: field('/data/*/updated_at', doc(), seen({ count: 6, parentCount: 9 })), findings: [['/data/*/updated_at', 'missing in 3 of 9 (33%)']] },
  { rule: 'drift.required-missing', name: 'an optional field missing', input: field('/x', doc({ required: false }), seen({ count: 6, parentCount: 9 })), findings: [] },
  { rule: 'drift.undocumented-field', name: 'an undocumented field', input: field('/data/*/status', null, seen({ count: 3, parentCount: 9, samples: ['active'] })), findings: [['/data/*/status', { string: 10 }]] },
  { rule: 'drift.undocumented-field', name: 'a documented field', input: field('/data/*/id', doc(), seen()), findings: [] },
  { rule: 'drift.field-unseen', name: 'an optional field never seen', input: field('/tags', doc({ required: false }), seen({ count: 0, types: {}, parentCount: 5 })), findings: [['/tags', '(never observed)']] },
  { rule: 'drift.field-unseen', name: 'a field whose parent was never seen', input: field('/tags', doc({ required: false }), seen({ count: 0, types: {}, parentCount: 0 })), findings: [] },
];

describe('drift rules on hand-built observations', () => {
  it.each(ROWS)('$rule: $name', ({ rule: id, input, findings }) => {
    const got = rule(id).run(input);
    expect(got.map((f) => [f.path, f.actual])).toEqual(findings);
    for (const f of got) {
      expect(f.message).toMatch(/\.$/);
      expect(f.hint.length).toBeGreaterThan(10);
    }
  });

  it('every rule has a drift.* id, a severity and a description, and is in one file named after it', () => {
    expect(DRIFT_RULES.map((r) => r.id).sort()).toEqual([
      'drift.enum-value-undocumented', 'drift.enum-value-unseen', 'drift.field-unseen', 'drift.format-miss-rate', 'drift.nullability',
      'drift.pattern-miss-rate', 'drift.required-missing', 'drift.type-observed', 'drift.undocumented-field',
    ]);
    for (const r of DRIFT_RULES) {
      expect(['error', 'warning', 'info']).toContain(r.severity);
      expect(r.description).toMatch(/\.$/);
    }
  });

  it('says what was observed in the message: counts, share and samples', () => {
    const [f] = rule('drift.type-observed').run(field('/data/*/joined_at', doc(), seen({ types: { integer: 4, string: 6 }, samples: [1700000000] })));
    expect(f?.message).toBe('joined_at was integer in 4 of 10 (40%) observations, not string (e.g. 1700000000).');
    expect(f?.expected).toBe('string');
  });
});
