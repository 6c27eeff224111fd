import type { DriftFinding, DriftSeverity, FieldReport } from '../types.js';
import { unescapeSegment } from '../../json-pointer.js';

/** A finding as a rule produces it; the aggregator adds rule, severity and operation. */
export type DriftDraft = Pick<DriftFinding, 'path' | 'expected' | 'actual' | 'message' | 'hint'>;

/** A drift rule: a pure function of one field's aggregated observations, with its metadata beside it. */
export interface DriftRule {
  id: string;
  severity: DriftSeverity;
  description: string;
  run(field: FieldReport): DriftDraft[];
}

/** The field's name for a sentence: its last pointer segment, or "the body". */
export function fieldName(path: string): string {
  const last = path.split('/').pop() ?? '';
  if (path === '') return 'the body';
  if (last === '*') return `each item of ${fieldName(path.slice(0, -2))}`;
  if (last === '{key}') return `each value of ${fieldName(path.slice(0, -6))}`;
  return unescapeSegment(last);
}

/** `12 of 40 (30%)`. */
export function share(n: number, of: number): string {
  const pct = of === 0 ? 0 : (n / of) * 100;
  const shown = pct === 0 || pct === 100 || pct >= 10 ? Math.round(pct).toString() : pct.toFixed(pct >= 1 ? 1 : 2);
  return `${n} of ${of} (${shown}%)`;
}

/** ` (e.g. "RM123", 17)` from a field's samples, or nothing. */
export function examples(samples: readonly unknown[]): string {
  if (samples.length === 0) return '';
  return ` (e.g. ${samples.slice(0, 3).map((s) => JSON.stringify(s)).join(', ')})`;
}
