/**
 * Constraint coverage, in `<reportDir>/rollcall-coverage.json`: which constraints of specs/ and
 * schemas/ (constraints.ts) the run exercised (a parameter or value sent, a bound probed, a status
 * or an enum value seen) and which it never did. The requests come from CaseMeta.requests and the
 * bodies from CaseMeta.fields (evidence.ts); without them only the requests named by violations are
 * known, and a constraint they do not show is `unknown`, not `never`.
 */
import { parameterCombinations as combinationsOf } from '../src/explore/combinations.js';
import fs from 'node:fs';
import path from 'node:path';
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import { caseTotals, formatValue, type CaseTotals } from './aggregate.js';
import { listConstraints, reportCatalog, type Constraint } from './constraints.js';
import { reportCaseOf, type ReportCase } from './evidence.js';
import type { ReporterOptions } from './types.js';
import { isValueShape, OTHER_VALUES, problemsOfCases, problemTotals, type Problem, type ProblemTotals } from '../src/findings/index.js';
import { runRulesExercised, type RuleCatalog, type RulesExercised } from '../src/findings/rules-exercised.js';

export type CoverageState = 'exercised' | 'never' | 'unknown';

export interface CoverageEntry extends Omit<Constraint, 'bound'> {
  state: CoverageState;
  /** Requests (or response fields) that exercised it. */
  count: number;
}

export interface OperationCoverage {
  operation: string;
  exercised: number;
  never: number;
  unknown: number;
  constraints: CoverageEntry[];
}

export interface Coverage {
  evidence: {
    /** complete: every case sent CaseMeta.requests; partial: only the requests named by violations. */
    requests: 'complete' | 'partial';
    /** complete: every case sent CaseMeta.fields; otherwise response enum values are unknown. */
    responses: 'complete' | 'partial' | 'none';
    /** The CaseMeta fields that were missing from some case. */
    missingMeta: string[];
  };
  totals: { constraints: number; exercised: number; never: number; unknown: number };
  operations: OperationCoverage[];
  /** Operations of the catalog that this run did not probe (not selected, or skipped). */
  operationsNotRun: string[];
  /**
   * Enum values the responses held that the documents do not list: one entry per `schema.enum` problem
   * (its id in `problem`, its violations in `count`), so that they are the problems list's counts. A
   * named value is the word itself; past the named values of a place, `(other values)` counts the rest;
   * a value of another kind is that kind in parentheses (`(null)`, `(string)`).
   */
  undocumentedValues: UndocumentedValue[];
  /** How many rules had something to judge on this target, and for each other rule why not and what would exercise it (as the console's summary). */
  rulesExercised?: RulesExercised;
}

export interface UndocumentedValue {
  operation: string;
  pointer: string;
  value: string;
  count: number;
  /** The problem that counts it, as every report names it. */
  problem: string;
}

/** The undocumented enum values of a run, from its problem list (see Coverage.undocumentedValues). */
export function undocumentedValuesOf(problems: readonly Problem[]): UndocumentedValue[] {
  const out: UndocumentedValue[] = [];
  for (const p of problems) {
    const { operation, rule, pattern, shape } = p.fingerprint;
    if (rule !== 'schema.enum') continue;
    // A named value's shape is its JSON; the other values' problem and the kinds are not words of the target.
    const value = isValueShape(shape) ? formatValue(JSON.parse(shape) as string, 60) : shape === OTHER_VALUES ? OTHER_VALUES : `(${shape})`;
    out.push({ operation, pointer: pattern, value, count: p.counts.violations, problem: p.id });
  }
  return out.sort((a, b) => a.operation.localeCompare(b.operation) || a.pointer.localeCompare(b.pointer) || b.count - a.count || a.value.localeCompare(b.value));
}

interface SeenRequest {
  operation: string;
  query: URLSearchParams;
  form?: URLSearchParams;
  status?: number;
}

function parseUrl(url: string): URLSearchParams | undefined {
  try {
    return new URL(url).searchParams;
  } catch {
    return undefined;
  }
}

const NUMBER = /^-?\d+(\.\d+)?$/;

