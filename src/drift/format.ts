/** A drift report for people: text for a terminal, Markdown for a PR comment or a wiki page. */
import type { DocumentedField, DriftFinding, DriftReport, FieldReport, ObservedField, OperationReport } from './types.js';
import { forCiLog, forMarkdown, forMarkdownCode, forTerminal } from '../sanitize.js';
import { packagePathsShown } from '../paths.js';

/*
 * Paths, values, messages and operation ids come from recorded bodies (a target's) and from the
 * specs compared: each piece goes through src/sanitize.ts where it is put into a line, forTerminal
 * for the text report, forMarkdown (or a code span) for the Markdown one.
 */

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function pct(rate: number): string {
  const p = rate * 100;
  return `${p === 0 || p === 100 || p >= 10 ? Math.round(p) : p.toFixed(1)}%`;
}

function list(values: readonly unknown[], max = 6): string {
  const shown = values.slice(0, max).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  return shown.join(', ') + (values.length > max ? `, … (${values.length} in all)` : '');
}

export function documentedText(doc: DocumentedField | null): string {
  if (!doc) return '(undocumented)';
  const parts = [(doc.types.length ? doc.types.join(' | ') : 'any') + (doc.nullable ? ' | null' : '')];
  if (doc.format) parts.push(doc.format);
  if (doc.pattern) parts.push(doc.pattern);
  if (doc.enum) parts.push(doc.enum.length === 1 ? `const ${list(doc.enum)}` : `enum ${list(doc.enum)}`);
  if (doc.shape === 'map') parts.push('map');
  if (!doc.required) parts.push('optional');
  return parts.join(', ');
}

export function observedText(o: ObservedField): string {
  if (o.count === 0) return o.parentCount === 0 ? '-' : 'never seen';
  const types = Object.entries(o.types).map(([t, n]) => `${t} ${n ?? 0}`).join(', ');
  const parts = [types];
  if (o.presenceRate < 1) parts.push(`present ${pct(o.presenceRate)}`);
  if (o.nullCount > 0) parts.push(`null ${pct(o.nullRate)}`);
  if (o.pattern && o.pattern.checked > 0) parts.push(`pattern ${pct(o.pattern.hitRate)}`);
  if (o.format && o.format.checked > 0) parts.push(`format ${pct(o.format.hitRate)}`);
  if (o.values) {
    const seen = Object.entries(o.values).filter(([, n]) => n > 0).sort(([, a], [, b]) => b - a);
    parts.push(`values ${seen.slice(0, 5).map(([v, n]) => `${v} ${n}`).join(', ')}${seen.length > 5 ? ', …' : ''}${o.valuesOverflow ? ` (+${o.valuesOverflow} past the cap)` : ''}`);
  }
  if (o.keys) parts.push(`${plural(Object.keys(o.keys).length, 'key')}`);
  return parts.join('; ');
}

const shownPath = (path: string) => (path === '' ? '(body)' : path);

function opHeader(op: OperationReport): string {
  const skipped = [op.skipped.otherStatus ? `${op.skipped.otherStatus} with another status` : '', op.skipped.notJson ? `${op.skipped.notJson} not JSON` : ''].filter(Boolean);
  return `${op.id}: ${plural(op.exchanges, 'exchange')}, ${op.analysed} analysed (status ${op.status})${skipped.length ? `, ${skipped.join(', ')}` : ''}`;
}

function summaryLine(report: DriftReport): string {
  const s = report.summary;
  const problems = new Set(report.findings.map((f) => JSON.stringify([f.operation, f.rule, f.path, f.severity]))).size;
  const grouped = problems < report.findings.length ? ` in ${plural(problems, 'problem')}` : '';
  return `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.infos, 'info')}${grouped}`;
}

