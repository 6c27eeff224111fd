/** The end-of-run summary: the problems by severity with their counts, then the cases run. */
import type { CaseResult } from './collector.js';
import { expiredWaiverLine, type BaselineTally } from '../baseline/index.js';
import { countsPhrase, firstCases, problemsOfCases, problemTotals, sourceText, type Fingerprint, type ConstraintSource, type Problem } from '../findings/index.js';
import { forTerminal } from '../sanitize.js';
import { rulesExercisedHeadline, unexercisedGroups, type RulesExercised } from '../findings/rules-exercised.js';

export interface SummaryOptions {
  /** Where each problem's constraint comes from (src/findings/provenance.ts). */
  sourceOf?: (f: Fingerprint) => ConstraintSource | undefined;
  /** How many rules had something to judge on this target (src/findings/rules-exercised.ts). */
  rules?: RulesExercised;
}

const n = (x: number): string => x.toLocaleString('en-US');

/**
 * One problem as the console prints it: what and where, how widespread, how to reproduce it, where the
 * constraint comes from. `firstIn`: the first case that saw it in the run's order (the live line's case);
 * without it, the case of its first sample.
 */
export function problemLines(p: Problem, indent = '  ', firstIn?: string): string[] {
  const mark = p.severity === 'error' ? '✗' : '!';
  const first = p.samples[0];
  const firstCase = firstIn ?? first?.case;
  // Every piece that may quote the target (titles, cases, values, URLs, patterns) is escaped where it is put into its line.
  const lines = [`${indent}${mark} ${p.id} ${forTerminal(p.fingerprint.operation)}: ${forTerminal(p.title)}`];
  lines.push(`${indent}    ${countsPhrase(p.counts)}${firstCase ? `; first in ${forTerminal(firstCase)}` : ''}`);
  if (first) lines.push(`${indent}    expected ${short(first.expected)}, actual ${short(first.actual)}`);
  const repro = first?.curl ?? (first?.request ? `${first.request.method} ${first.request.url}` : undefined);
  if (repro) lines.push(`${indent}    repro:  ${forTerminal(repro)}`);
  if (p.source) lines.push(`${indent}    source: ${forTerminal(sourceText(p.source))}`);
  lines.push(`${indent}    hint:   ${forTerminal(p.hint)}`);
  return lines;
}

/** A value as JSON, escaped for the terminal (JSON leaves C1, DEL and bidi characters raw), cut to 100 characters. */
function short(value: unknown): string {
  const text = forTerminal(JSON.stringify(value) ?? String(value));
  return text.length > 100 ? `${text.slice(0, 99)}…` : text;
}

/** A consequence as one line under its cause. */
function consequenceLine(p: Problem): string {
  return `      ↳ ${p.id} consequence: ${forTerminal(p.fingerprint.operation)} ${forTerminal(p.fingerprint.rule)} at ${forTerminal(p.fingerprint.pattern || '(body)')}: ${countsPhrase(p.counts)}`;
}

/** Problem ids listed on the folded line of known problems before "and N more". */
const FOLDED_IDS = 6;

/**
 * The problems a baseline already holds (no new violation: every one known or waived), as one line:
 * how many and their ids; their detail is in the reports. They do not fail the run.
 */
function foldedKnownLine(known: Problem[]): string {
  const violations = known.reduce((k, p) => k + p.counts.violations, 0);
  const ids = known.slice(0, FOLDED_IDS).map((p) => `${p.id} ${forTerminal(p.fingerprint.rule)}`).join(', ');
  const more = known.length > FOLDED_IDS ? `, and ${known.length - FOLDED_IDS} more` : '';
  return `  known: ${n(known.length)} problem${known.length === 1 ? '' : 's'} in the baseline (${n(violations)} violation${violations === 1 ? '' : 's'}, none new), not failing the run: ${ids}${more}; detail in the reports`;
}

/**
 * The problems of the run, errors then warnings, each cause with its consequences under it; then the
 * totals. With a baseline's tally: the new problems in full, the known ones (no new violation) folded
 * into one count line, and one line per expired waiver.
 */
