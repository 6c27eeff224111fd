/**
 * What several reporters derive the same way: violation groups, operation x rule counts and totals.
 * Every count of violations is summed from the problems (src/findings `problemsOfCases`), the one
 * list every view reads; the cases give only the case counts (states, cases per rule).
 */
import type { Violation } from '../src/types.js';
import type { JsonCase } from './case.js';
import { firstCases, pathPattern, problemTotals, type Occurrence, type Problem } from '../src/findings/index.js';

// Reporters and their tests read these two from here as before; both are findings (src/findings).
export { firstCases, pathPattern };

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

/** Every violation of one rule at one path pattern of one operation: the problems (src/findings) there, summed. */
export interface ViolationGroup {
  /** `rule operation pattern`: the dedupe key of the HTML groups. */
  key: string;
  rule: string;
  severity: Violation['severity'];
  operation: string;
  pattern: string;
  /** The sum of its problems' violations. */
  count: number;
  /** Cases in which the group occurs. */
  cases: number;
  /** Its problems' samples, one per distinct `actual` (at most `maxSamples`). */
  samples: Occurrence[];
  /** The ids of its problems. */
  problems: string[];
}

const SEVERITY_ORDER: Record<Violation['severity'], number> = { error: 0, warning: 1 };

export function compareGroups(a: ViolationGroup, b: ViolationGroup): number {
  return SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.count - a.count || a.key.localeCompare(b.key);
}

/**
 * How many cases hold a violation under each key. A case is counted once per key, as a problem
 * counts its cases; the violations themselves are counted by the problems, never here.
 */
function casesByKey(cases: readonly JsonCase[], keyOf: (v: Violation) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of cases) {
    const keys = new Set<string>();
    for (const v of c.violations) keys.add(keyOf(v));
    for (const k of keys) out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}

const groupKey = (rule: string, operation: string, pattern: string): string => `${rule} ${operation} ${pattern}`;

/**
 * The problems grouped by rule + operation + path pattern (their value shapes together): errors
 * first, then by count. Counts are the problems' own; `cases` counts the cases with any of them.
 */
export function groupViolations(problems: readonly Problem[], cases: readonly JsonCase[], maxSamples = 3): ViolationGroup[] {
  const caseCounts = casesByKey(cases, (v) => groupKey(v.rule, v.operation, pathPattern(v.path)));
  const groups = new Map<string, ViolationGroup & { seen: Set<string> }>();
  for (const p of problems) {
    const { rule, operation, pattern } = p.fingerprint;
    const key = groupKey(rule, operation, pattern);
    let g = groups.get(key);
    if (!g) {
      g = { key, rule, severity: p.severity, operation, pattern, count: 0, cases: caseCounts.get(key) ?? 0, samples: [], problems: [], seen: new Set() };
      groups.set(key, g);
    }
    g.count += p.counts.violations;
    if (p.severity === 'error') g.severity = 'error';
    g.problems.push(p.id);
    for (const s of p.samples) {
      const actual = formatValue(s.actual, 200);
      if (g.seen.has(actual) || g.samples.length >= maxSamples) continue;
      g.seen.add(actual);
      g.samples.push(s);
    }
  }
  return [...groups.values()].map(({ seen: _seen, ...g }) => g).sort(compareGroups);
}

export interface RuleCount {
  operation: string;
  rule: string;
  errors: number;
  warnings: number;
  cases: number;
}

/**
 * Violations per operation and rule: the sum of the problems of that rule, each counted under its
 * severity (src/findings problemTotals: a problem's severity is its strongest), so that a row adds up
 * to the problems list. `cases` counts the cases with a violation of the rule in that operation.
 */
export function ruleCounts(problems: readonly Problem[], cases: readonly JsonCase[]): RuleCount[] {
  const caseCounts = casesByKey(cases, (v) => `${v.operation} ${v.rule}`);
  const rows = new Map<string, RuleCount>();
  for (const p of problems) {
    const { operation, rule } = p.fingerprint;
    const key = `${operation} ${rule}`;
    let row = rows.get(key);
    if (!row) {
      row = { operation, rule, errors: 0, warnings: 0, cases: caseCounts.get(key) ?? 0 };
      rows.set(key, row);
    }
    if (p.severity === 'error') row.errors += p.counts.violations;
    else row.warnings += p.counts.violations;
  }
  return [...rows.values()].sort((a, b) => a.operation.localeCompare(b.operation) || b.errors - a.errors || b.warnings - a.warnings || a.rule.localeCompare(b.rule));
}

/** The problems of one operation (its fingerprint's operation, whichever suite's case saw them). */
export function problemsOf(problems: readonly Problem[], operation: string): Problem[] {
  return problems.filter((p) => p.fingerprint.operation === operation);
}

/** What the cases were: counted from their states (a case vitest skipped is `skipped`, never `passed`). */
export interface CaseTotals {
  cases: number;
  passed: number;
  failed: number;
  skipped: number;
  exchanges: number;
  durationMs: number;
}

export interface Totals extends CaseTotals {
  /** Error and warning violations, from the problems (problemTotals). */
  errors: number;
  warnings: number;
}

export function caseTotals(cases: readonly JsonCase[]): CaseTotals {
  const t: CaseTotals = { cases: cases.length, passed: 0, failed: 0, skipped: 0, exchanges: 0, durationMs: 0 };
  for (const c of cases) {
    t[c.state]++;
    t.exchanges += c.exchanges;
    t.durationMs += c.durationMs;
  }
  return t;
}

/** The cases' totals with the violations of the problems: the numbers every view prints. */
export function totalsOf(cases: readonly JsonCase[], problems: readonly Problem[]): Totals {
  const p = problemTotals(problems);
  return { ...caseTotals(cases), errors: p.errors, warnings: p.warnings };
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
