/**
 * `rollcall run`: builds the target, runs the suites through vitest's Node API with the target
 * provided to them, collects every case's violations, prints the summary, writes the report.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BaseSequencer, createVitest, type Reporter, type TestModule, type TestSpecification, type Vitest } from 'vitest/node';
import type { ApiName } from '../types.js';
import type { OperationInfo } from '../catalog/specs.js';
import { ROOT } from '../paths.js';
import { loadCatalog } from '../catalog/catalog.js';
import { CollectingReporter, type CaseResult } from './collector.js';
import { summaryTable, verdict } from './summary.js';
import { sharedCatalog } from '../catalog/shared.js';
import { runRulesExercised } from '../findings/rules-exercised.js';
import { liveTarget, mockTarget, type BuiltTarget } from './targets.js';
import { nothingCheckedLines, emptyParentLines, preflight, PreflightError, preflightLine } from './preflight.js';
import { mutableScope, probeFactory } from './probes.js';
import { discover, discoveryLine } from './discovery.js';
import { BudgetSpent, TransportError } from './probe.js';
import { RunConsole, type ConsoleStream } from './console.js';
import { RunProgress } from './progress.js';
import { isMutating, specOperations } from './spec-operations.js';
import { replayTarget, writeTargetFile } from './replay.js';
import type { RunSettings, TargetKind } from './target.js';
import { Redactor } from './redact.js';
import { secretsOf, type TargetInfo } from './target.js';
import { createRequire } from 'node:module';
import { createReporters, defaultReporters, REPORTERS } from '../../reporters/index.js';
import type { RunMeta } from '../report-types/run-meta.js';
import { existingBaseline, loadBaseline, saveBaseline, tally, todayUtc } from '../baseline/index.js';
import { BLOBS_DIR, blobFile, clearShardFiles, reportsLine, writeShardMeta } from './merge.js';
import { provenanceOf } from '../findings/index.js';

export interface RunOptions {
  target: TargetKind;
  apis: ApiName[];
  strict?: boolean;
  reportDir?: string;
  faults?: string[];
  /** Mock target: how the stateful faults behave. */
  faultSettings?: Record<string, number>;
  /** Mock target: participant events per API request in in-progress rooms and sessions (src/mock/churn.ts). */
  churn?: number;
  seed?: number;
  recordDir?: string;
  fromDir?: string;
  allowMutations?: string;
  settings?: Partial<RunSettings>;
  env?: NodeJS.ProcessEnv;
  write?: (text: string) => void;
  /** Only run cases whose name matches (vitest's -t). */
  testNamePattern?: string;
  /** Reporter names (reporters/index.ts); default defaultReporters() when a report directory is given. */
  reporters?: string[];
  /** `k/n`: run the k-th of n shards (vitest's sharding), writing a blob report to <reportDir>/blobs. */
  shard?: string;
  /** A baseline file: the run fails only on violations it neither knows nor waives. */
  baseline?: string;
  /** Write this run's violations as a baseline to this file (keeping the waivers of --baseline, or of the file it replaces). */
  writeBaseline?: string;
  /** Print each failing case with its first violations, instead of a line per new problem. */
  verbose?: boolean;
  /** Sample occurrences kept per problem in the reports (default src/findings DEFAULT_MAX_SAMPLES). */
  maxSamples?: number;
  /** A parent with nothing to test, or an operation whose cases all lacked what they need, is not an error (exit 2) but a note. */
  allowEmpty?: boolean;
  /** Stop the run after this many milliseconds: what was gathered is reported, marked interrupted, exit 2. */
  maxDurationMs?: number;
  /** Stop on these signals (default SIGINT and SIGTERM): partial reports marked interrupted, exit 128 + the signal's number. */
  signals?: NodeJS.Signals[];
  /**
   * The console `write` prints to: whether it is a terminal (a status line, lines fitted to its
   * `columns`, colour) and the environment that turns colour on or off (NO_COLOR, FORCE_COLOR).
   * Default process.stdout and process.env.
   */
  console?: { stream?: ConsoleStream; env?: NodeJS.ProcessEnv; progressEveryMs?: number };
}

