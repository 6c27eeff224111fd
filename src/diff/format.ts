/** A spec diff for people: text for a terminal, Markdown for a PR comment. */
import type { DiffReport, SpecChange } from './types.js';
import { forCiLog, forMarkdown, forMarkdownCode, forTerminal } from '../sanitize.js';

/*
 * Paths, values and messages quote the two documents (a vendor's published file is not ours): each
 * piece goes through src/sanitize.ts where it is put into a line.
 */

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

const where = (c: SpecChange) => (c.location === 'parameter' ? c.path : c.location === 'operation' ? '' : `${c.location === 'response' ? 'response' : 'body'} ${c.path === '' ? '(body)' : c.path}`);

const ordered = (changes: SpecChange[]) => [...changes.filter((c) => c.breaking), ...changes.filter((c) => !c.breaking)];

function headline(report: DiffReport): string {
  return `${plural(report.operations.length, 'operation')} compared: ${plural(report.summary.breaking, 'breaking change')}, ${report.summary.nonBreaking} non-breaking`;
}

const located = (o: { method: string; path: string } | null) => (o ? forTerminal(`${o.method} ${o.path}`) : '(absent)');

export function formatDiffText(report: DiffReport): string {
  const out = [`rollcall diff: ${forTerminal(report.a)} -> ${forTerminal(report.b)}`, headline(report)];
  if (report.notFound.length) out.push(`in neither document: ${report.notFound.map((id) => forTerminal(id)).join(', ')}`);
  for (const op of report.operations) {
    const changes = ordered(report.changes.filter((c) => c.operation === op.id));
    out.push('', `${forTerminal(op.id)}: A ${located(op.a)}, B ${located(op.b)}${changes.length === 0 ? ': no change' : ''}`);
    const w = Math.max(0, ...changes.map((c) => forTerminal(where(c)).length));
    const k = Math.max(0, ...changes.map((c) => c.kind.length));
    for (const c of changes) out.push(`  ${c.breaking ? 'BREAKING' : 'ok      '}  ${c.kind.padEnd(k)}  ${forTerminal(where(c)).padEnd(w)}  ${forTerminal(c.message)}`);
  }
  return out.join('\n') + '\n';
}

const cell = (s: string) => forMarkdown(s);
/** A code span no backtick inside can close; `::` and `##[` neutralised, as a code span shows them literally. */
const code = (s: string) => forMarkdownCode(forCiLog(s));
const value = (v: unknown) => (v === null || v === undefined ? '' : code(typeof v === 'string' ? v : JSON.stringify(v)));

export function formatDiffMarkdown(report: DiffReport): string {
  const out = ['# rollcall diff', '', `${code(report.a)} → ${code(report.b)}: **${headline(report)}**.`];
  if (report.notFound.length) out.push('', `In neither document: ${report.notFound.map(code).join(', ')}.`);
  for (const op of report.operations) {
    const changes = ordered(report.changes.filter((c) => c.operation === op.id));
    out.push('', `## ${code(op.id)}`, '', `A: ${cell(located(op.a))}; B: ${cell(located(op.b))}.`);
    if (changes.length === 0) {
      out.push('', 'No change.');
      continue;
    }
    out.push('', '| | change | where | A | B | what |', '|---|---|---|---|---|---|');
    for (const c of changes) out.push(`| ${c.breaking ? '**breaking**' : 'ok'} | ${code(c.kind)} | ${code(where(c))} | ${value(c.before)} | ${value(c.after)} | ${cell(c.message)} |`);
  }
  return out.join('\n') + '\n';
}
