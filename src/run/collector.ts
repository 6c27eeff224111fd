/**
 * A vitest reporter (in the runner's process) that collects each case's violations from the test's
 * meta, prints progress while the run goes, and leaves the results for the summary and the reports.
 */
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import type { Violation } from '../types.js';
import type { CaseMeta } from './suite.js';
import { evidenceFromMeta, type CaseRequest, type RulesReached } from '../report-types/evidence.js';
import { ProblemSet } from '../findings/index.js';
import { INFORMATIONAL_RULES } from '../checks/walk/informational.js';
import { forTerminal } from '../sanitize.js';
import type { ProgressListener } from './progress.js';

export interface CaseResult {
  operation: string;
  group: string;
  name: string;
  /** Stable id: operation > group > name. */
  id: string;
  state: 'passed' | 'failed' | 'skipped';
  violations: Violation[];
  exchanges: number;
  transportError?: string;
  /** `budget`: not run because --max-requests was spent; `unmet`: the target lacks what the case needs. */
  skippedBecause?: 'budget' | 'unmet';
  /** Why the case was skipped, in one line (vitest's skip note). */
  skipReason?: string;
  /** A failure that is neither violations nor transport: a bug or a tool error. */
  error?: string;
  durationMs: number;
  /** Every request of the case (redacted), with curl lines and body excerpts: what the problems' samples show. */
  requests?: CaseRequest[];
  /** The rules the case reached and judged: the summary's "rules exercised". */
  rules?: RulesReached;
}

export interface CollectorOptions {
  /** Print each failing case with its first violations (the per-case detail), instead of a line per new problem. */
  verbose?: boolean;
  /** Told of each suite collected and each case started and ended (the console's progress, src/run/progress.ts). */
  progress?: ProgressListener;
}