/** A usage error of runSuites' options: thrown before anything starts (no server, no request). */
export class RunOptionsError extends Error {
  override name = 'RunOptionsError';
}

/**
 * Every check of the options that needs no target: made before a mock starts or a request is sent, so
 * that a usage error ends the run at once instead of after a server it would have to stop.
 */
export function checkRunOptions(options: RunOptions): void {
  if (options.shard && !options.reportDir) throw new RunOptionsError('--shard needs --report-dir: each shard writes a blob report there for `rollcall report --merge`');
  const unknown = (options.reporters ?? []).filter((r) => !Object.prototype.hasOwnProperty.call(REPORTERS, r));
  if (unknown.length) throw new RunOptionsError(`unknown reporter ${unknown.join(', ')}; reporters: ${Object.keys(REPORTERS).join(', ')}`);
  if (options.reporters?.length && !options.reportDir && options.reporters.some((r) => r !== 'github')) throw new RunOptionsError('--reporter writes files: give --report-dir DIR too');
  if (options.target === 'replay' && !options.fromDir) throw new RunOptionsError('--target replay needs --from DIR (a directory written by --record)');
  if (options.maxDurationMs !== undefined && !(options.maxDurationMs > 0)) throw new RunOptionsError('--max-duration must be a positive number of seconds');
}

/** Exit codes of a stopped run, as a shell reports a process killed by the signal (128 + its number). */
const SIGNAL_EXIT: Partial<Record<NodeJS.Signals, 130 | 143>> = { SIGINT: 130, SIGTERM: 143 };

export interface RunResult {
  exitCode: 0 | 1 | 2 | 130 | 143;
  cases: CaseResult[];
  target: string;
  durationMs: number;
  reportFile?: string;
}

/** Each operation of the specs and its API (from specs/*.yaml: nothing to add here for a new operation). */
export const OPERATION_APIS: Readonly<Record<string, ApiName>> = Object.fromEntries(specOperations().map((o) => [o.id, o.api]));

/** What `import ... from 'rollcall/suite'` in suites/ loads: the compiled src/run/suite.ts. */
const SUITE_MODULE = path.join(ROOT, 'dist', 'src', 'run', 'suite.js');
/** The package's compiled modules, wherever it is installed. */
const DIST_MODULES = new RegExp(`^${path.join(ROOT, 'dist').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[\\/]`);

