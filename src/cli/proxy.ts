/**
 * `rollcall proxy`: checks the command line, configures the upstreams as a live run (the environment,
 * src/run/targets.ts), creates the reporters by name, serves until Ctrl-C, SIGTERM, --max-requests or
 * --duration, then prints the summary and exits as a run: 0 no error seen, 1 violations, 2 usage.
 */
import type { ApiName } from '../types.js';
import { ALL_APIS, ConfigurationError } from '../run/targets.js';
import { ConfigError, loadConfig } from '../run/config.js';
import { defaultReporters, createReporters, REPORTERS } from '../../reporters/index.js';
import { UsageError, parseCommandLine, type Io } from './io.js';
import { usageLine } from './help.js';

export const PROXY_USAGE = usageLine('proxy');

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '[::1]']);

export interface ProxyCommandIo extends Io {
  /** Stops the proxy (tests); by default SIGINT or SIGTERM does. */
  signal?: AbortSignal;
  /** Told the proxy's URL once it listens (tests). */
  onListening?: (url: string) => void;
  env?: NodeJS.ProcessEnv;
  /** Where rollcall.config.json is looked for (its `severity`); default the working directory. */
  cwd?: string;
}

function wholeNumber(name: string, raw: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (raw === undefined) return undefined;
  const value = /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= min && value <= max)) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${raw}"\n${PROXY_USAGE}`);
  return value;
}

function seconds(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : NaN;
  if (!(value > 0)) throw new UsageError(`--${name} must be a number of seconds above 0, not "${raw}"\n${PROXY_USAGE}`);
  return value;
}

/** Resolves when the signal aborts, or on the first SIGINT / SIGTERM (then stops listening for them). */
function stopRequested(signal: AbortSignal | undefined): { promise: Promise<string>; dispose: () => void } {
  if (signal) {
    return { promise: signal.aborted ? Promise.resolve('stopped') : new Promise((resolve) => signal.addEventListener('abort', () => resolve('stopped'), { once: true })), dispose: () => undefined };
  }
  let stop: (s: NodeJS.Signals) => void = () => undefined;
  const promise = new Promise<string>((resolve) => {
    stop = (s) => resolve(`${s}`);
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return { promise, dispose: () => (process.off('SIGINT', stop), process.off('SIGTERM', stop)) };
}

export async function runProxyCommand(args: string[], io: ProxyCommandIo): Promise<number> {
  const { values: v } = parseCommandLine('proxy', args);
  const env = io.env ?? process.env;
  const host = v.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new UsageError(`--host must be a loopback address (127.0.0.1, ::1 or localhost), not "${host}": the application's credentials pass through the proxy\n${PROXY_USAGE}`);
  const port = wholeNumber('port', v.port, 0, 65535) ?? 0;
  const maxRequests = wholeNumber('max-requests', v['max-requests'], 1);
  const duration = seconds('duration', v.duration);
  const timeout = seconds('upstream-timeout', v['upstream-timeout']);
  const maxBody = wholeNumber('max-body', v['max-body'], 1);
  const maxResponse = wholeNumber('max-response', v['max-response'], 1);
  if (v.links !== 'origin' && v.links !== 'proxy') throw new UsageError(`--links must be origin or proxy, not "${v.links}"\n${PROXY_USAGE}`);
  const names = (v.api ?? ['all']).flatMap((a) => a.split(',')).map((a) => a.trim()).filter(Boolean);
  const unknownApi = names.filter((n) => n !== 'all' && !(ALL_APIS as string[]).includes(n));
  if (unknownApi.length) throw new UsageError(`unknown API ${unknownApi.join(', ')}; APIs: ${ALL_APIS.join(', ')}, all`);
  const apis: ApiName[] = names.includes('all') || names.length === 0 ? ALL_APIS : (names as ApiName[]);
  const reportDir = v['report-dir'];
  const reporterNames = v.reporter?.flatMap((r) => r.split(',')).map((r) => r.trim()).filter(Boolean);
  if (reporterNames?.length && !reportDir && reporterNames.some((r) => r !== 'github')) throw new UsageError('--reporter writes files: give --report-dir DIR too');
  const unknownReporter = (reporterNames ?? []).filter((r) => !Object.prototype.hasOwnProperty.call(REPORTERS, r));
  if (unknownReporter.length) throw new UsageError(`unknown reporter ${unknownReporter.join(', ')}; reporters: ${Object.keys(REPORTERS).join(', ')}`);
  const { startProxy, upstreamsFrom } = await import('../proxy/index.js');
  let upstreams;
  try {
    upstreams = upstreamsFrom(env, apis, v.upstream);
  } catch (err) {
    if (err instanceof ConfigurationError) throw new UsageError(err.message);
    throw err;
  }
  // Per-rule severity overrides from rollcall.config.json in the working directory, as `rollcall run` reads them.
  let severity;
  try {
    severity = loadConfig(undefined, io.cwd ?? process.cwd()).config.severity;
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message);
    throw err;
  }
  const names2 = reporterNames?.length ? reporterNames : reportDir ? defaultReporters(env) : [];
  let proxy;
  try {
    proxy = await startProxy({
      host: host === '[::1]' ? '::1' : host,
      port,
      upstreams,
      allowMutations: v['allow-mutations'],
      failFast: v['fail-fast'],
      strict: v.strict,
      links: v.links,
      ...(severity ? { severity } : {}),
      ...(timeout !== undefined ? { timeoutMs: Math.round(timeout * 1000) } : {}),
      ...(maxBody !== undefined ? { maxRequestBytes: maxBody } : {}),
      ...(maxResponse !== undefined ? { maxResponseBytes: maxResponse } : {}),
      maxRequests,
      recordDir: v.record,
      reportDir,
      reporters: (run) => (names2.length ? createReporters(names2, { reportDir: reportDir ?? '.', run }) : []),
      env,
      write: io.stdout,
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') throw new UsageError(`cannot listen on ${host}:${port}: ${code}`);
    throw err;
  }
  io.stdout(`rollcall proxy listening on ${proxy.url}\n`);
  for (const api of apis) io.stdout(`  ${api} -> ${upstreams[api]}${api === 'telnyx' ? ` (Telnyx SDK baseURL: ${proxy.url}/v2)` : ''}\n`);
  io.stdout(`  mutations ${v['allow-mutations'] ? 'forwarded' : 'refused (403)'}; ${v['fail-fast'] ? 'a contract violation answers 502' : 'answers pass unchanged'}; links ${v.links === 'proxy' ? 'pointed at the proxy' : 'as the upstream sent them'}\n`);
  io.onListening?.(proxy.url);
  const stop = stopRequested(io.signal);
  let timer: NodeJS.Timeout | undefined;
  const bounded = duration === undefined ? new Promise<never>(() => undefined) : new Promise<string>((resolve) => (timer = setTimeout(() => resolve(`--duration ${v.duration}`), duration * 1000)));
  const why = await Promise.race([stop.promise, bounded, proxy.limitReached.then(() => `--max-requests ${maxRequests}`)]);
  clearTimeout(timer);
  stop.dispose();
  const result = await proxy.stop(why);
  return result.exitCode;
}