export function summaryTable(cases: CaseResult[], baseline?: BaselineTally, options: SummaryOptions = {}): string {
  const problems = problemsOfCases(cases, { sourceOf: options.sourceOf }).list();
  // The cases in the order the collector received them: the order of the live lines.
  const firstIn = firstCases(cases);
  const lines: string[] = [];
  if (problems.length > 0) {
    const t = problemTotals(problems);
    lines.push(`${n(t.problems)} problem${t.problems === 1 ? '' : 's'} (${n(t.causes)} cause${t.causes === 1 ? '' : 's'}, ${n(t.problems - t.causes)} consequence${t.problems - t.causes === 1 ? '' : 's'}): ${n(t.errors)} error violations, ${n(t.warnings)} warning violations`);
    // Under a baseline, a problem with nothing new is folded; a new consequence of a folded cause stands on its own.
    const known = baseline ? problems.filter((p) => p.counts.new === 0) : [];
    const shown = baseline ? problems.filter((p) => p.counts.new > 0) : problems;
    const consequences = new Map<string, Problem[]>();
    for (const p of shown) if (p.consequenceOf) consequences.set(p.consequenceOf.id, [...(consequences.get(p.consequenceOf.id) ?? []), p]);
    for (const severity of ['error', 'warning'] as const) {
      const causes = shown.filter((p) => p.severity === severity && (!p.consequenceOf || !shown.some((r) => r.id === p.consequenceOf?.id)));
      if (causes.length === 0) continue;
      lines.push('', severity === 'error' ? 'errors' : 'warnings');
      for (const p of causes) {
        const known = p.counts.known + p.counts.waived > 0 ? `    (baseline: ${n(p.counts.new)} new, ${n(p.counts.known)} known, ${n(p.counts.waived)} waived)` : undefined;
        lines.push(...problemLines(p, '  ', firstIn.get(p.id)));
        if (known) lines.push(known);
        for (const c of consequences.get(p.id) ?? []) lines.push(consequenceLine(c));
      }
    }
    if (known.length > 0) lines.push('', foldedKnownLine(known));
    lines.push('');
  }
  const passed = cases.filter((c) => c.state === 'passed').length;
  const failed = cases.filter((c) => c.state === 'failed').length;
  const skipped = cases.length - passed - failed;
  const exchanges = cases.reduce((k, c) => k + c.exchanges, 0);
  const t = problemTotals(problems);
  lines.push(`${cases.length} cases: ${passed} passed, ${failed} failed, ${skipped} skipped; ${t.errors} errors, ${t.warnings} warnings in ${problems.length} problems; ${exchanges} exchanges`);
  lines.push(...skippedLines(cases));
  if (options.rules) lines.push(...rulesExercisedLines(options.rules));
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
    text += `${command}: ${forTerminal(redact(transport))}\n`;
    exitCode = 2;
  }
  if (toolError) {
    // A tool error's line breaks are rollcall's own; whatever it quotes is escaped.
    text += `${command}: ${forTerminal(redact(toolError), { multiline: true })}\n`;
    exitCode = 2;
  }
  if (unexpected && exitCode !== 2) text += `${command}: a case failed without a violation (${forTerminal(redact(unexpected.id))}): ${forTerminal(redact(unexpected.error ?? ''), { multiline: true })}\n`;
  return { exitCode, text };
}

/** Groups of idle rules the summary lists, and rule ids per group, before "and N more". */
const RULE_GROUPS_SHOWN = 8;
const RULES_PER_GROUP = 5;

/**
 * How many rules judged something on this target, then the others grouped by what they need, so that
 * a user knows what to add to the sandbox; the whole list is in rollcall-coverage.json.
 */
export function rulesExercisedLines(r: RulesExercised): string[] {
  const lines = [rulesExercisedHeadline(r)];
  const groups = unexercisedGroups(r);
  for (const g of groups.slice(0, RULE_GROUPS_SHOWN)) {
    const more = g.rules.length > RULES_PER_GROUP ? ` and ${g.rules.length - RULES_PER_GROUP} more` : '';
    lines.push(`  - ${g.reason}, needs ${g.needs}: ${g.rules.slice(0, RULES_PER_GROUP).join(', ')}${more}`);
  }
  if (groups.length > RULE_GROUPS_SHOWN) lines.push(`  ... and ${groups.length - RULE_GROUPS_SHOWN} more groups (in rollcall-coverage.json)`);
  return lines;
}

/** The skipped cases by reason (what the target lacked), most frequent first: the summary says what a case did not check. */
export function skippedLines(cases: CaseResult[]): string[] {
  const reasons = new Map<string, number>();
  for (const c of cases) if (c.skippedBecause === 'unmet' && c.skipReason) reasons.set(c.skipReason, (reasons.get(c.skipReason) ?? 0) + 1);
  if (reasons.size === 0) return [];
  const sorted = [...reasons].sort((a, b) => b[1] - a[1]);
  const lines = [`skipped, for what the target lacks:`];
  for (const [reason, count] of sorted.slice(0, 8)) lines.push(`  - ${forTerminal(reason)} (${count} case${count === 1 ? '' : 's'})`);
  if (sorted.length > 8) lines.push(`  ... and ${sorted.length - 8} more reasons (in the report)`);
  return lines;
}