export async function runSuites(options: RunOptions): Promise<RunResult> {
  if (!fs.existsSync(SUITE_MODULE)) throw new Error(`rollcall run: ${SUITE_MODULE} is missing; build the package first (npm run build)`);
  checkRunOptions(options);
  const started = Date.now();
  // The console is a human and CI channel: every line the run prints passes the one sanitiser
  // (src/sanitize.ts, in RunConsole.print), so text a server sent can neither move the cursor nor start a
  // workflow command; colour is added after it, to rollcall's own marks only. Untrusted pieces are
  // escaped where they are put into a line; this is the backstop for the rest.
  const progress = new RunProgress();
  const con = new RunConsole({ write: options.write, stream: options.console?.stream, env: options.console?.env, progress, progressEveryMs: options.console?.progressEveryMs });
  const write = con.print;
  con.start();
  // Configuration errors (an override for an unknown rule...) stop the run here, before any request.
  // Without overrides the run's catalog is the process's shared one (the reporters' too): compiled once, not twice.
  const overrides = options.settings?.severity;
  const catalog = overrides && Object.keys(overrides).length > 0 ? await loadCatalog({ severity: overrides }) : await sharedCatalog();
  const today = todayUtc();
  const baseline = options.baseline ? loadBaseline(options.baseline) : undefined;
  const carried = options.writeBaseline ? baseline ?? existingBaseline(options.writeBaseline) : undefined;
  // One file counts every request of the run, across workers and passes (see Probe): --max-requests is exact.
  const budgetDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-budget-'));
  const budgetFile = path.join(budgetDir, 'requests');
  fs.writeFileSync(budgetFile, '');
  progress.countRequestsWith(() => fs.statSync(budgetFile, { throwIfNoEntry: false })?.size ?? 0);
  const settings: Partial<RunSettings> = { ...options.settings, strict: options.strict ?? false, recordDir: options.recordDir, budgetFile, baseline };
  let built: BuiltTarget | undefined;
  try {
    if (options.target === 'mock') built = await mockTarget({ seed: options.seed, faults: options.faults, faultSettings: options.faultSettings, churn: options.churn, apis: options.apis, settings });
    else if (options.target === 'live') built = liveTarget(options.env ?? process.env, { apis: options.apis, allowMutations: options.allowMutations, settings });
    else built = await replayTarget(options.fromDir as string, { apis: options.apis, settings });
    return await runOnTarget(built, { options, catalog, started, write, baseline, carried, today, budgetFile, con, progress });
  } finally {
    con.stop();
    // Whatever happened (a usage error found late, a tool error, an interruption), the target's servers stop: the process never hangs on them.
    await built?.close();
    fs.rmSync(budgetDir, { recursive: true, force: true });
  }
}

interface RunContext {
  options: RunOptions;
  catalog: Awaited<ReturnType<typeof loadCatalog>>;
  started: number;
  write: (text: string) => void;
  baseline: ReturnType<typeof loadBaseline> | undefined;
  carried: ReturnType<typeof existingBaseline> | undefined;
  today: string;
  budgetFile: string;
  con: RunConsole;
  progress: RunProgress;
}

