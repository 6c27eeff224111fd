import { MergeError, mergeShards } from '../run/merge.js';
import { BaselineError } from '../baseline/index.js';
import { UsageError, type Io, parseCommandLine } from './io.js';
import { usageLine } from './help.js';

export const REPORT_USAGE = usageLine('report');

/**
 * `rollcall report --merge DIR`: the reports, summary and exit code of a sharded run, as one
 * unsharded run would have them. Exit 0 no failing case, 1 failing cases, 2 usage or merge error.
 */
export async function runReportCommand(args: string[], io: Io): Promise<number> {
  const parsed = parseCommandLine('report', args);
  const v = parsed.values;
  if (!v.merge) throw new UsageError(`--merge DIR is required\n${REPORT_USAGE}`);
  const maxSamples = v['max-samples'];
  if (maxSamples !== undefined && !/^\d+$/.test(maxSamples)) throw new UsageError(`--max-samples must be a whole number, not "${maxSamples}"`);
  try {
    const result = await mergeShards({
      dir: v.merge,
      reportDir: v['report-dir'],
      reporters: v.reporter?.flatMap((r) => r.split(',')).map((r) => r.trim()).filter(Boolean),
      writeBaseline: v['write-baseline'],
      write: io.stdout,
      ...(maxSamples !== undefined ? { maxSamples: Number(maxSamples) } : {}),
      verbose: v.verbose ?? false,
    });
    return result.exitCode;
  } catch (err) {
    if (err instanceof MergeError || err instanceof BaselineError) throw new UsageError(err.message);
    throw err;
  }
}
