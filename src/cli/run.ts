import type { ApiName } from '../types.js';
import { loadConfig, ConfigError, isRoomSid } from '../run/config.js';
import { randomInt } from 'node:crypto';
import { specOperations } from '../run/spec-operations.js';
import { UsageError, type Io, parseCommandLine } from './io.js';
import { usageLine } from './help.js';

/** The usage line of a `rollcall run` usage error (the options are in commands.ts: rollcall run --help). */
export const RUN_USAGE = usageLine('run');

// Every API the specs describe, in their order (the same list as targets.ts ALL_APIS, without loading the mock).
const ALL_APIS: ApiName[] = [...new Set(specOperations().map((o) => o.api))];

function parseApis(values: Array<string | string[]> | undefined): ApiName[] | undefined {
  if (!values || values.length === 0) return undefined;
  const names = values.flat().flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  if (names.includes('all')) return [...ALL_APIS];
  const bad = names.filter((n) => !ALL_APIS.includes(n as ApiName));
  if (bad.length) throw new UsageError(`unknown --api ${bad.join(', ')}; use ${ALL_APIS.join(', ')} or all`);
  return [...new Set(names)] as ApiName[];
}

/**
 * `rollcall run`: the main job. Exit 0 no error violation, 1 violations, 2 usage, configuration or transport
 * error. Every option is checked before the runner (vitest, the mock, the reporters) is even loaded, so
 * that a usage error ends at once.
 */