async function runOnTarget(built: BuiltTarget, ctx: RunContext): Promise<RunResult> {
  const { options, catalog, started, write, baseline, carried, today, budgetFile, con, progress } = ctx;
  const { target } = built;
  const redactor = new Redactor(secretsOf(target));
  progress.redactWith((t) => redactor.text(t));
  const early = (exitCode: 2, line: string): RunResult => {
    con.stop();
    write(`rollcall run: ${redactor.text(line)}\n`);
    return { exitCode, cases: [], target: redactor.text(target.label), durationMs: Date.now() - started };
  };
  write(`rollcall run: ${redactor.text(target.label)}\n`);
  const explore = target.settings.explore;
  if (explore) write(`rollcall run: seed ${explore.seed}; ${explore.replayCase ? `replaying generated case ${explore.replayCase}` : `${explore.cases} generated cases per list operation`} (--explore, src/explore/)\n`);
  for (const s of target.skipped) write(`skipped ${s.api}: ${s.reason}\n`);
  if (target.skipped.length >= options.apis.length) {
    return early(2, `nothing to run: every selected API is skipped (${target.skipped.map((s) => s.api).join(', ')})`);
  }

  // Interruption: SIGINT/SIGTERM or --max-duration stop the run; what was gathered is reported, marked interrupted.
  let stopped: { exitCode: 2 | 130 | 143; line: string } | undefined;
  let current: Vitest | undefined;
  const onStop: Array<(line: string) => void> = [];
  const stop = (exitCode: 2 | 130 | 143, line: string) => {
    if (stopped) {
      // A second signal: the user means it (the status line goes first: the shell's prompt is not written after it).
      if (exitCode !== 2) {
        con.stop();
        process.exit(exitCode);
      }
      return;
    }
    stopped = { exitCode, line };
    for (const listener of onStop) listener(line);
    write(`\nrollcall run: ${line}; stopping after the cases under way, reports will be partial\n`);
    void current?.cancelCurrentRun('keyboard-input');
  };
  const signals = options.signals ?? ['SIGINT', 'SIGTERM'];
  const onSignal = (signal: NodeJS.Signals) => stop(SIGNAL_EXIT[signal] ?? 130, `interrupted by ${signal}`);
  for (const sig of signals) process.on(sig, onSignal);
  const deadline = options.maxDurationMs !== undefined ? setTimeout(() => stop(2, `stopped by --max-duration ${Math.round((options.maxDurationMs as number) / 1000)} s`), options.maxDurationMs) : undefined;
  deadline?.unref();
  try {
    // Live: one authenticated read of each parent before any suite (src/run/preflight.ts).
    if (target.kind === 'live') {
      progress.setPhase('preflight');
      try {
        target.preflight = await preflight(target, catalog, probeFactory(target, catalog, redactor), (t) => redactor.text(t));
      } catch (err) {
        if (err instanceof PreflightError) return early(2, `preflight: ${err.message}`);
        throw err;
      }
      write(`${redactor.text(preflightLine(target.preflight))}\n`);
      const empty = emptyParentLines(target);
      if (empty.length > 0 && !options.allowEmpty) {
        for (const e of empty.slice(0, -1)) write(`rollcall run: ${redactor.text(e.line)}\n`);
        return early(2, (empty[empty.length - 1] as { line: string }).line);
      }
      for (const e of empty) write(`rollcall run: ${redactor.text(e.line.replace(/; point .*$/, ''))} (--allow-empty: its cases that need participants are skipped)\n`);
    }
    if (stopped) return early(2, stopped.line);
    // Every target: each parent's lists read once, so that the cases are planned from what it holds (src/run/discovery.ts).
    progress.setPhase('discovery');
    try {
      target.discovery = await discover(target, catalog, probeFactory(target, catalog, redactor));
    } catch (err) {
      if (err instanceof BudgetSpent) return early(2, `discovery: ${err.message} before the parents were read; raise --max-requests`);
      if (err instanceof TransportError) return early(2, `discovery: ${err.message}`);
      throw err;
    }
    write(`${redactor.text(discoveryLine(target.discovery))}\n`);
    // (Read through a function: the signal handler sets it while discovery awaits.)
    const late = stopped as { exitCode: 2 | 130 | 143; line: string } | undefined;
    if (late) return early(2, late.line);
    if (options.recordDir) writeTargetFile(options.recordDir, target, redactor);
    return await runPasses(built, ctx, redactor, { stoppedBy: () => stopped, setCurrent: (v) => (current = v), onStop: (listener) => onStop.push(listener) });
  } finally {
    for (const sig of signals) process.off(sig, onSignal);
    if (deadline) clearTimeout(deadline);
  }
}

/**
 * The suites of a run, by pass (operation ids). Read-only suites first, all in parallel; the mutating suites
 * (any method but GET) after them, so that no read sees a participant move halfway (on a live room named by
 * --allow-mutations, the same room may be read). A target where nothing may be changed (a live run without
 * --allow-mutations) runs them all in one pass: there a mutating suite sends nothing (it is skipped, and its
 * probe refuses any method but GET), so no read has to wait for it. Unsharded, both passes run in one vitest and
 * one worker's module graph (runPasses, WritesGate): the second pass no longer costs a worker of its own (about 1 s
 * of CPU a run); a shard keeps a vitest per pass, for its blob per pass.
 */
export function suitePasses(operations: readonly OperationInfo[], target: TargetInfo): string[][] {
  const ordered = mutableScope(target).length > 0;
  return (ordered ? [operations.filter((o) => !isMutating(o)), operations.filter((o) => isMutating(o))] : [operations])
    .map((p) => p.map((o) => o.id))
    .filter((p) => p.length > 0);
}

type VitestReporters = Array<Reporter | ['blob', { outputFile: string }]>;

/** vitest's sequencer, keeping the order of the files a run names (the mutating suites after the read-only ones). */
class GivenOrder extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const mutating = (f: TestSpecification) => WRITING_SUITES.has(f.moduleId);
    return [...files.filter((f) => !mutating(f)), ...files.filter(mutating)];
  }
}

