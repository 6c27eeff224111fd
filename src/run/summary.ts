/** The end-of-run summary: a table of operation x rule with counts, then the cases run. */
import type { CaseResult } from './collector.js';
import { expiredWaiverLine, type BaselineTally } from '../baseline/index.js';

/** With a baseline's tally: a `new` column (violations the baseline neither knows nor waives), its counts and one line per expired waiver. */
export function summaryTable(cases: CaseResult[], baseline?: BaselineTally): string {
  const rows = new Map<string, { operation: string; rule: string; errors: number; warnings: number; fresh: number; cases: Set<string> }>();
  for (const c of cases) {
    for (const v of c.violations) {
      const key = `${c.operation}\u0000${v.rule}`;
      const row = rows.get(key) ?? { operation: c.operation, rule: v.rule, errors: 0, warnings: 0, fresh: 0, cases: new Set<string>() };
      if (v.severity === 'error') row.errors++;
      else row.warnings++;
      if (!v.baseline) row.fresh++;
      row.cases.add(c.id);
      rows.set(key, row);
    }
  }
  const list = [...rows.values()].sort((a, b) => a.operation.localeCompare(b.operation) || b.errors - a.errors || a.rule.localeCompare(b.rule));
  const lines: string[] = [];
  if (list.length > 0) {
    const w1 = Math.max(9, ...list.map((r) => r.operation.length));
    const w2 = Math.max(4, ...list.map((r) => r.rule.length));
    lines.push(`${'operation'.padEnd(w1)}  ${'rule'.padEnd(w2)}  errors  warnings  cases${baseline ? '    new' : ''}`);
    for (const r of list) lines.push(`${r.operation.padEnd(w1)}  ${r.rule.padEnd(w2)}  ${String(r.errors).padStart(6)}  ${String(r.warnings).padStart(8)}  ${String(r.cases.size).padStart(5)}${baseline ? String(r.fresh).padStart(7) : ''}`);
    lines.push('');
  }
  const passed = cases.filter((c) => c.state === 'passed').length;
  const failed = cases.filter((c) => c.state === 'failed').length;
  const skipped = cases.length - passed - failed;
  const exchanges = cases.reduce((n, c) => n + c.exchanges, 0);
  const errors = cases.reduce((n, c) => n + c.violations.filter((v) => v.severity === 'error').length, 0);
  const warnings = cases.reduce((n, c) => n + c.violations.filter((v) => v.severity === 'warning').length, 0);
  lines.push(`${cases.length} cases: ${passed} passed, ${failed} failed, ${skipped} skipped; ${errors} errors, ${warnings} warnings; ${exchanges} exchanges`);
  if (baseline) {
    const unseen = baseline.unseenKnown > 0 ? `; ${baseline.unseenKnown} known entr${baseline.unseenKnown === 1 ? 'y' : 'ies'} not seen (refresh with --write-baseline)` : '';
    lines.push(`baseline ${baseline.file ?? ''}: ${baseline.new} new, ${baseline.known} known, ${baseline.waived} waived, ${baseline.expired} under an expired waiver${unseen}`);
    for (const w of baseline.expiredWaivers) lines.push(expiredWaiverLine(w));
  }
  return lines.join('\n') + '\n';
}

/**
 * How a run (or the merge of its shards) ends: 1 when a case failed, 2 on a transport or tool error,
 * and the lines that say why. `redact` scrubs what came from outside the suites' own redaction.
 */
export function verdict(cases: CaseResult[], toolError: string | undefined, command: string, redact: (text: string) => string = (t) => t): { exitCode: 0 | 1 | 2; text: string } {
  const transport = cases.find((c) => c.transportError)?.transportError;
  const unexpected = cases.find((c) => c.error);
  let exitCode: 0 | 1 | 2 = cases.some((c) => c.state === 'failed') ? 1 : 0;
  let text = '';
  if (transport) {
    text += `${command}: ${redact(transport)}\n`;
    exitCode = 2;
  }
  if (toolError) {
    text += `${command}: ${redact(toolError)}\n`;
    exitCode = 2;
  }
  if (unexpected && exitCode !== 2) text += `${command}: a case failed without a violation (${redact(unexpected.id)}): ${redact(unexpected.error ?? '')}\n`;
  return { exitCode, text };
}