function boundHit(c: Constraint, raw: string | null): boolean {
  const probe = c.bound?.probe;
  const limit = c.bound?.limit ?? NaN;
  if (probe === 'default') return raw === null || (NUMBER.test(raw) && Number(raw) === limit);
  if (raw === null) return false;
  if (probe === 'not-an-integer') return !/^-?\d+$/.test(raw);
  if (!NUMBER.test(raw)) return false;
  const n = Number(raw);
  if (probe === 'minimum' || probe === 'maximum') return n === limit;
  if (probe === 'below-minimum') return n < limit;
  return probe === 'above-maximum' && n > limit;
}

/** `problems`: the run's problem list (problemsOfCases of the same cases), when the caller has it already. */
export function computeCoverage(constraints: readonly Constraint[], cases: readonly ReportCase[], problems: readonly Problem[] = problemsOfCases(cases).list()): Coverage {
  const live = cases.filter((c) => c.state !== 'skipped');
  const requestsComplete = live.length > 0 && live.every((c) => c.evidence.requests);
  const withFields = live.filter((c) => c.evidence.fields).length;
  const requests: SeenRequest[] = [];
  const tallies = new Map<string, Map<string, number>>();
  const ran = new Set(live.map((c) => c.operation));
  for (const c of live) {
    if (c.evidence.requests) {
      for (const r of c.evidence.requests) {
        const query = parseUrl(r.url);
        if (!query) continue;
        requests.push({ operation: r.operation, query, status: r.status, ...(r.body !== undefined ? { form: new URLSearchParams(r.body) } : {}) });
        ran.add(r.operation);
      }
    } else {
      // Without CaseMeta.requests, the only requests known are those the violations name.
      const seen = new Set<string>();
      for (const v of c.violations) {
        const key = `${v.operation} ${v.request?.url}`;
        const query = v.request ? parseUrl(v.request.url) : undefined;
        if (!query || seen.has(key)) continue;
        seen.add(key);
        requests.push({ operation: v.operation, query });
      }
    }
    for (const t of c.evidence.fields ?? []) {
      const key = `${t.operation} ${t.pointer}`;
      const values = tallies.get(key) ?? new Map<string, number>();
      for (const [value, n] of Object.entries(t.values)) values.set(value, (values.get(value) ?? 0) + n);
      tallies.set(key, values);
    }
  }

  const countFor = (c: Constraint): number => {
    const mine = requests.filter((r) => r.operation === c.operation);
    switch (c.kind) {
      case 'query-parameter':
        return mine.filter((r) => r.query.has(c.subject)).length;
      case 'parameter-value':
        return mine.filter((r) => r.query.getAll(c.subject).includes(c.value ?? '')).length;
      case 'parameter-bound':
        return mine.filter((r) => boundHit(c, r.query.get(c.subject))).length;
      case 'request-body-value':
        return mine.filter((r) => r.form?.getAll(c.subject).includes(c.value ?? '')).length;
      case 'response-status':
        return mine.filter((r) => r.status === Number(c.subject)).length;
      case 'response-enum-value':
        return tallies.get(`${c.operation} ${c.subject}`)?.get(c.value ?? '') ?? 0;
    }
  };
  const known = (c: Constraint): boolean => {
    if (c.kind === 'response-enum-value') return withFields === live.length && live.length > 0;
    return requestsComplete;
  };

  const operations = new Map<string, OperationCoverage>();
  const notRun = new Set<string>();
  for (const c of constraints) {
    if (!ran.has(c.operation)) {
      notRun.add(c.operation);
      continue;
    }
    const count = countFor(c);
    const state: CoverageState = count > 0 ? 'exercised' : known(c) ? 'never' : 'unknown';
    const op = operations.get(c.operation) ?? { operation: c.operation, exercised: 0, never: 0, unknown: 0, constraints: [] };
    const { bound: _bound, ...rest } = c;
    op.constraints.push({ ...rest, state, count });
    op[state]++;
    operations.set(c.operation, op);
  }

  const ops = [...operations.values()];
  const missingMeta = [...(requestsComplete ? [] : ['requests']), ...(withFields === live.length ? [] : ['fields'])];
  return {
    evidence: { requests: requestsComplete ? 'complete' : 'partial', responses: withFields === 0 ? 'none' : withFields === live.length ? 'complete' : 'partial', missingMeta },
    totals: {
      constraints: ops.reduce((n, o) => n + o.constraints.length, 0),
      exercised: ops.reduce((n, o) => n + o.exercised, 0),
      never: ops.reduce((n, o) => n + o.never, 0),
      unknown: ops.reduce((n, o) => n + o.unknown, 0),
    },
    operations: ops,
    operationsNotRun: [...notRun].sort(),
    // Every case's problems, skipped ones too: a case counts what it saw before it skipped.
    undocumentedValues: undocumentedValuesOf(problems),
  };
}

