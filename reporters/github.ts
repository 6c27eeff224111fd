/**
 * GitHub Actions annotations on stdout (`::error title=RULE (PROBLEM)::...`, `::warning ...`), only
 * when GITHUB_ACTIONS is set. One annotation per problem (src/findings) that is a cause, its
 * consequences named in it; errors first, the most frequent first; GitHub shows 10 error and 10 warning annotations per step, so at most that many
 * are printed and a final notice says how many groups were left out and where to find them.
 *
 * `rollcall run` may run its suites in two vitest passes (the mutating suite alone, after the
 * others) with the same reporters, and a case of the second pass may add to a problem of the first.
 * So that an annotation's counts are the run's, never a pass's: writing to stdout (the default), the
 * annotations are printed once, when the run ends (`onRollcallRunEnd`, which the runner may call
 * after its last pass, or else when the process exits); with a `write` option, at the end of each
 * pass, each problem once.
 */
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import { formatValue } from './aggregate.js';
import { reportCaseOf, type ReportCase } from './evidence.js';
import { countsPhrase, problemsOfCases, provenanceResolver, sourceText, type Problem } from '../src/findings/index.js';
import type { ReporterOptions } from './types.js';
import { forAnnotationData, forAnnotationProperty, forCiLog, forTerminal } from '../src/sanitize.js';

export interface GithubReporterOptions {
  /** Annotations per level (error, warning); GitHub displays 10 of each per step. Default 10. */
  maxPerLevel?: number;
  /** Where to write. Default process.stdout. */
  write?: (text: string) => void;
  /** The environment to read GITHUB_ACTIONS from. Default process.env. */
  env?: NodeJS.ProcessEnv;
}

export const GITHUB_DEFAULTS = { maxPerLevel: 10 };

/**
 * An annotation's message (src/sanitize.ts forAnnotationData, line by line): the line feeds are
 * rollcall's own (encoded `%0A`, GitHub shows them as line breaks); every other control character is
 * shown as an escape, and no line holds a workflow command once decoded (forCiLog: a visible
 * backslash in a leading `::` or a `##[`). Text from the target must already be one line
 * (forTerminal) where it is put in.
 */
export function escapeData(text: string): string {
  return text.split('\n').map((line) => forAnnotationData(forCiLog(line))).join('%0A');
}

/** An annotation property (title=...): one line, data escaping plus `:` and `,` (forAnnotationProperty), no `##[`. */
export function escapeProperty(text: string): string {
  return forAnnotationProperty(forCiLog(text));
}

/** A value in an annotation: one short line (formatValue), its control characters shown as escapes. */
const value = (v: unknown): string => forTerminal(formatValue(v, 120));

/** One annotation per problem: where, what, how widespread, its consequences, the hint and the constraint's source. */
export function annotation(p: Problem, consequences: readonly Problem[] = []): string {
  const v = p.samples[0];
  // Each piece that may quote the target is one line (forTerminal) before rollcall joins them with its own line breaks.
  const where = `${forTerminal(p.fingerprint.operation)} ${forTerminal(p.fingerprint.pattern || '(body)')}`;
  const detail = v ? `${forTerminal(v.message)} Expected ${value(v.expected)}, actual ${value(v.actual)}.` : '';
  const follow = consequences.length > 0 ? `\nConsequences: ${consequences.map((c) => `${forTerminal(c.fingerprint.rule)} at ${forTerminal(c.fingerprint.pattern || '(body)')} (${c.counts.violations})`).join(', ')}.` : '';
  const repro = v?.curl ? `\nRepro: ${forTerminal(v.curl)}` : '';
  const source = p.source ? `\nSource: ${forTerminal(sourceText(p.source))}` : '';
  const hint = p.hint ? `\n${forTerminal(p.hint)}` : '';
  return `::${p.severity} title=${escapeProperty(`${p.fingerprint.rule} (${p.id})`)}::${escapeData(`${where}: ${detail} (${countsPhrase(p.counts)})${follow}${hint}${repro}${source}`)}\n`;
}

export default class GithubReporter implements Reporter {
  private readonly cases: ReportCase[] = [];
  private readonly printed = new Set<string>();
  private readonly printedPerLevel = { error: 0, warning: 0 };
  private leftOutNoticed = 0;
  private readonly maxPerLevel: number;
  private readonly write: (text: string) => void;
  private readonly enabled: boolean;
  /** Writing to stdout: print once at the end of the run, not at the end of each pass. */
  private readonly atRunEnd: boolean;
  private sourceOf: Awaited<ReturnType<typeof provenanceResolver>> | undefined;
  private exitHook: (() => void) | undefined;

  constructor(private readonly options: ReporterOptions, own: GithubReporterOptions = {}) {
    this.maxPerLevel = own.maxPerLevel ?? GITHUB_DEFAULTS.maxPerLevel;
    this.atRunEnd = own.write === undefined;
    // Also at process exit: stdout to a file, a pipe or a terminal is written synchronously on Linux (GitHub's runners).
    this.write = own.write ?? ((text) => void process.stdout.write(text));
    this.enabled = Boolean((own.env ?? process.env).GITHUB_ACTIONS);
  }

  onTestCaseResult(testCase: TestCase): void {
    if (this.enabled) this.cases.push(reportCaseOf(testCase));
  }

  async onTestRunEnd(_modules: ReadonlyArray<TestModule>): Promise<void> {
    if (!this.enabled) return;
    this.sourceOf = await provenanceResolver();
    if (!this.atRunEnd) return this.print();
    if (!this.exitHook) {
      this.exitHook = () => this.onRollcallRunEnd();
      process.once('exit', this.exitHook);
    }
  }

  /** The run is over (every pass): prints the annotations not printed yet. Called by the runner, or at process exit. */
  onRollcallRunEnd(): void {
    if (this.exitHook) process.off('exit', this.exitHook);
    this.exitHook = undefined;
    if (this.enabled && this.cases.length > 0) this.print();
  }

  private print(): void {
    let leftOut = 0;
    const problems = problemsOfCases(this.cases, { maxSamples: 1, sourceOf: this.sourceOf }).list();
    // Consequences ride on their cause's annotation.
    const causes = problems.filter((p) => !p.consequenceOf || !problems.some((r) => r.id === p.consequenceOf?.id));
    for (const p of causes) {
      if (this.printed.has(p.id)) continue;
      if (this.printedPerLevel[p.severity] >= this.maxPerLevel) {
        leftOut++;
        continue;
      }
      this.printed.add(p.id);
      this.printedPerLevel[p.severity]++;
      this.write(annotation(p, problems.filter((c) => c.consequenceOf?.id === p.id)));
    }
    if (leftOut > this.leftOutNoticed) {
      this.leftOutNoticed = leftOut;
      const report = this.options.reportDir;
      this.write(
        `::notice title=${escapeProperty('rollcall: annotations capped')}::${escapeData(
          `${leftOut} more problem${leftOut === 1 ? ' was' : 's were'} not annotated: rollcall prints at most ${this.maxPerLevel} error and ${this.maxPerLevel} warning annotations, as GitHub shows only 10 of each per step. Every problem is in the reports written to ${report}.`,
        )}\n`,
      );
    }
  }
}
