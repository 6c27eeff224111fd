/**
 * A Markdown summary short enough for a PR comment, in `<reportDir>/rollcall-summary.md`: totals,
 * violations per operation and rule, the top violation groups with one sample each, and constraint
 * coverage; every list is cut with an "and N more" line, so the summary stays under ~60 lines
 * whatever the run found. Also appended to $GITHUB_STEP_SUMMARY when that variable is set.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import { formatValue, ruleCounts, totalsOf } from './aggregate.js';
import { countsPhrase, problemsOfCases, problemTotals, provenanceResolver, sourceText, type ConstraintSource, type Fingerprint } from '../src/findings/index.js';
import { coverageOrReason, type Coverage } from './coverage.js';
import { rulesExercisedHeadline, unexercisedGroups } from '../src/findings/rules-exercised.js';
import { reportCaseOf, type ReportCase } from './evidence.js';
import type { ReporterOptions, RunMeta } from './types.js';
import { forCiLog, forMarkdown, forMarkdownCode } from '../src/sanitize.js';

export interface MarkdownReporterOptions {
  /** File name inside the report directory. Default `rollcall-summary.md`. */
  outputFile?: string;
  /** Rows of the operation x rule table. Default 10. */
  maxRuleRows?: number;
  /** Problems (causes) shown with a sample, their source and their consequences. Default 5. */
  topGroups?: number;
  /** Constraints named per operation in the "never exercised" list. Default 6. */
  maxNever?: number;
  /** The environment to read GITHUB_STEP_SUMMARY from. Default process.env. */
  env?: NodeJS.ProcessEnv;
}

export const MARKDOWN_DEFAULTS = { outputFile: 'rollcall-summary.md', maxRuleRows: 10, topGroups: 5, maxNever: 6 };

/**
 * A value as a code span no backtick inside can close (src/sanitize.ts forMarkdownCode). A code span
 * shows its text literally, so a `::` or `##[` that a runner could read as a workflow command is
 * neutralised first (forCiLog's visible backslash): the step summary holds no such line.
 */
function code(text: string): string {
  return forMarkdownCode(forCiLog(text));
}

/** Text from the target inline (a title, a case, a table cell): no HTML, no Markdown syntax, one line. */
// Operation and rule ids are the catalog's (never the target's): they are written as they are.
function cell(text: string): string {
  return forMarkdown(text);
}

/** Groups of idle rules the summary lists (rules exercised). */
const RULE_GROUPS = 4;

export function coverageLines(coverage: Coverage, maxNever: number): string[] {
  const t = coverage.totals;
  const lines = [`${t.exercised} of ${t.constraints} constraints exercised, ${t.never} never, ${t.unknown} unknown.`];
  if (coverage.evidence.missingMeta.length > 0) {
    lines.push(`Unknown: the cases did not send ${coverage.evidence.missingMeta.map((m) => `CaseMeta.${m}`).join(' and ')}; only the requests named by violations are known.`);
  }
  const withNever = coverage.operations.filter((o) => o.never > 0);
  if (withNever.length > 0) lines.push('Never exercised:');
  for (const o of withNever) {
    const never = o.constraints.filter((c) => c.state === 'never').map((c) => `${c.kind === 'response-status' ? 'status ' : ''}${c.subject}${c.value !== undefined ? ` ${c.value}` : ''}`);
    lines.push(`- ${o.operation}: ${never.slice(0, maxNever).map(code).join(', ')}${never.length > maxNever ? `, and ${never.length - maxNever} more` : ''}`);
  }
  if (coverage.undocumentedValues.length > 0) {
    const shown = coverage.undocumentedValues.slice(0, 4).map((u) => `${code(u.value)} at ${code(u.pointer)}`);
    const more = coverage.undocumentedValues.length - shown.length;
    lines.push(`Undocumented enum values seen: ${shown.join(', ')}${more > 0 ? `, and ${more} more` : ''}.`);
  }
  if (coverage.rulesExercised) {
    // Rule ids and what they need are rollcall's own words, never the target's.
    lines.push('', `${rulesExercisedHeadline(coverage.rulesExercised)}.`);
    // A few groups, the largest first: the summary stays short; rollcall-coverage.json lists every rule.
    const groups = unexercisedGroups(coverage.rulesExercised);
    for (const g of groups.slice(0, RULE_GROUPS)) lines.push(`- ${g.reason}, needs ${g.needs}: ${g.rules.slice(0, maxNever).map(code).join(', ')}${g.rules.length > maxNever ? `, and ${g.rules.length - maxNever} more` : ''}`);
    if (groups.length > RULE_GROUPS) lines.push(`- and ${groups.length - RULE_GROUPS} more groups (rollcall-coverage.json)`);
  }
  return lines;
}