function table(fields: FieldReport[]): string[] {
  const rows = fields.map((f) => [forTerminal(shownPath(f.path)), forTerminal(documentedText(f.documented)), forTerminal(observedText(f.observed))]);
  const w0 = Math.max(4, ...rows.map((r) => (r[0] as string).length));
  const w1 = Math.min(60, Math.max(10, ...rows.map((r) => (r[1] as string).length)));
  return [`  ${'path'.padEnd(w0)}  ${'documented'.padEnd(w1)}  observed`, ...rows.map(([p, d, o]) => `  ${(p as string).padEnd(w0)}  ${(d as string).padEnd(w1)}  ${o as string}`)];
}

/**
 * Findings grouped as `rollcall run` groups violations into problems: one per operation, rule and path
 * (a path is already a pattern, `/participants/*` + `/status`), so the seven unseen values of one enum are one
 * problem of seven findings, not seven blocks. Errors first, then warnings, then infos; otherwise in report order.
 */
export interface DriftProblem {
  severity: DriftFinding['severity'];
  rule: string;
  operation: string;
  path: string;
  /** The first finding's message. */
  message: string;
  hint: string;
  /** How many findings the problem holds. */
  count: number;
  /** What differs between its findings (the `expected` or `actual` value of each one after the first), when one of them does. */
  others: unknown[];
}

const SEVERITY_ORDER: Record<DriftFinding['severity'], number> = { error: 0, warning: 1, info: 2 };