export async function runRunCommand(args: string[], io: Io): Promise<number> {
  const parsed = parseCommandLine('run', args);
  const v = parsed.values;
  let config;
  let configFile: string | undefined;
  try {
    ({ config, file: configFile } = loadConfig(v.config));
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message);
    throw err;
  }
  const target = (v.target ?? config.target ?? 'mock') as string;
  if (!['mock', 'live', 'replay'].includes(target)) throw new UsageError(`--target must be mock, live or replay, not "${target}"`);
  const apis = parseApis(v.api) ?? parseApis(config.api === undefined ? undefined : [config.api].flat()) ?? [...ALL_APIS];
  let faults: string[] = [];
  const faultList = v.faults ?? config.faults?.join(',');
  if (faultList) {
    if (target !== 'mock') throw new UsageError('--faults applies to the embedded mock only (--target mock)');
    const { parseFaultNames, UnknownFaultError } = await import('../mock/faults.js');
    try {
      faults = parseFaultNames(faultList.split(','));
    } catch (err) {
      if (err instanceof UnknownFaultError) throw new UsageError(err.message);
      throw err;
    }
    // A fault that acts on none of the selected APIs would leave the run green and prove nothing.
    if (ALL_APIS.some((api) => !apis.includes(api))) {
      const { faultReach } = await import('../mock/fault-reach.js');
      const reach = await faultReach(faults, apis);
      const idle = faults.filter((f) => !(reach.get(f) ?? []).some((api) => apis.includes(api)));
      if (idle.length) {
        throw new UsageError(`--faults ${idle.join(',')} touch${idle.length === 1 ? 'es' : ''} none of --api ${apis.join(',')}; rollcall mock --list-faults says which APIs each fault touches`);
      }
    }
  }
  let churn: number | undefined;
  const churnRaw = v.churn ?? config.churn;
  if (churnRaw !== undefined) {
    if (target !== 'mock') throw new UsageError('--churn applies to the embedded mock only (--target mock); a live sandbox churns by itself');
    const { ChurnRateError, parseChurnRate } = await import('../mock/churn.js');
    try {
      churn = parseChurnRate(churnRaw);
    } catch (err) {
      if (err instanceof ChurnRateError) throw new UsageError(err.message);
      throw err;
    }
  }
  const int = (name: string, raw: string | undefined): number | undefined => {
    if (raw === undefined) return undefined;
    if (!/^\d+$/.test(raw)) throw new UsageError(`--${name} must be a whole number, 0 or more, not "${raw}"`);
    return Number(raw);
  };
  const exploreCases = int('explore', v.explore);
  const replayCase = v['replay-case'];
  if (replayCase !== undefined && exploreCases === undefined) throw new UsageError('--replay-case replays a generated case: give it with the --explore N and --seed S of the run that printed it');
  const replayed = replayCase === undefined ? undefined : /^([^/]+)\//.exec(replayCase)?.[1];
  if (replayCase !== undefined && (!replayed || !specOperations().some((o) => o.id === replayed))) throw new UsageError(`--replay-case is OPERATION/INDEX[/PATH] as a failure prints it, not "${replayCase}"`);
  // Exploring without --seed draws one (printed, and given to the mock too, so that the replay line reproduces both).
  const seed = int('seed', v.seed) ?? config.seed ?? (exploreCases !== undefined ? randomInt(2 ** 31 - 1) : undefined);
  const maxRequests = int('max-requests', v['max-requests']) ?? config.maxRequests;
  const fromDir = v.from ?? config.from;
  if (target === 'replay' && !fromDir) throw new UsageError('--target replay needs --from DIR (a directory written by --record)');
  if (target !== 'replay' && v.from) throw new UsageError('--from applies to --target replay only');
  if (v.shard !== undefined && !/^[1-9]\d*\/[1-9]\d*$/.test(v.shard)) throw new UsageError(`--shard is k/n (e.g. 1/3), not "${v.shard}"`);
  // One shard sees only its own cases: the baseline of a sharded run is written by the merge.
  if (v['write-baseline'] !== undefined && v.shard !== undefined) throw new UsageError('--write-baseline needs every case: write it from the merged shards (rollcall report --merge DIR --write-baseline FILE)');
  // Mutations are named on the command line of the run that makes them: a config file alone never enables
  // them (a file committed to a repository would make every later run mutate), and one that disagrees is an error.
  const allowMutations = v['allow-mutations'];
  if (config.allowMutations !== undefined) {
    if (allowMutations !== undefined && allowMutations !== config.allowMutations) {
      throw new UsageError(`${configFile ?? 'the config file'}: allowMutations "${config.allowMutations}" disagrees with --allow-mutations "${allowMutations}"; mutations are named on the command line only`);
    }
    if (allowMutations === undefined) io.stderr(`rollcall run: ${configFile ?? 'the config file'} sets allowMutations, which needs --allow-mutations ${config.allowMutations} on the command line too; this run is read-only\n`);
  }
  if (allowMutations !== undefined && !isRoomSid(allowMutations)) throw new UsageError(`--allow-mutations names the Room SID to mutate (RM + 32 hex digits), not "${allowMutations}"`);
  if (allowMutations !== undefined && target !== 'live') throw new UsageError('--allow-mutations applies to --target live (the mock is always mutable)');
  const maxDuration = v['max-duration'] === undefined ? undefined : Number(v['max-duration']);
  if (maxDuration !== undefined && !(Number.isFinite(maxDuration) && maxDuration > 0)) throw new UsageError(`--max-duration is a number of seconds above 0, not "${v['max-duration']}"`);
  if (v.shard !== undefined && !(v['report-dir'] ?? config.reportDir)) throw new UsageError('--shard needs --report-dir: each shard writes a blob report there for `rollcall report --merge`');
  const explore = exploreCases === undefined || seed === undefined ? undefined : {
    cases: exploreCases,
    seed,
    ...(replayCase !== undefined ? { replayCase } : {}),
    command: ['rollcall run', target !== 'mock' ? `--target ${target}` : '', target === 'replay' ? `--from ${fromDir}` : '', faults.length ? `--faults ${faults.join(',')}` : '', v.config ? `--config ${v.config}` : '', v.strict ? '--strict' : '', `--explore ${exploreCases}`, `--seed ${seed}`].filter(Boolean).join(' '),
  };
  const reporters = v.reporter?.flatMap((r) => r.split(',')).map((r) => r.trim()).filter(Boolean);
  const reportDir = v['report-dir'] ?? config.reportDir;
  if (reporters?.length && !reportDir && reporters.some((r) => r !== 'github')) throw new UsageError('--reporter writes files: give --report-dir DIR too');
  if (reporters?.length) {
    const { REPORTERS } = await import('../../reporters/index.js');
    const unknown = reporters.filter((r) => !Object.prototype.hasOwnProperty.call(REPORTERS, r));
    if (unknown.length) throw new UsageError(`unknown reporter ${unknown.join(', ')}; reporters: ${Object.keys(REPORTERS).join(', ')}`);
  }
  const { runSuites } = await import('../run/runner.js');
  const result = await runSuites({
    target: target as 'mock' | 'live' | 'replay',
    apis,
    strict: v.strict ?? config.strict ?? false,
    reportDir,
    faults,
    faultSettings: config.faultSettings,
    churn,
    seed,
    recordDir: v.record ?? config.record,
    fromDir,
    allowMutations,
    settings: {
      ...(maxRequests !== undefined ? { maxRequests } : {}),
      ...(config.slowMs !== undefined ? { slowMs: config.slowMs } : {}),
      ...(config.timeoutMs !== undefined ? { timeoutMs: config.timeoutMs } : {}),
      ...(config.consistencyBudgetMs !== undefined ? { consistencyBudgetMs: config.consistencyBudgetMs } : {}),
      ...(config.caseBudgetMs !== undefined ? { caseBudgetMs: config.caseBudgetMs } : {}),
      ...(config.rateLimitBackoffMs !== undefined ? { rateLimitBackoffMs: config.rateLimitBackoffMs } : {}),
      ...(config.maxResponseBytes !== undefined ? { maxResponseBytes: config.maxResponseBytes } : {}),
      severity: config.severity ?? {},
      ...(explore ? { explore } : {}),
    },
    testNamePattern: v.grep,
    reporters,
    shard: v.shard,
    baseline: v.baseline ?? config.baseline,
    writeBaseline: v['write-baseline'],
    verbose: v.verbose ?? false,
    maxSamples: int('max-samples', v['max-samples']),
    allowEmpty: v['allow-empty'] ?? false,
    ...(maxDuration !== undefined ? { maxDurationMs: maxDuration * 1000 } : {}),
    write: io.stdout,
  });
  return result.exitCode;
}
