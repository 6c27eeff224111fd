/**
 * What several reporters derive the same way from the cases: path patterns, violation groups,
 * operation x rule counts and totals. Pure functions over `JsonCase` (see json.ts, `caseOf`).
 */
import type { Violation } from '../src/types.js';
import type { JsonCase } from './json.js';

import { pathPattern, weight } from './problems.js';

export { pathPattern };

/** A value as one short line of text (JSON for non-strings), cut to `max` characters. */
export function formatValue(value: unknown, max = 80): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (value === undefined) text = '(none)';
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  text = text.replace(/\s+/g, ' ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function sortCases<T extends JsonCase>(cases: readonly T[]): T[] {
  return [...cases].sort((a, b) => a.id.localeCompare(b.id));
}

/** Every violation of one rule at one path pattern of one operation. */
export interface ViolationGroup {
  /** `rule operation pattern`: the dedupe key of annotations and of the HTML groups. */
  key: string;
  rule: string;
  severity: Violation['severity'];
  operation: string;
  pattern: string;
  count: number;
  /** Cases in which the group occurs. */
  cases: number;
  /** One violation per distinct `actual`, in order of first occurrence (at most `maxSamples`). */
  samples: Violation[];
  /** Distinct `actual` values beyond the samples. */
  moreValues: number;
}

const SEVERITY_ORDER: Record<Violation['severity'], number> = { error: 0, warning: 1 };

export function compareGroups(a: ViolationGroup, b: ViolationGroup): number {
  return SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.count - a.count || a.key.localeCompare(b.key);
}

/** Groups violations by rule + operation + path pattern: errors first, then by count. */
export function groupViolations(cases: readonly JsonCase[], maxSamples = 3): ViolationGroup[] {
  const groups = new Map<string, ViolationGroup & { seen: Set<string>; caseIds: Set<string> }>();
  for (const c of sortCases(cases)) {
    for (const v of c.violations) {
      const pattern = pathPattern(v.path);
      const key = `${v.rule} ${v.operation} ${pattern}`;
      let g = groups.get(key);
      if (!g) {
        g = { key, rule: v.rule, severity: v.severity, operation: v.operation, pattern, count: 0, cases: 0, samples: [], moreValues: 0, seen: new Set(), caseIds: new Set() };
        groups.set(key, g);
      }
      g.count += weight(v);
      if (v.severity === 'error') g.severity = 'error';
      g.caseIds.add(c.id);
      const actual = formatValue(v.actual, 200);
      if (!g.seen.has(actual)) {
        g.seen.add(actual);
        if (g.samples.length < maxSamples) g.samples.push(v);
        else g.moreValues++;
      }
    }
  }
  return [...groups.values()]
    .map(({ seen: _seen, caseIds, ...g }) => ({ ...g, cases: caseIds.size }))
    .sort(compareGroups);
}

export interface RuleCount {
  operation: string;
  rule: string;
  errors: number;
  warnings: number;
  cases: number;
}

/** Violations per operation and rule, as the console summary counts them. */
export function ruleCounts(cases: readonly JsonCase[]): RuleCount[] {
  const rows = new Map<string, RuleCount & { caseIds: Set<string> }>();
  for (const c of cases) {
    for (const v of c.violations) {
      const key = `${v.operation} ${v.rule}`;
      let row = rows.get(key);
      if (!row) {
        row = { operation: v.operation, rule: v.rule, errors: 0, warnings: 0, cases: 0, caseIds: new Set() };
        rows.set(key, row);
      }
      if (v.severity === 'error') row.errors += weight(v);
      else row.warnings += weight(v);
      row.caseIds.add(c.id);
    }
  }
  return [...rows.values()]
    .map(({ caseIds, ...r }) => ({ ...r, cases: caseIds.size }))
    .sort((a, b) => a.operation.localeCompare(b.operation) || b.errors - a.errors || b.warnings - a.warnings || a.rule.localeCompare(b.rule));
}

export interface Totals {
  cases: number;
  passed: number;
  failed: number;
  skipped: number;
  errors: number;
  warnings: number;
  exchanges: number;
  durationMs: number;
}

export function totalsOf(cases: readonly JsonCase[]): Totals {
  const t: Totals = { cases: cases.length, passed: 0, failed: 0, skipped: 0, errors: 0, warnings: 0, exchanges: 0, durationMs: 0 };
  for (const c of cases) {
    t[c.state]++;
    t.exchanges += c.exchanges;
    t.durationMs += c.durationMs;
    for (const v of c.violations) {
      if (v.severity === 'error') t.errors += weight(v);
      else t.warnings += weight(v);
    }
  }
  return t;
}

/** The operations of the run, sorted, each with its cases. */
export function byOperation<T extends JsonCase>(cases: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const c of sortCases(cases)) {
    const list = out.get(c.operation) ?? [];
    list.push(c);
    out.set(c.operation, list);
  }
  return new Map([...out.entries()].sort(([a], [b]) => a.localeCompare(b)));
}
