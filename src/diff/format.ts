/** A spec diff for people: text for a terminal, Markdown for a PR comment. */
import type { DiffReport, SpecChange } from './index.js';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

const where = (c: SpecChange) => (c.location === 'parameter' ? c.path : c.location === 'operation' ? '' : `${c.location === 'response' ? 'response' : 'body'} ${c.path === '' ? '(body)' : c.path}`);

const ordered = (changes: SpecChange[]) => [...changes.filter((c) => c.breaking), ...changes.filter((c) => !c.breaking)];

function headline(report: DiffReport): string {
  return `${plural(report.operations.length, 'operation')} compared: ${plural(report.summary.breaking, 'breaking change')}, ${report.summary.nonBreaking} non-breaking`;
}

const located = (o: { method: string; path: string } | null) => (o ? `${o.method} ${o.path}` : '(absent)');

export function formatDiffText(report: DiffReport): string {
  const out = [`rollcall diff: ${report.a} -> ${report.b}`, headline(report)];
  if (report.notFound.length) out.push(`in neither document: ${report.notFound.join(', ')}`);
  for (const op of report.operations) {
    const changes = ordered(report.changes.filter((c) => c.operation === op.id));
    out.push('', `${op.id}: A ${located(op.a)}, B ${located(op.b)}${changes.length === 0 ? ': no change' : ''}`);
    const w = Math.max(0, ...changes.map((c) => where(c).length));
    const k = Math.max(0, ...changes.map((c) => c.kind.length));
    for (const c of changes) out.push(`  ${c.breaking ? 'BREAKING' : 'ok      '}  ${c.kind.padEnd(k)}  ${where(c).padEnd(w)}  ${c.message}`);
  }
  return out.join('\n') + '\n';
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const value = (v: unknown) => (v === null || v === undefined ? '' : `\`${cell(typeof v === 'string' ? v : JSON.stringify(v))}\``);

export function formatDiffMarkdown(report: DiffReport): string {
  const out = ['# rollcall diff', '', `\`${report.a}\` → \`${report.b}\`: **${headline(report)}**.`];
  if (report.notFound.length) out.push('', `In neither document: ${report.notFound.map((id) => `\`${id}\``).join(', ')}.`);
  for (const op of report.operations) {
    const changes = ordered(report.changes.filter((c) => c.operation === op.id));
    out.push('', `## \`${op.id}\``, '', `A: ${located(op.a)}; B: ${located(op.b)}.`);
    if (changes.length === 0) {
      out.push('', 'No change.');
      continue;
    }
    out.push('', '| | change | where | A | B | what |', '|---|---|---|---|---|---|');
    for (const c of changes) out.push(`| ${c.breaking ? '**breaking**' : 'ok'} | \`${c.kind}\` | \`${cell(where(c))}\` | ${value(c.before)} | ${value(c.after)} | ${cell(c.message)} |`);
  }
  return out.join('\n') + '\n';
}