export function driftProblems(findings: readonly DriftFinding[]): DriftProblem[] {
  const groups = new Map<string, DriftFinding[]>();
  for (const f of findings) {
    const key = JSON.stringify([f.operation, f.rule, f.path, f.severity]);
    const group = groups.get(key);
    if (group) group.push(f);
    else groups.set(key, [f]);
  }
  const problems = [...groups.values()].map((group): DriftProblem => {
    const [first] = group as [DriftFinding, ...DriftFinding[]];
    const varies = (field: 'expected' | 'actual') => new Set(group.map((f) => JSON.stringify(f[field]))).size > 1;
    const field = varies('expected') && !varies('actual') ? 'expected' : varies('actual') && !varies('expected') ? 'actual' : undefined;
    return {
      severity: first.severity,
      rule: first.rule,
      operation: first.operation,
      path: first.path,
      message: first.message,
      hint: first.hint,
      count: group.length,
      others: field ? group.slice(1).map((f) => f[field]) : [],
    };
  });
  return problems.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

/** `; the same for "us2", "au1"` or `; 2 more like it`: the rest of a problem after its first finding's message. */
function restOf(p: DriftProblem): string {
  if (p.count === 1) return '';
  if (p.others.length === 0) return ` (${plural(p.count - 1, 'more finding')} like it)`;
  const shown = p.others.slice(0, 6).map((v) => JSON.stringify(v));
  return ` The same for ${shown.join(', ')}${p.others.length > 6 ? `, … (${p.others.length} more)` : ''}.`;
}

/** One problem: its head line (with its count), its message, and its rule's hint the first time the rule appears. */
function problemText(p: DriftProblem, hinted: Set<string>): string {
  const lines = [
    `  ${p.severity.padEnd(7)} ${p.rule}  ${forTerminal(shownPath(p.path))}${p.count > 1 ? `  (${p.count} findings)` : ''}`,
    `          ${forTerminal(p.message + restOf(p))}`,
  ];
  if (!hinted.has(p.rule + '\0' + p.hint)) {
    hinted.add(p.rule + '\0' + p.hint);
    lines.push(`          hint: ${forTerminal(packagePathsShown(p.hint))}`);
  }
  return lines.join('\n');
}

export function formatDriftText(report: DriftReport): string {
  const t = report.totals;
  const out = [
    `rollcall drift: ${plural(t.exchanges, 'exchange')} read from ${plural(report.sources.length, 'recording')}, ${t.analysed} analysed, ${t.malformed} malformed; ${summaryLine(report)}`,
  ];
  // A rule's hint is printed under its first problem only: the later ones would repeat it word for word.
  const hinted = new Set<string>();
  const unknown = Object.entries(t.unknownOperations);
  if (unknown.length) out.push(`undocumented operation ids: ${unknown.map(([id, n]) => `${forTerminal(id)} (${n})`).join(', ')}`);
  if (t.notObserved.length) out.push(`not in the recordings: ${t.notObserved.map((id) => forTerminal(id)).join(', ')}`);
  for (const op of report.operations) {
    out.push('', forTerminal(opHeader(op)));
    if (op.analysed > 0) out.push(...table(op.fields));
    if (op.undocumentedOverflow) out.push(`  (${op.undocumentedOverflow} occurrences of further undocumented fields, past the cap)`);
    const problems = driftProblems(report.findings.filter((f) => f.operation === op.id));
    if (problems.length) out.push('', ...problems.map((p) => problemText(p, hinted)));
  }
  if (report.comparison) out.push('', ...comparisonLines(report, (s) => `  ${forTerminal(s)}`, forTerminal));
  return out.join('\n') + '\n';
}

/** `bullet` escapes each item (one line), `escape` the previous report's name. */
function comparisonLines(report: DriftReport, bullet: (s: string) => string, escape: (s: string) => string): string[] {
  const c = report.comparison;
  if (!c) return [];
  const obs = (o: { operation: string; path: string; kind: string; value?: string }) => `${o.operation} ${shownPath(o.path)}: ${o.kind}${o.value !== undefined ? ` ${o.value}` : ''}`;
  const fnd = (f: { rule: string; operation: string; path: string }) => `${f.rule} ${f.operation} ${shownPath(f.path)}`;
  const section = (title: string, items: string[]) => (items.length ? [`${title}:`, ...items.map(bullet)] : [`${title}: none`]);
  return [
    `compared with ${escape(c.previous)}`,
    ...section('new observations', c.newObservations.map(obs)),
    ...section('vanished observations', c.vanishedObservations.map(obs)),
    ...section('new findings', c.newFindings.map(fnd)),
    ...section('resolved findings', c.resolvedFindings.map(fnd)),
  ];
}

const cell = (s: string) => forMarkdown(s);
/** A code span no backtick inside can close; `::` and `##[` neutralised, as a code span shows them literally. */
const code = (s: string) => forMarkdownCode(forCiLog(s));

export function formatDriftMarkdown(report: DriftReport): string {
  const t = report.totals;
  const out = [
    '# rollcall drift',
    '',
    `${plural(t.exchanges, 'exchange')} read from ${plural(report.sources.length, 'recording')}, ${t.analysed} analysed, ${t.malformed} malformed: **${summaryLine(report)}**.`,
  ];
  if (t.notObserved.length) out.push('', `Not in the recordings: ${t.notObserved.map(code).join(', ')}.`);
  for (const op of report.operations) {
    out.push('', `## ${code(op.id)}`, '', cell(opHeader(op).slice(op.id.length + 2)) + '.');
    if (op.analysed > 0) {
      out.push('', '| path | documented | observed |', '|---|---|---|');
      for (const f of op.fields) out.push(`| ${code(shownPath(f.path))} | ${cell(documentedText(f.documented))} | ${cell(observedText(f.observed))} |`);
    }
    const problems = driftProblems(report.findings.filter((f) => f.operation === op.id));
    if (problems.length) {
      out.push('', '| severity | rule | path | findings | finding |', '|---|---|---|---|---|');
      for (const p of problems) out.push(`| ${p.severity} | ${code(p.rule)} | ${code(shownPath(p.path))} | ${p.count} | ${cell(p.message + restOf(p))} |`);
    }
  }
  if (report.comparison) out.push('', '## Compared with the previous run', '', ...comparisonLines(report, (s) => `- ${cell(s)}`, cell));
  return out.join('\n') + '\n';
}
