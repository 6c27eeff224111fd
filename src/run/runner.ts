/**
 * `rollcall run`: builds the target, runs the suites through vitest's Node API with the target
 * provided to them, collects every case's violations, prints the summary, writes the report.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startVitest } from 'vitest/node';
import type { ApiName } from '../types.js';
import { ROOT } from '../paths.js';
import { loadCatalog } from '../catalog/catalog.js';
import { CollectingReporter, type CaseResult } from './collector.js';
import { summaryTable, verdict } from './summary.js';
import { liveTarget, mockTarget, type BuiltTarget } from './targets.js';
import { isMutating, specOperations } from './spec-operations.js';
import { replayTarget, writeTargetFile } from './replay.js';
import type { RunSettings, TargetKind } from './target.js';
import { Redactor } from './redact.js';
import { secretsOf } from './target.js';
import { createRequire } from 'node:module';
import { createReporters, DEFAULT_REPORTERS, type RunMeta } from '../../reporters/index.js';
import { existingBaseline, loadBaseline, saveBaseline, tally, todayUtc } from '../baseline/index.js';
import { blobFile, clearShardFiles, writeShardMeta } from './merge.js';
import { provenanceOf } from '../../reporters/provenance.js';

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
  /** Reporter names (reporters/index.ts); default DEFAULT_REPORTERS when a report directory is given. */
  reporters?: string[];
  /** `k/n`: run the k-th of n shards (vitest's sharding), writing a blob report to <reportDir>/blobs. */
  shard?: string;
  /** A baseline file: the run fails only on violations it neither knows nor waives. */
  baseline?: string;
  /** Write this run's violations as a baseline to this file (keeping the waivers of --baseline, or of the file it replaces). */
  writeBaseline?: string;
  /** Print each failing case with its first violations, instead of a line per new problem. */
  verbose?: boolean;
  /** Sample occurrences kept per problem in the reports (default reporters/problems.ts DEFAULT_MAX_SAMPLES). */
  maxSamples?: number;
}

export interface RunResult {
  exitCode: 0 | 1 | 2;
  cases: CaseResult[];
  target: string;
  durationMs: number;
  reportFile?: string;
}

/** Each operation of the specs and its API (from specs/*.yaml: nothing to add here for a new operation). */
export const OPERATION_APIS: Readonly<Record<string, ApiName>> = Object.fromEntries(specOperations().map((o) => [o.id, o.api]));

/** What `import ... from 'rollcall/suite'` in suites/ loads: the compiled src/run/suite.ts. */
const SUITE_MODULE = path.join(ROOT, 'dist', 'src', 'run', 'suite.js');