/** The suite files of mutating operations (src/run/spec-operations.ts isMutating). */
const WRITING_SUITES = new Set(specOperations().filter((o) => isMutating(o)).map((o) => path.join(ROOT, 'suites', `${o.id}.suite.ts`)));

/**
 * The passes of a run in one vitest (one pool, one worker's catalog): the mutating suites wait, in their
 * worker, until this file exists (src/run/suite.ts): it is written when every read-only suite of the run has
 * ended ("go"), or when the run stops before that ("stop": they then register their cases as skipped).
 */
class WritesGate implements Reporter {
  private readonly waiting: Set<string>;
  private written = false;

  constructor(
    readonly file: string,
    reading: string[],
    private readonly stopReason: () => string | undefined,
  ) {
    this.waiting = new Set(reading);
    if (this.waiting.size === 0) this.open();
  }

  onTestModuleEnd(module: TestModule): void {
    this.waiting.delete(module.moduleId);
    if (this.waiting.size === 0) this.open();
  }

  open(): void {
    if (this.written) return;
    this.written = true;
    const reason = this.stopReason();
    fs.writeFileSync(this.file, reason ? `stop ${reason}` : 'go');
  }
}

/** The vitest that runs the suites of a run, its target provided to the workers. */
async function createRunVitest(target: TargetInfo, options: RunOptions, reporters: VitestReporters, gate?: WritesGate): Promise<Vitest> {
  // vitest's logger installs SIGINT/SIGTERM handlers that exit the process at once; the run's own
  // handlers (runOnTarget) stop it instead and still write what was gathered.
  const before = new Map((['SIGINT', 'SIGTERM'] as const).map((sig) => [sig, new Set(process.listeners(sig))]));
  const vitest = await createVitest(
    'test',
    {
      config: false,
      root: ROOT,
      dir: path.join(ROOT, 'suites'),
      include: ['**/*.suite.ts'],
      watch: false,
      reporters,
      ...(options.shard ? { shard: options.shard } : {}),
      provide: { rollcallTarget: target, rollcallWritesGate: gate?.file },
      // Suite files in the order given (a gate's mutating suites last), not vitest's (by size and past durations).
      sequence: { sequencer: GivenOrder },
      testNamePattern: options.testNamePattern,
      testTimeout: 120_000,
      hookTimeout: 60_000,
      pool: 'threads',
      // One module graph per worker across the suite files and the passes (the catalog compiles once per worker, not
      // once per file): a default run took 24.3 s CPU isolated and 16.6 s without, with the same cases and problems.
      isolate: false,
      passWithNoTests: true,
      // The compiled package (dist/) is plain ESM: the workers import it with Node's own loader, as any
      // dependency, instead of vite transforming and evaluating every module of it in each worker.
      server: { deps: { external: [DIST_MODULES] } },
    },
    {
      logLevel: 'error',
      // The package directory may be read-only where rollcall is installed: vite's cache goes to the temp dir.
      cacheDir: path.join(os.tmpdir(), 'rollcall-vite-cache'),
      // Suites import `rollcall/suite` by the package's name: the compiled module, in the repository and
      // wherever the package is installed (src/ is not shipped).
      resolve: { alias: { 'rollcall/suite': SUITE_MODULE } },
    },
  );
  for (const [sig, had] of before) for (const l of process.listeners(sig)) if (!had.has(l)) process.off(sig, l);
  return vitest;
}

