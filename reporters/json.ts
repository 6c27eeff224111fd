/**
 * JSON report, `<reportDir>/rollcall-report.json`: the run's metadata, exact totals, every problem
 * (src/findings) with its counts and capped samples, and every case with the first violation of each
 * of its problems. Its JSON Schema is schemas/report/rollcall-report.schema.json: the shape scripts
 * read; extend it, never break it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import type { CaseMeta } from '../src/report-types/case-meta.js';
import type { ReporterOptions, RunMeta } from './types.js';
import { caseTotals, sortCases, type Totals } from './aggregate.js';
import { reportCaseOf, type ReportCase } from './evidence.js';
import type { JsonCase } from './case.js';
import type { RuleCatalog, RulesExercised } from '../src/findings/rules-exercised.js';
import { rulesExercisedOf } from './coverage.js';
import { sharedCatalog } from '../src/catalog/shared.js';
import { DEFAULT_MAX_SAMPLES, firstCases, weight, problemIdsOf, problemsOfCases, problemTotals, provenanceResolver, type ConstraintSource, type Fingerprint, type Problem } from '../src/findings/index.js';

export { caseOf, type JsonCase } from './case.js';

/** A case as the JSON report writes it: its violations cut to the first of each problem, with exact counts. */
export interface JsonReportCase extends Omit<JsonCase, 'violations'> {
  /** The first violation of each of the case's problems (every one is counted in `problems`). */
  violations: CaseMeta['violations'];
  /** Exact: the case's violations, of which errors. */
  violationCount: number;
  errorCount: number;
  /** The case's problems (ids into the report's `problems`) with the case's count of each. */
  problems: Array<{ id: string; violations: number }>;
}

export interface JsonReport extends RunMeta {
  /** The report's JSON Schema: schemas/report/rollcall-report.schema.json. */
  $schema: string;
  /** Exact totals of the run. */
  totals: Omit<Totals, 'durationMs'> & { problems: number; causes: number; violations: number };
  /** How many rules had something to judge on this target; the others with why not and what they need (src/findings/rules-exercised.ts). */
  rulesExercised?: RulesExercised;
  /** Sample occurrences kept per problem (`--max-samples`). */
  maxSamples: number;
  /** Every problem of the run: errors first, causes before their consequences; `firstCase` is the first case that saw it, in the run's order (the console's "first in"). */
  problems: Array<Problem & { firstCase?: string }>;
  cases: JsonReportCase[];
}

export const REPORT_SCHEMA_ID = 'https://rollcall.dev/schemas/report/rollcall-report.schema.json';

/** The JSON report of a run's cases: its size grows with the causes and the cases, not with the items. */
export function jsonReport(
  cases: readonly ReportCase[],
  run: RunMeta,
  options: { maxSamples?: number; sourceOf?: (f: Fingerprint) => ConstraintSource | undefined; rules?: RuleCatalog } = {},
): JsonReport {
  const set = problemsOfCases(cases, { maxSamples: options.maxSamples ?? DEFAULT_MAX_SAMPLES, sourceOf: options.sourceOf });
  const first = firstCases(cases);
  const problems = set.list().map((p) => {
    const firstCase = first.get(p.id);
    return firstCase === undefined ? p : { ...p, firstCase };
  });
  const t = problemTotals(problems);
  // Counts only: a duration differs between runs (and between a run and its merged shards).
  const { durationMs: _durationMs, ...counts } = caseTotals(cases);
  const totals = { ...counts, errors: t.errors, warnings: t.warnings, problems: t.problems, causes: t.causes, violations: t.violations };
  // Each violation's problem as the list above names it (read in the run's order, before sorting).
  const idOf = problemIdsOf(cases);
  const out: JsonReportCase[] = sortCases(cases).map((c) => {
    const { violations, evidence: _evidence, ...rest } = c;
    const perProblem = new Map<string, { id: string; violations: number }>();
    const firsts: CaseMeta['violations'] = [];
    let errors = 0;
    let count = 0;
    for (const v of violations) {
      const w = weight(v);
      count += w;
      if (v.severity === 'error') errors += w;
      const id = idOf(v);
      const entry = perProblem.get(id);
      if (entry) entry.violations += w;
      else {
        perProblem.set(id, { id, violations: w });
        // The violation as the report's schema shows it: what it stands for is counted in `problems`.
        const { repeat: _repeat, items: _items, ...first } = v;
        firsts.push(first);
      }
    }
    return { ...rest, violations: firsts, violationCount: count, errorCount: errors, problems: [...perProblem.values()] };
  });
  const rules = options.rules ? rulesExercisedOf(options.rules, cases) : undefined;
  const exercised = rules ? { rulesExercised: rules } : {};
  return { $schema: REPORT_SCHEMA_ID, ...run, totals, ...exercised, maxSamples: set.maxSamples, problems, cases: out };
}

export default class JsonReporter implements Reporter {
  private readonly cases: ReportCase[] = [];
  constructor(private readonly options: ReporterOptions) {}

  onTestCaseResult(testCase: TestCase): void {
    this.cases.push(reportCaseOf(testCase));
  }

  async onTestRunEnd(_modules: ReadonlyArray<TestModule>): Promise<void> {
    fs.mkdirSync(this.options.reportDir, { recursive: true });
    const report = jsonReport(this.cases, this.options.run, { maxSamples: this.options.maxSamples, sourceOf: await provenanceResolver(), rules: await sharedCatalog() });
    fs.writeFileSync(path.join(this.options.reportDir, 'rollcall-report.json'), JSON.stringify(report, null, 2) + '\n');
  }
}
