/**
 * `rollcall proxy` as a library: start the server, and when it stops, end the reports, print the
 * run's summary and give the run's exit code (0 no error seen, 1 an error seen). The console, the
 * summary and the verdict are the run's (src/run/console.ts, summary.ts, collector.ts): a live line
 * per new problem while it serves, every line through the one sanitiser.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Reporter } from 'vitest/node';
import type { ApiName } from '../types.js';
import { loadCatalog, type Catalog, type SeverityOverrides } from '../catalog/catalog.js';
import { sharedCatalog } from '../catalog/shared.js';
import { runRulesExercised, type RulesExercised } from '../findings/rules-exercised.js';
import { CollectingReporter, type CaseResult } from '../run/collector.js';
import { RunConsole, type ConsoleStream } from '../run/console.js';
import { summaryTable, verdict } from '../run/summary.js';
import { reportsLine } from '../run/merge.js';
import { DEFAULT_SETTINGS } from '../run/target.js';
import type { RunMeta } from '../report-types/run-meta.js';
import { provenanceResolver } from '../findings/index.js';
import { ROOT } from '../paths.js';
import { CaseSink } from './cases.js';
import { ProxyServer, type ProxyCounts } from './server.js';
import { SecretBook } from './secrets.js';
import type { Upstreams } from './routing.js';

export { upstreamsFrom } from './upstreams.js';
export { Router, type Route, type Upstreams } from './routing.js';
export type { ProxyCounts } from './server.js';

export interface ProxyOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  upstreams: Upstreams;
  catalog?: Catalog;
  /** Per-rule severity overrides (`off` drops a rule), as rollcall.config.json's `severity`: the catalog's and the proxy's own findings. */
  severity?: SeverityOverrides;
  allowMutations?: boolean;
  failFast?: boolean;
  strict?: boolean;
  links?: 'origin' | 'proxy';
  timeoutMs?: number;
  maxRequestBytes?: number;
  maxResponseBytes?: number;
  slowMs?: number;
  maxPagesPerWalk?: number;
  /** Stop after answering this many requests. */
  maxRequests?: number;
  recordDir?: string;
  /** Where the reporters write (for the closing `reports:` line); the reporters themselves are made by the caller. */
  reportDir?: string;
  /** Report writers, created from reporters/ by the caller (src/cli/proxy.ts). */
  reporters?: (run: RunMeta) => Reporter[];
  /** The environment: the secrets redacted as a live run redacts them, TWILIO_ACCOUNT_SID for the account check. */
  env?: NodeJS.ProcessEnv;
  write?: (text: string) => void;
  console?: { stream?: ConsoleStream; env?: NodeJS.ProcessEnv };
}

export interface ProxyResult {
  exitCode: 0 | 1 | 2;
  cases: CaseResult[];
  counts: ProxyCounts;
  /** The run's rules exercised over the proxy's cases (undefined when none recorded rules). */
  rulesExercised?: RulesExercised;
}

export interface RunningProxy {
  url: string;
  port: number;
  counts: ProxyCounts;
  /** The cases the proxy holds so far: as many as operations, request shapes and groups, not exchanges. */
  retainedCases(): number;
  /** Resolves when --max-requests is reached (call stop() then). */
  limitReached: Promise<void>;
  /** Stops serving, ends the reports and prints the summary; `why` is said on the console. */
  stop(why?: string): Promise<ProxyResult>;
}

/** Bodies the proxy accepts from the application by default (a kick's form is a few bytes). */
export const DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;

export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  const started = Date.now();
  const catalog = options.catalog ?? (await loadCatalog({ severity: options.severity }));
  const env = options.env ?? {};
  const con = new RunConsole({ write: options.write, stream: options.console?.stream, env: options.console?.env });
  const secrets = new SecretBook(env);
  const write = (line: string) => con.print(secrets.redactor().text(line));
  const strict = options.strict ?? false;
  const require = createRequire(import.meta.url);
  const apis = Object.keys(options.upstreams) as ApiName[];
  const run: RunMeta = {
    tool: 'rollcall',
    rollcallVersion: (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version,
    vitestVersion: (require('vitest/package.json') as { version: string }).version,
    node: process.version,
    target: `proxy to ${[...new Set(apis.map((a) => options.upstreams[a]))].join(', ')}`,
    kind: 'live',
    faults: [],
    strict,
    startedAt: new Date(started).toISOString(),
  };
  // The live lines: the run's collector, told of each exchange as it is judged, keeping none of them (the folded cases are the report).
  const live = new CollectingReporter(write);
  const liveLines: Reporter = {
    onTestCaseResult: (t) => {
      live.onTestCaseResult(t);
      live.cases.length = 0;
    },
  };
  // The summary's and verdict's: the folded cases when the proxy stops (their live lines were printed already).
  const collector = new CollectingReporter(() => undefined);
  const sink = new CaseSink({ live: liveLines, reporters: [collector, ...(options.reporters?.(run) ?? [])], strict, redactor: () => secrets.redactor(), severity: options.severity });
  let reachLimit: () => void = () => undefined;
  const limitReached = new Promise<void>((resolve) => (reachLimit = resolve));
  const server = new ProxyServer({
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    upstreams: options.upstreams,
    catalog,
    sink,
    secrets,
    allowMutations: options.allowMutations ?? false,
    failFast: options.failFast ?? false,
    strict,
    links: options.links ?? 'origin',
    timeoutMs: options.timeoutMs ?? DEFAULT_SETTINGS.timeoutMs,
    maxRequestBytes: options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES,
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_SETTINGS.maxResponseBytes,
    maxPagesPerWalk: options.maxPagesPerWalk ?? DEFAULT_SETTINGS.maxPagesPerWalk,
    slowMs: options.slowMs ?? DEFAULT_SETTINGS.slowMs,
    maxRetryAfterSeconds: DEFAULT_SETTINGS.maxRetryAfterSeconds,
    rateLimitBackoffMs: DEFAULT_SETTINGS.rateLimitBackoffMs,
    accountSid: env.TWILIO_ACCOUNT_SID || undefined,
    recordDir: options.recordDir,
    maxRequests: options.maxRequests,
    onLimit: () => reachLimit(),
  });
  const url = await server.listen();
  let result: Promise<ProxyResult> | undefined;
  const stop = (why?: string): Promise<ProxyResult> =>
    (result ??= (async () => {
      await server.close();
      await sink.end();
      const cases = collector.cases;
      const c = server.counts;
      write(`\nrollcall proxy: stopped${why ? ` (${why})` : ''}: ${c.requests} requests, ${c.judged} judged, ${c.unjudged} forwarded outside rollcall's operations (not judged), ${c.refused} answered by the proxy, ${c.failedUpstream} without an upstream answer\n`);
      // Rules exercised count against the catalog without severity overrides, as a run and every report do.
      const rules = runRulesExercised(await sharedCatalog(), cases);
      write('\n' + summaryTable(cases, undefined, { sourceOf: await provenanceResolver(), ...(rules ? { rules } : {}) }));
      const toolErrors = [...collector.errors, ...live.errors, ...sink.errors];
      const { exitCode, text } = verdict(cases, toolErrors.length ? toolErrors.join('; ') : undefined, 'rollcall proxy', (t) => secrets.redactor().text(t));
      write(text);
      if (options.reportDir) write(`${reportsLine(options.reportDir, started)}\n`);
      return { exitCode, cases, counts: c, ...(rules ? { rulesExercised: rules } : {}) };
    })());
  return { url, port: Number(new URL(url).port), counts: server.counts, retainedCases: () => sink.size, limitReached, stop };
}