/** The run's rules exercised from its cases' evidence (CaseMeta.rules): the console's figure. */
export function rulesExercisedOf(catalog: RuleCatalog, cases: readonly ReportCase[]): RulesExercised | undefined {
  return runRulesExercised(catalog, cases.map((c) => ({ operation: c.operation, exchanges: c.exchanges, rules: c.evidence.rules })));
}

/** Coverage of the run's cases against every constraint and every rule of the catalog. */
export async function coverageOfRun(cases: readonly ReportCase[], problems?: readonly Problem[]): Promise<Coverage> {
  const catalog = await reportCatalog();
  const rules = rulesExercisedOf(catalog, cases);
  return { ...computeCoverage(listConstraints(catalog), cases, problems), ...(rules ? { rulesExercised: rules } : {}) };
}

/** Coverage of a run, or why it could not be computed (the reports print the reason instead of a table). */
export async function coverageOrReason(cases: readonly ReportCase[]): Promise<Coverage | string> {
  try {
    return await coverageOfRun(cases);
  } catch (err) {
    return (err as Error).message;
  }
}

/** The run's cases and problems as every view counts them (aggregate.ts caseTotals, src/findings problemTotals). */
export interface CoverageResults extends Omit<CaseTotals, 'durationMs'>, Omit<ProblemTotals, 'new'> {}

export function resultsOf(cases: readonly ReportCase[], list: readonly Problem[] = problemsOfCases(cases).list()): CoverageResults {
  const { durationMs: _durationMs, ...counts } = caseTotals(cases);
  const { new: _new, ...problems } = problemTotals(list);
  return { ...counts, ...problems };
}

export interface CoverageReporterOptions {
  /** File name inside the report directory. Default `rollcall-coverage.json`. */
  outputFile?: string;
}

export const COVERAGE_DEFAULTS: Required<CoverageReporterOptions> = { outputFile: 'rollcall-coverage.json' };

export default class CoverageReporter implements Reporter {
  private readonly cases: ReportCase[] = [];
  private readonly own: Required<CoverageReporterOptions>;

  constructor(private readonly options: ReporterOptions, own: CoverageReporterOptions = {}) {
    this.own = { ...COVERAGE_DEFAULTS, ...own };
  }

  onTestCaseResult(testCase: TestCase): void {
    this.cases.push(reportCaseOf(testCase));
  }

  async onTestRunEnd(_modules: ReadonlyArray<TestModule>): Promise<void> {
    // One problem list for the results and the undocumented values: the same counts as every report.
    const problems = problemsOfCases(this.cases).list();
    const coverage = await coverageOfRun(this.cases, problems);
    // What the run reached of the parameter space: filter sets, filter pairs and page size x filter, per list operation.
    const parameterCombinations = combinationsOf(await reportCatalog(), this.cases.flatMap((c) => c.evidence.requests ?? []), this.cases);
    fs.mkdirSync(this.options.reportDir, { recursive: true });
    // `results`: the run's totals, the same numbers as the console and every other report.
    fs.writeFileSync(path.join(this.options.reportDir, this.own.outputFile), JSON.stringify({ ...this.options.run, results: resultsOf(this.cases, problems), ...coverage, parameterCombinations }, null, 2) + '\n');
  }
}