export function markdownSummary(cases: readonly ReportCase[], run: RunMeta, coverage: Coverage | string, options: typeof MARKDOWN_DEFAULTS = MARKDOWN_DEFAULTS, sourceOf?: (f: Fingerprint) => ConstraintSource | undefined): string {
  // Every count below comes from this one list (the one the console and every report count from).
  const problems = problemsOfCases(cases, { maxSamples: 1, sourceOf }).list();
  const t = totalsOf(cases, problems);
  const pt = problemTotals(problems);
  const verdict = t.failed > 0 ? `✗ ${t.failed} of ${t.cases} cases failed` : `✓ ${t.passed} of ${t.cases} cases passed`;
  const lines: string[] = [
    `## rollcall: ${verdict}`,
    '',
    `Target ${code(run.target)}${run.strict ? ', strict' : ''}${run.shard ? `, shard ${run.shard}` : ''}; started ${run.startedAt}.`,
    `**${pt.problems} problems (${pt.causes} causes): ${pt.errors} errors, ${pt.warnings} warnings** in ${t.cases} cases (${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped), ${t.exchanges} exchanges.`,
  ];

  const causes = problems.filter((p) => !p.consequenceOf || !problems.some((r) => r.id === p.consequenceOf?.id));
  if (causes.length > 0) {
    lines.push('', '### Problems', '');
    causes.slice(0, options.topGroups).forEach((p, i) => {
      const v = p.samples[0];
      lines.push(`${i + 1}. ${p.severity === 'error' ? '✗' : '⚠'} **${cell(p.title)}** (${p.fingerprint.operation}, ${code(p.id)}): ${countsPhrase(p.counts)}`);
      if (v) lines.push(`   e.g. expected ${code(formatValue(v.expected, 60))}, actual ${code(formatValue(v.actual, 60))}${v.case ? ` in ${code(formatValue(v.case, 100))}` : ''}`);
      if (p.source) lines.push(`   source: ${code(sourceText(p.source))}`);
      const consequences = problems.filter((c) => c.consequenceOf?.id === p.id);
      if (consequences.length > 0) {
        const shown = consequences.slice(0, 3).map((c) => `${c.fingerprint.rule} at ${code(c.fingerprint.pattern || '(body)')} (${c.counts.violations})`);
        lines.push(`   consequences: ${shown.join(', ')}${consequences.length > 3 ? `, and ${consequences.length - 3} more` : ''}`);
      }
    });
    if (causes.length > options.topGroups) lines.push('', `and ${causes.length - options.topGroups} more problems (${causes.slice(options.topGroups).reduce((n, p) => n + p.counts.violations, 0)} violations): see rollcall-report.html.`);
  }

  const rows = ruleCounts(problems, cases);
  if (rows.length > 0) {
    lines.push('', '### Violations by operation and rule', '', '| operation | rule | errors | warnings | cases |', '|---|---|--:|--:|--:|');
    for (const r of rows.slice(0, options.maxRuleRows)) lines.push(`| ${r.operation} | ${r.rule} | ${r.errors} | ${r.warnings} | ${r.cases} |`);
    const rest = rows.slice(options.maxRuleRows);
    if (rest.length > 0) {
      lines.push('', `and ${rest.length} more rows (${rest.reduce((n, r) => n + r.errors, 0)} errors, ${rest.reduce((n, r) => n + r.warnings, 0)} warnings).`);
    }
  }

  lines.push('', '### Constraint coverage', '');
  if (typeof coverage === 'string') lines.push(`Coverage could not be computed: ${cell(coverage)}`);
  else lines.push(...coverageLines(coverage, options.maxNever));
  lines.push('', 'Details: rollcall-report.html, rollcall-junit.xml, rollcall-report.json, rollcall-coverage.json.', '');
  return lines.join('\n');
}

export default class MarkdownReporter implements Reporter {
  private readonly cases: ReportCase[] = [];
  private readonly own: typeof MARKDOWN_DEFAULTS;
  private readonly env: NodeJS.ProcessEnv;
  /** Where our section of $GITHUB_STEP_SUMMARY starts: a second vitest pass rewrites it, never appends twice. */
  private stepSummaryOffset: number | undefined;

  constructor(private readonly options: ReporterOptions, own: MarkdownReporterOptions = {}) {
    const { env, ...rest } = own;
    this.own = { ...MARKDOWN_DEFAULTS, ...rest };
    this.env = env ?? process.env;
  }

  onTestCaseResult(testCase: TestCase): void {
    this.cases.push(reportCaseOf(testCase));
  }

  async onTestRunEnd(_modules: ReadonlyArray<TestModule>): Promise<void> {
    const coverage = await coverageOrReason(this.cases);
    const text = markdownSummary(this.cases, this.options.run, coverage, this.own, await provenanceResolver());
    fs.mkdirSync(this.options.reportDir, { recursive: true });
    fs.writeFileSync(path.join(this.options.reportDir, this.own.outputFile), text);
    const stepSummary = this.env.GITHUB_STEP_SUMMARY;
    if (stepSummary) {
      this.stepSummaryOffset ??= fs.existsSync(stepSummary) ? fs.statSync(stepSummary).size : 0;
      if (fs.existsSync(stepSummary)) fs.truncateSync(stepSummary, this.stepSummaryOffset);
      fs.appendFileSync(stepSummary, text);
    }
  }
}
