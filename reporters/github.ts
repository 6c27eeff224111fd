/**
 * GitHub Actions annotations on stdout (`::error title=RULE::...`, `::warning ...`), only when
 * GITHUB_ACTIONS is set. One annotation per rule + operation + path pattern, errors first, the most
 * frequent first; GitHub shows 10 error and 10 warning annotations per step, so at most that many
 * are printed and a final notice says how many groups were left out and where to find them.
 *
 * `rollcall run` may run its suites in two vitest passes (the mutating suite alone, after the
 * others) with the same reporters: each pass prints only the groups not printed yet.
 */
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import { formatValue, groupViolations, type ViolationGroup } from './aggregate.js';
import { caseOf, type JsonCase } from './json.js';
import type { ReporterOptions } from './types.js';

export interface GithubReporterOptions {
  /** Annotations per level (error, warning); GitHub displays 10 of each per step. Default 10. */
  maxPerLevel?: number;
  /** Where to write. Default process.stdout. */
  write?: (text: string) => void;
  /** The environment to read GITHUB_ACTIONS from. Default process.env. */
  env?: NodeJS.ProcessEnv;
}

export const GITHUB_DEFAULTS = { maxPerLevel: 10 };

/** Escapes an annotation's message (GitHub's workflow-command encoding). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes an annotation property (title=...): data escaping plus `:` and `,`. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function annotation(g: ViolationGroup): string {
  const v = g.samples[0];
  const where = `${g.operation} ${g.pattern || '(body)'}`;
  const occurrences = `${g.count} occurrence${g.count === 1 ? '' : 's'} in ${g.cases} case${g.cases === 1 ? '' : 's'}`;
  const detail = v ? `${v.message} Expected ${formatValue(v.expected, 120)}, actual ${formatValue(v.actual, 120)}.` : '';
  const hint = v?.hint ? `\n${v.hint}` : '';
  return `::${g.severity} title=${escapeProperty(g.rule)}::${escapeData(`${where}: ${detail} (${occurrences})${hint}`)}\n`;
}

export default class GithubReporter implements Reporter {
  private readonly cases: JsonCase[] = [];
  private readonly printed = new Set<string>();
  private readonly printedPerLevel = { error: 0, warning: 0 };
  private leftOutNoticed = 0;
  private readonly maxPerLevel: number;
  private readonly write: (text: string) => void;
  private readonly enabled: boolean;

  constructor(private readonly options: ReporterOptions, own: GithubReporterOptions = {}) {
    this.maxPerLevel = own.maxPerLevel ?? GITHUB_DEFAULTS.maxPerLevel;
    this.write = own.write ?? ((text) => void process.stdout.write(text));
    this.enabled = Boolean((own.env ?? process.env).GITHUB_ACTIONS);
  }

  onTestCaseResult(testCase: TestCase): void {
    if (this.enabled) this.cases.push(caseOf(testCase));
  }

  onTestRunEnd(_modules: ReadonlyArray<TestModule>): void {
    if (!this.enabled) return;
    let leftOut = 0;
    for (const g of groupViolations(this.cases, 1)) {
      if (this.printed.has(g.key)) continue;
      if (this.printedPerLevel[g.severity] >= this.maxPerLevel) {
        leftOut++;
        continue;
      }
      this.printed.add(g.key);
      this.printedPerLevel[g.severity]++;
      this.write(annotation(g));
    }
    if (leftOut > this.leftOutNoticed) {
      this.leftOutNoticed = leftOut;
      const report = this.options.reportDir;
      this.write(
        `::notice title=${escapeProperty('rollcall: annotations capped')}::${escapeData(
          `${leftOut} more violation group${leftOut === 1 ? ' was' : 's were'} not annotated: rollcall prints at most ${this.maxPerLevel} error and ${this.maxPerLevel} warning annotations, as GitHub shows only 10 of each per step. Every group is in the reports written to ${report}.`,
        )}\n`,
      );
    }
  }
}
