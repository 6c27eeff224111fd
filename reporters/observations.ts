/**
 * Per field (operation + pointer pattern): what the run observed, for the HTML report's charts.
 * Derived from three sources, best first:
 *   1. a FieldObservationProvider (EXTENSION POINT: the drift engine of src/drift/, once its
 *      `observe` API settles, plugs in here as the html reporter's `observations` option);
 *   2. CaseMeta.fields tallies (evidence.ts), when the suite sends them: every value seen;
 *   3. the violations alone: only what broke (types that were wrong, undocumented values...).
 * Documented enum values come from the constraints (coverage.ts), so a value never seen shows too.
 */
import { formatValue, pathPattern } from './aggregate.js';
import type { Coverage } from './coverage.js';
import type { ReportCase } from './evidence.js';
import { jsonType } from '../src/report-types/evidence.js';
import { weight } from '../src/findings/index.js';
import { hasKey, setKey } from '../src/json-safe.js';

export interface FieldObservation {
  operation: string;
  pointer: string;
  /** `responses`: counted over every success body; `violations`: only over what violated a rule. */
  basis: 'responses' | 'violations';
  /** Occurrences of the field (responses basis). */
  present?: number;
  /** Type name -> occurrences; `(missing)` counts required fields found absent. */
  types: Record<string, number>;
  /** Share of null among the occurrences (responses basis). */
  nullRate?: number;
  /** The documented enum values, when the field has an enum. */
  documented?: string[];
  /** Values seen -> occurrences (responses basis: documented and not; violations basis: undocumented only). */
  values: Record<string, number>;
  /** Rule -> violations at this field. */
  rules: Record<string, number>;
}

/**
 * EXTENSION POINT. Supplies observations computed elsewhere (e.g. src/drift's observer over every
 * exchange of the run); they replace the derived ones for the same operation + pointer. Pass it as
 * `['html', { observations: provider }]`.
 */
export type FieldObservationProvider = (cases: readonly ReportCase[]) => FieldObservation[] | Promise<FieldObservation[]>;

/** Keys are values from a body ("constructor", "__proto__"): own properties only. */
const bump = (record: Record<string, number>, key: string, n = 1): void => {
  setKey(record, key, (hasKey(record, key) ? (record[key] as number) : 0) + n);
};

export function deriveObservations(cases: readonly ReportCase[], coverage?: Coverage): FieldObservation[] {
  const byKey = new Map<string, FieldObservation>();
  const get = (operation: string, pointer: string, basis: FieldObservation['basis']): FieldObservation => {
    const key = `${operation} ${pointer}`;
    let o = byKey.get(key);
    if (!o) {
      o = { operation, pointer, basis, types: {}, values: {}, rules: {} };
      byKey.set(key, o);
    }
    return o;
  };
  const live = cases.filter((c) => c.state !== 'skipped');
  const fromResponses = live.length > 0 && live.every((c) => c.evidence.fields);
  if (fromResponses) {
    for (const c of live) {
      for (const t of c.evidence.fields ?? []) {
        const o = get(t.operation, t.pointer, 'responses');
        o.present = (o.present ?? 0) + t.count;
        for (const [type, n] of Object.entries(t.types)) bump(o.types, type, n);
        for (const [value, n] of Object.entries(t.values)) bump(o.values, value, n);
      }
    }
  }
  for (const c of live) {
    for (const v of c.violations) {
      if (!v.path.startsWith('/')) continue;
      const o = get(v.operation, pathPattern(v.path), fromResponses ? 'responses' : 'violations');
      const w = weight(v);
      bump(o.rules, v.rule, w);
      if (fromResponses) continue;
      if (v.rule === 'schema.required') bump(o.types, '(missing)', w);
      else if (v.rule === 'schema.type' || v.rule === 'drift.undocumented-field') bump(o.types, jsonType(v.actual), w);
      if (v.rule === 'schema.enum') bump(o.values, formatValue(v.actual, 40), w);
    }
  }
  for (const op of coverage?.operations ?? []) {
    for (const c of op.constraints) {
      if (c.kind !== 'response-enum-value' || c.value === undefined) continue;
      const o = get(c.operation, c.subject, fromResponses ? 'responses' : 'violations');
      o.documented = [...(o.documented ?? []), c.value];
    }
  }
  for (const o of byKey.values()) {
    if (o.present) o.nullRate = (o.types.null ?? 0) / o.present;
    // Without the bodies, only undocumented values are known: documented ones show as "not known", not 0.
    if (!fromResponses && o.documented) for (const d of o.documented) delete o.values[d];
  }
  return [...byKey.values()].sort((a, b) => a.operation.localeCompare(b.operation) || a.pointer.localeCompare(b.pointer));
}

/** Derived observations, with a provider's replacing them field by field. */
export async function observationsOf(cases: readonly ReportCase[], coverage: Coverage | undefined, provider?: FieldObservationProvider): Promise<FieldObservation[]> {
  const derived = deriveObservations(cases, coverage);
  if (!provider) return derived;
  const supplied = await provider(cases);
  const replaced = new Set(supplied.map((o) => `${o.operation} ${o.pointer}`));
  return [...derived.filter((o) => !replaced.has(`${o.operation} ${o.pointer}`)), ...supplied].sort((a, b) => a.operation.localeCompare(b.operation) || a.pointer.localeCompare(b.pointer));
}