export async function runSuites(options: RunOptions): Promise<RunResult> {
  if (!fs.existsSync(SUITE_MODULE)) throw new Error(`rollcall run: ${SUITE_MODULE} is missing; build the package first (npm run build)`);
  const started = Date.now();
  const write = options.write ?? ((t: string) => void process.stdout.write(t));
  // Configuration errors (an override for an unknown rule...) stop the run here, before any request.
  const catalog = await loadCatalog({ severity: options.settings?.severity });
  const today = todayUtc();
  const baseline = options.baseline ? loadBaseline(options.baseline) : undefined;
  const carried = options.writeBaseline ? baseline ?? existingBaseline(options.writeBaseline) : undefined;
  // One file counts every request of the run, across workers and passes (see Probe): --max-requests is exact.
  const budgetDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-budget-'));
  const budgetFile = path.join(budgetDir, 'requests');
  fs.writeFileSync(budgetFile, '');
  const settings: Partial<RunSettings> = { ...options.settings, strict: options.strict ?? false, recordDir: options.recordDir, budgetFile, baseline };
  let built: BuiltTarget;
  if (options.target === 'mock') built = await mockTarget({ seed: options.seed, faults: options.faults, faultSettings: options.faultSettings, churn: options.churn, apis: options.apis, settings });
  else if (options.target === 'live') built = liveTarget(options.env ?? process.env, { apis: options.apis, allowMutations: options.allowMutations, settings });
  else built = await replayTarget(options.fromDir as string, { apis: options.apis, settings });
  const { target } = built;
  const redactor = new Redactor(secretsOf(target));
  write(`rollcall run: ${redactor.text(target.label)}\n`);
  const explore = target.settings.explore;
  if (explore) write(`rollcall run: seed ${explore.seed}; ${explore.replayCase ? `replaying generated case ${explore.replayCase}` : `${explore.cases} generated cases per list operation`} (--explore, src/explore/)\n`);
  for (const s of target.skipped) write(`skipped ${s.api}: ${s.reason}\n`);
  if (options.recordDir) writeTargetFile(options.recordDir, target, redactor);
  if (target.skipped.length >= options.apis.length) {
    await built.close();
    write(`rollcall run: nothing to run: every selected API is skipped (${target.skipped.map((s) => s.api).join(', ')})\n`);
    return { exitCode: 2, cases: [], target: redactor.text(target.label), durationMs: Date.now() - started };
  }

  const operations = catalog.operations.filter((o) => options.apis.includes(o.api));
  // Read-only suites first, all in parallel; the mutating suites (any method but GET) after them, so
  // that no read sees a participant move halfway (on a live room named by --allow-mutations, the same room may be read).
  const passes = [operations.filter((o) => !isMutating(o)), operations.filter((o) => isMutating(o))].map((p) => p.map((o) => o.id)).filter((p) => p.length > 0);
  const reporter = new CollectingReporter((line) => write(redactor.text(line)), { verbose: options.verbose });
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
    strict: settings.strict ?? false,
    startedAt: new Date(started).toISOString(),
    ...(options.shard ? { shard: options.shard } : {}),
  };
  const reportDir = options.reportDir;
  // Without a report directory no file is written, but on GitHub Actions the annotations still are.
  const extra = reportDir
    ? createReporters(options.reporters ?? DEFAULT_REPORTERS, { reportDir, run, maxSamples: options.maxSamples })
    : process.env.GITHUB_ACTIONS ? createReporters(['github'], { reportDir: os.tmpdir(), run }) : [];
  if (options.shard && !reportDir) throw new Error('--shard needs --report-dir: each shard writes a blob report there for `rollcall report --merge`');
  if (options.shard && reportDir) clearShardFiles(reportDir, options.shard);
  let cases: CaseResult[] = [];
  let toolError: string | undefined;
  try {
    for (const [passIndex, pass] of passes.entries()) {
      const vitest = await startVitest(
        'test',
        pass.map((id) => path.join(ROOT, 'suites', `${id}.suite.ts`)),
        {
          config: false,
          root: ROOT,
          dir: path.join(ROOT, 'suites'),
          include: ['**/*.suite.ts'],
          watch: false,
          // One blob per pass: the mutating pass must not overwrite the read-only one's.
          reporters: [reporter, ...extra, ...(options.shard && reportDir ? [['blob', { outputFile: blobFile(reportDir, options.shard, passIndex + 1) }] as ['blob', { outputFile: string }]] : [])],
          ...(options.shard ? { shard: options.shard } : {}),
          provide: { rollcallTarget: target },
          testNamePattern: options.testNamePattern,
          testTimeout: 120_000,
          hookTimeout: 60_000,
          pool: 'threads',
          passWithNoTests: true,
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
      await vitest.close();
      if (reporter.cases.some((c) => c.transportError)) break;
    }
    cases = reporter.cases;
    if (reporter.errors.length > 0) toolError = reporter.errors.join('; ');
  } catch (err) {
    toolError = (err as Error).message;
  } finally {
    await built.close();
  }
  // startVitest sets process.exitCode on failures; the CLI decides the exit code itself.
  process.exitCode = undefined;

  const requestsSent = fs.statSync(budgetFile).size;
  fs.rmSync(budgetDir, { recursive: true, force: true });
  const overBudget = cases.filter((c) => c.skippedBecause === 'budget');
  if (overBudget.length > 0) {
    write(`rollcall run: the request budget (--max-requests ${target.settings.maxRequests}) was spent after ${Math.min(requestsSent, target.settings.maxRequests)} requests; ${overBudget.length} cases were skipped:\n`);
    for (const c of overBudget.slice(0, 20)) write(`  - ${redactor.text(c.id)}\n`);
    if (overBudget.length > 20) write(`  ... and ${overBudget.length - 20} more (all in the report)\n`);
  }
  write('\n' + summaryTable(cases, baseline ? tally(cases, baseline, today) : undefined, { sourceOf: provenanceOf(catalog) }));
  const { exitCode, text } = verdict(cases, toolError, 'rollcall run', (t) => redactor.text(t));
  write(text);
  // The shard's run metadata beside its blobs: `rollcall report --merge` rebuilds the run from them.
  if (options.shard && reportDir) writeShardMeta(reportDir, { shard: options.shard, run, apis: options.apis, testNamePattern: options.testNamePattern, baseline, today });
  if (options.writeBaseline && exitCode !== 2) {
    const doc = saveBaseline(options.writeBaseline, cases, carried?.waivers);
    write(`rollcall run: wrote the baseline ${options.writeBaseline}: ${doc.known.length} known violations, ${doc.waivers.length} waivers\n`);
  }
  const result: RunResult = { exitCode, cases, target: redactor.text(target.label), durationMs: Date.now() - started };
  if (reportDir) result.reportFile = path.join(reportDir, 'rollcall-report.json');
  return result;
}
