/** A drift report for people: text for a terminal, Markdown for a PR comment or a wiki page. */
import type { DocumentedField, DriftFinding, DriftReport, FieldReport, ObservedField, OperationReport } from './types.js';
import { forCiLog, forMarkdown, forMarkdownCode, forTerminal } from '../sanitize.js';

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
  return `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.infos, 'info')}`;
}

function table(fields: FieldReport[]): string[] {
  const rows = fields.map((f) => [forTerminal(shownPath(f.path)), forTerminal(documentedText(f.documented)), forTerminal(observedText(f.observed))]);
  const w0 = Math.max(4, ...rows.map((r) => (r[0] as string).length));
  const w1 = Math.min(60, Math.max(10, ...rows.map((r) => (r[1] as string).length)));
  return [`  ${'path'.padEnd(w0)}  ${'documented'.padEnd(w1)}  observed`, ...rows.map(([p, d, o]) => `  ${(p as string).padEnd(w0)}  ${(d as string).padEnd(w1)}  ${o as string}`)];
}

function findingText(f: DriftFinding): string {
  return [`  ${f.severity.padEnd(7)} ${f.rule}  ${forTerminal(shownPath(f.path))}`, `          ${forTerminal(f.message)}`, `          hint: ${forTerminal(f.hint)}`].join('\n');
}

export function formatDriftText(report: DriftReport): string {
  const t = report.totals;
  const out = [
    `rollcall drift: ${plural(t.exchanges, 'exchange')} read from ${plural(report.sources.length, 'recording')}, ${t.analysed} analysed, ${t.malformed} malformed; ${summaryLine(report)}`,
  ];
  const unknown = Object.entries(t.unknownOperations);
  if (unknown.length) out.push(`undocumented operation ids: ${unknown.map(([id, n]) => `${forTerminal(id)} (${n})`).join(', ')}`);
  if (t.notObserved.length) out.push(`not in the recordings: ${t.notObserved.map((id) => forTerminal(id)).join(', ')}`);
  for (const op of report.operations) {
    out.push('', forTerminal(opHeader(op)));
    if (op.analysed > 0) out.push(...table(op.fields));
    if (op.undocumentedOverflow) out.push(`  (${op.undocumentedOverflow} occurrences of further undocumented fields, past the cap)`);
    const findings = report.findings.filter((f) => f.operation === op.id);
    if (findings.length) out.push('', ...findings.map(findingText));
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
    const findings = report.findings.filter((f) => f.operation === op.id);
    if (findings.length) {
      out.push('', '| severity | rule | path | finding |', '|---|---|---|---|');
      for (const f of findings) out.push(`| ${f.severity} | ${code(f.rule)} | ${code(shownPath(f.path))} | ${cell(f.message)} |`);
    }
  }
  if (report.comparison) out.push('', '## Compared with the previous run', '', ...comparisonLines(report, (s) => `- ${cell(s)}`, cell));
  return out.join('\n') + '\n';
}