/** The operation a suite file tests: `suites/<operation id>.suite.ts`. */
const operationOfModule = (moduleId: string): string => moduleId.replace(/^.*\//, '').replace(/\.suite\.ts$/, '');

/** Lines of detail printed per failing case (two violations, with their curl lines). */
const DETAIL_LINES = 10;

/** A value as the detail shows it: JSON, every character a terminal could act on shown as an escape. */
const shown = (value: unknown): string => forTerminal(JSON.stringify(value) ?? String(value));

/**
 * The --verbose detail of a failing case, built from its violations (not from the failure text, whose
 * lines a server's raw line break could split): rule, path, expected, actual, hint and a curl line,
 * each piece from the target through forTerminal.
 */
export function detailLines(c: CaseResult): string[] {
  const fresh = c.violations.filter((v) => !v.baseline);
  const errors = fresh.filter((v) => v.severity === 'error');
  // A case that failed without an error failed under --strict, on its warnings (src/run/outcome.ts failing).
  const failing = errors.length > 0 ? errors : fresh.filter((v) => !INFORMATIONAL_RULES.has(v.rule));
  const lines: string[] = [];
  for (const v of failing) {
    if (lines.length >= DETAIL_LINES) break;
    lines.push(`${v.rule} (${v.severity}) at ${forTerminal(v.path || '(body)')}: ${forTerminal(v.message)}`);
    lines.push(`  expected: ${shown(v.expected)}`, `  actual:   ${shown(v.actual)}`, `  hint:     ${forTerminal(v.hint)}`);
    const curl = v.request ? c.requests?.find((r) => r.url === v.request?.url)?.curl : undefined;
    if (curl) lines.push(`  repro:    ${forTerminal(curl)}`);
    if (v.repeat) lines.push(`  (this stands for ${v.repeat} like it on this request)`);
  }
  return lines.slice(0, DETAIL_LINES);
}

/** Why a case broke off, in one line: its transport or tool error, the target's text escaped. */
function brokeOff(c: CaseResult): string {
  return `${c.transportError ? `  (${forTerminal(c.transportError)})` : ''}${c.error ? `  (${forTerminal(c.error.split('\n')[0] ?? '')})` : ''}`;
}

export class CollectingReporter implements Reporter {
  readonly cases: CaseResult[] = [];
  readonly errors: string[] = [];

  /** Problems as they are first seen (the live lines); the summary and the reports count from the cases. */
  private readonly live = new ProblemSet({ maxSamples: 1 });
  /** Problems given their live line: a problem first seen known (quiet) still gets one when a new violation of it comes. */
  private readonly announced = new Set<string>();

  constructor(private readonly write: (line: string) => void, private readonly options: CollectorOptions = {}) {}

  onTestModuleCollected(testModule: TestModule): void {
    this.options.progress?.moduleCollected(operationOfModule(testModule.moduleId), [...testModule.children.allTests()].length);
  }

  onTestCaseReady(testCase: TestCase): void {
    this.options.progress?.caseStarted(testCase.id, testCase.fullName);
  }

  onTestCaseResult(testCase: TestCase): void {
    this.options.progress?.caseDone(testCase.id, operationOfModule(testCase.module.moduleId));
    const meta = testCase.meta().rollcall as CaseMeta | undefined;
    const result = testCase.result();
    const operation = meta?.operation ?? testCase.module.moduleId.replace(/^.*\//, '').replace(/\.suite\.ts$/, '');
    const group = testCase.parent.type === 'suite' ? testCase.parent.name : '';
    const state = result.state === 'passed' ? 'passed' : result.state === 'failed' ? 'failed' : 'skipped';
    // Why a skipped case was skipped: the case's own reason, else vitest's note, else the reason an it.skip of a whole suite gives in its name.
    const skipReason = result.state === 'skipped' ? meta?.skipReason ?? result.note ?? (meta ? undefined : /: skipped, (.*)$/.exec(testCase.name)?.[1]) : undefined;
    const firstError = result.errors?.[0];
    const isViolation = firstError?.name === 'ConformanceError';
    const c: CaseResult = {
      operation,
      group,
      name: testCase.name,
      id: [operation, group, testCase.name].filter(Boolean).join(' > '),
      state,
      violations: meta?.violations ?? [],
      exchanges: meta?.exchanges ?? 0,
      transportError: meta?.transportError,
      skippedBecause: meta?.skippedBecause,
      ...(skipReason ? { skipReason } : {}),
      error: state === 'failed' && !isViolation && !meta?.transportError ? firstError?.message ?? 'failed' : undefined,
      durationMs: testCase.diagnostic()?.duration ?? 0,
      ...(meta?.requests ? { requests: meta.requests } : {}),
    };
    // Read through the guarded reader, as the reporters read it: a merged blob holds whatever its shard wrote.
    const rules = evidenceFromMeta(meta).rules;
    if (rules) c.rules = rules;
    this.cases.push(c);
    if (!this.options.verbose) {
      // One line per problem when it is first seen, however many items and cases it touches; known and waived ones stay quiet.
      for (const v of c.violations) {
        const { problem } = this.live.add(v, { case: c.id });
        if (v.baseline || this.announced.has(problem.id)) continue;
        this.announced.add(problem.id);
        // Titles quote field names and values from the target: escaped here, where they are put into the line.
        this.write(`  ${v.severity === 'error' ? '✗' : '!'} ${problem.id} ${forTerminal(v.operation)}: ${forTerminal(problem.title)}  (first in ${forTerminal(c.id)})\n`);
      }
      if (c.transportError || c.error) this.write(`  ✗ ${forTerminal(c.id)}${brokeOff(c)}\n`);
    } else if (state === 'failed') {
      const rules = [...new Set(c.violations.filter((v) => v.severity === 'error' && !v.baseline).map((v) => v.rule))].join(', ');
      this.write(`  ✗ ${forTerminal(c.id)}${rules ? `  [${rules}]` : ''}${brokeOff(c)}\n`);
      if (isViolation) {
        // The case's own report: rule, path, expected, actual, hint and a curl line, for its first violations.
        const lines = detailLines(c);
        if (lines.length > 0) this.write(lines.map((l) => `      ${l}`).join('\n') + '\n');
      }
    }
  }

  onTestModuleEnd(testModule: TestModule): void {
    // An error while collecting a suite (a tool error in case generation) is not a conformance result.
    const file = testModule.moduleId.replace(/^.*\//, '');
    const op = file.replace(/\.suite\.ts$/, '');
    this.options.progress?.moduleDone(op);
    const loadErrors = testModule.errors();
    if (loadErrors.length > 0) {
      // A suite that could not load ran nothing: an error (exit 2), never a check mark.
      const reason = loadErrors.map((e) => forTerminal(e.message.split('\n')[0] ?? '')).join('; ');
      this.errors.push(`suites/${file} could not be loaded: ${reason}`);
      this.write(`✗ ${op}: suites/${file} could not be loaded: ${reason}\n`);
      return;
    }
    const mine = this.cases.filter((c) => c.operation === op);
    const failed = mine.filter((c) => c.state === 'failed').length;
    const passed = mine.filter((c) => c.state === 'passed').length;
    // ✓ only for a suite whose cases ran and passed; a suite that ran nothing (all skipped) gets a dash.
    const mark = failed ? '✗' : passed > 0 ? '✓' : '-';
    this.write(`${mark} ${op}: ${passed} passed, ${failed} failed, ${mine.length - passed - failed} skipped\n`);
  }

  onTestRunEnd(_modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<unknown>): void {
    for (const e of errors) this.errors.push(String((e as { message?: string }).message ?? e));
  }
}