async function runPasses(
  built: BuiltTarget,
  ctx: RunContext,
  redactor: Redactor,
  control: {
    stoppedBy: () => { exitCode: 2 | 130 | 143; line: string } | undefined;
    setCurrent: (v: Vitest | undefined) => void;
    /** Called with the reason when the run is stopped: the reports, written as the run ends, say it was interrupted. */
    onStop: (listener: (line: string) => void) => void;
  },
): Promise<RunResult> {
  const { stoppedBy, setCurrent } = control;
  const { options, catalog, started, write, baseline, carried, today, budgetFile, con, progress } = ctx;
  const { target } = built;
  progress.setPhase('loading the suites');
  const operations = catalog.operations.filter((o) => options.apis.includes(o.api));
  const passes = suitePasses(operations, target);
  const reporter = new CollectingReporter((line) => write(redactor.text(line)), { verbose: options.verbose, progress });
  const require = createRequire(import.meta.url);
  const run: RunMeta = {
    tool: 'rollcall',
    rollcallVersion: (require('../../../package.json') as { version: string }).version,
    vitestVersion: (require('vitest/package.json') as { version: string }).version,
    node: process.version,
    target: redactor.text(target.label),
    kind: target.kind,
    faults: options.faults ?? [],
    seed: options.seed,
    strict: target.settings.strict,
    startedAt: new Date(started).toISOString(),
    ...(options.shard ? { shard: options.shard } : {}),
    ...(target.preflight ? { preflight: target.preflight } : {}),
    ...(target.discovery ? { discovery: target.discovery } : {}),
  };
  control.onStop((line) => {
    run.interrupted = line;
  });
  const reportDir = options.reportDir;
  // Without a report directory no file is written, but on GitHub Actions the annotations still are.
  // A shard writes its blobs only (unless reporters are named): the reports are the merge's (`rollcall report --merge`).
  const extra = reportDir && !(options.shard && !options.reporters)
    ? createReporters(options.reporters ?? defaultReporters(), { reportDir, run, maxSamples: options.maxSamples })
    : process.env.GITHUB_ACTIONS && !options.shard ? createReporters(['github'], { reportDir: os.tmpdir(), run }) : [];
  if (options.shard && reportDir) clearShardFiles(reportDir, options.shard);
  let cases: CaseResult[] = [];
  let toolError: string | undefined;
  try {
    // One vitest (one vite server, one pool whose workers keep their compiled catalog) serves every pass; a
    // shard's run takes one per pass, since each pass writes its own blob (the mutating one must not overwrite the read-only one's).
    let vitest: Vitest | undefined;
    const suiteFile = (id: string) => path.join(ROOT, 'suites', `${id}.suite.ts`);
    try {
      if (!options.shard && passes.length > 1) {
        // Both passes in one vitest: the mutating suites wait for the read-only ones in their worker (WritesGate).
        const gate = new WritesGate(path.join(path.dirname(budgetFile), 'reads-done'), (passes[0] ?? []).map(suiteFile), () =>
          stoppedBy()?.line ?? (reporter.cases.some((c) => c.transportError) ? 'a read-only suite could not reach the target' : undefined),
        );
        control.onStop(() => gate.open());
        vitest = await createRunVitest(target, options, [reporter, ...extra, gate], gate);
        setCurrent(vitest);
        if (!stoppedBy()) await vitest.start(passes.flat().map(suiteFile));
        gate.open();
      } else for (const [passIndex, pass] of passes.entries()) {
        if (stoppedBy()) break;
        const blob: VitestReporters = options.shard && reportDir ? [['blob', { outputFile: blobFile(reportDir, options.shard, passIndex + 1) }]] : [];
        if (blob.length > 0 && vitest) {
          await vitest.close();
          vitest = undefined;
        }
        const fresh = !vitest;
        vitest ??= await createRunVitest(target, options, [reporter, ...extra, ...blob]);
        setCurrent(vitest);
        if (stoppedBy()) break;
        const files = pass.map((id) => path.join(ROOT, 'suites', `${id}.suite.ts`));
        await (fresh ? vitest.start(files) : vitest.runTestFiles(files));
        if (reporter.cases.some((c) => c.transportError)) break;
      }
    } finally {
      setCurrent(undefined);
      await vitest?.close();
    }
    cases = reporter.cases;
    if (reporter.errors.length > 0 && !stoppedBy()) toolError = reporter.errors.join('; ');
  } catch (err) {
    toolError = (err as Error).message;
  }
  // The run's work is done: the status line goes, before anything else prints (annotations write to stdout themselves).
  con.stop();
  // Reporters that print at the end of the whole run (GitHub annotations, with both passes' counts) do it now, before the summary.
  for (const r of extra) (r as { onRollcallRunEnd?: () => void }).onRollcallRunEnd?.();
  // vitest sets process.exitCode on failures; the CLI decides the exit code itself.
  process.exitCode = undefined;

  const requestsSent = fs.statSync(budgetFile).size;
  const overBudget = cases.filter((c) => c.skippedBecause === 'budget');
  if (overBudget.length > 0) {
    write(`rollcall run: the request budget (--max-requests ${target.settings.maxRequests}) was spent after ${Math.min(requestsSent, target.settings.maxRequests)} requests; ${overBudget.length} cases were skipped:\n`);
    for (const c of overBudget.slice(0, 20)) write(`  - ${redactor.text(c.id)}\n`);
    if (overBudget.length > 20) write(`  ... and ${overBudget.length - 20} more (all in the report)\n`);
  }
  // Rules exercised count against the catalog without severity overrides, as every report does (they read the shared catalog).
  const rules = runRulesExercised(await sharedCatalog(), cases);
  write('\n' + summaryTable(cases, baseline ? tally(cases, baseline, today) : undefined, { sourceOf: provenanceOf(catalog), rules }));
  const verdictOf = verdict(cases, toolError, 'rollcall run', (t) => redactor.text(t));
  let exitCode: RunResult['exitCode'] = verdictOf.exitCode;
  let text = verdictOf.text;
  // Green must mean checked: an operation under test whose every case lacked what it needs is a configuration problem.
  const nothing = nothingCheckedLines(cases, target);
  if (nothing.length > 0 && exitCode === 0) {
    if (options.allowEmpty) text += nothing.map((l) => `rollcall run: ${redactor.text(l)} (allowed by --allow-empty)\n`).join('');
    else {
      text += nothing.map((l) => `rollcall run: ${redactor.text(l)}\n`).join('');
      exitCode = 2;
    }
  }
  const stopped = stoppedBy();
  if (stopped) {
    exitCode = stopped.exitCode;
    text += `rollcall run: ${stopped.line}: ${cases.length} cases finished${reportDir ? `; the reports in ${reportDir} are partial (marked interrupted)` : ''}\n`;
  }
  write(text);
  // The shard's run metadata beside its blobs: `rollcall report --merge` rebuilds the run from them.
  if (options.shard && reportDir) writeShardMeta(reportDir, { shard: options.shard, run, apis: options.apis, testNamePattern: options.testNamePattern, baseline, today });
  if (options.writeBaseline && exitCode !== 2 && !stopped) {
    const doc = saveBaseline(options.writeBaseline, cases, carried?.waivers);
    write(`rollcall run: wrote the baseline ${options.writeBaseline}: ${doc.known.length} known violations, ${doc.waivers.length} waivers\n`);
  }
  // Last: where the reports are, or how to get them.
  if (options.shard && reportDir) {
    write(`shard ${options.shard}: wrote blobs to ${path.join(reportDir, BLOBS_DIR)}${path.sep} (${fs.readdirSync(path.join(reportDir, BLOBS_DIR)).filter((f) => f.startsWith(`blob-${options.shard?.replace('/', '-')}-`)).length} blob reports); merge with rollcall report --merge ${reportDir}\n`);
  }
  if (!options.shard || options.reporters) write(`${reportsLine(reportDir, started, options.writeBaseline ? [options.writeBaseline] : [])}\n`);
  const result: RunResult = { exitCode, cases, target: redactor.text(target.label), durationMs: Date.now() - started };
  if (reportDir) result.reportFile = path.join(reportDir, 'rollcall-report.json');
  return result;
}

