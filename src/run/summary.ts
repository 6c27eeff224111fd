/** The end-of-run summary: a table of operation x rule with counts, then the cases run. */
import type { CaseResult } from './collector.js';

export function summaryTable(cases: CaseResult[]): string {
  const rows = new Map<string, { operation: string; rule: string; errors: number; warnings: number; cases: Set<string> }>();
  for (const c of cases) {
    for (const v of c.violations) {
      const key = `${c.operation}\u0000${v.rule}`;
      const row = rows.get(key) ?? { operation: c.operation, rule: v.rule, errors: 0, warnings: 0, cases: new Set<string>() };
      if (v.severity === 'error') row.errors++;
      else row.warnings++;
      row.cases.add(c.id);
      rows.set(key, row);
    }
  }
  const list = [...rows.values()].sort((a, b) => a.operation.localeCompare(b.operation) || b.errors - a.errors || a.rule.localeCompare(b.rule));
  const lines: string[] = [];
  if (list.length > 0) {
    const w1 = Math.max(9, ...list.map((r) => r.operation.length));
    const w2 = Math.max(4, ...list.map((r) => r.rule.length));
    lines.push(`${'operation'.padEnd(w1)}  ${'rule'.padEnd(w2)}  errors  warnings  cases`);
    for (const r of list) lines.push(`${r.operation.padEnd(w1)}  ${r.rule.padEnd(w2)}  ${String(r.errors).padStart(6)}  ${String(r.warnings).padStart(8)}  ${String(r.cases.size).padStart(5)}`);
    lines.push('');
  }
  const passed = cases.filter((c) => c.state === 'passed').length;
  const failed = cases.filter((c) => c.state === 'failed').length;
  const skipped = cases.length - passed - failed;
  const exchanges = cases.reduce((n, c) => n + c.exchanges, 0);
  const errors = cases.reduce((n, c) => n + c.violations.filter((v) => v.severity === 'error').length, 0);
  const warnings = cases.reduce((n, c) => n + c.violations.filter((v) => v.severity === 'warning').length, 0);
  lines.push(`${cases.length} cases: ${passed} passed, ${failed} failed, ${skipped} skipped; ${errors} errors, ${warnings} warnings; ${exchanges} exchanges`);
  return lines.join('\n') + '\n';
}
