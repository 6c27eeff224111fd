import fs from 'node:fs';
import { assertDriftReport, driftFromRecordings, formatDriftMarkdown, formatDriftText, RecordingError, type DriftReport } from '../drift/index.js';
import { fitFor } from './format.js';
import { UsageError, type Io, parseCommandLine } from './io.js';
import { usageLine } from './help.js';

export const DRIFT_USAGE = usageLine('drift');

const FORMATS = ['json', 'text', 'markdown'] as const;
type Format = (typeof FORMATS)[number];

function readPrevious(file: string): DriftReport {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`--previous ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    assertDriftReport(parsed, file);
  } catch (err) {
    throw new UsageError(`--previous ${(err as Error).message}`);
  }
  return parsed;
}

/**
 * `rollcall drift`: observed drift of one or more recordings. Exit 0 when no error-severity finding
 * (warnings too under --strict), 1 when there is one, 2 on a usage error or an unreadable recording.
 */
export async function runDriftCommand(args: string[], io: Io): Promise<number> {
  const parsed = parseCommandLine('drift', args);
  const { values, positionals } = parsed;
  const dirs = [...(values.from ?? []), ...positionals];
  if (dirs.length === 0) throw new UsageError(`give at least one recording with --from DIR (written by rollcall run --record DIR)\n${DRIFT_USAGE}`);
  if (!FORMATS.includes(values.format as Format)) throw new UsageError(`--format must be ${FORMATS.join(', ')}, not "${values.format}"`);
  const format = values.format as Format;
  const previous = values.previous === undefined ? undefined : readPrevious(values.previous);

  let report: DriftReport;
  try {
    report = await driftFromRecordings(dirs, { previous, previousName: values.previous });
  } catch (err) {
    if (err instanceof RecordingError) throw new UsageError(err.message);
    throw err;
  }
  const text = format === 'json' ? JSON.stringify(report, null, 2) + '\n' : format === 'markdown' ? formatDriftMarkdown(report) : formatDriftText(report);
  if (values.out) {
    try {
      fs.writeFileSync(values.out, text);
    } catch (err) {
      throw new UsageError(`cannot write --out ${values.out}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    const s = report.summary;
    io.stdout(`rollcall drift: ${s.errors} errors, ${s.warnings} warnings, ${s.infos} infos over ${report.totals.analysed} analysed exchanges; report written to ${values.out}\n`);
  } else {
    io.stdout(format === 'text' ? fitFor(io, text) : text);
  }
  if (report.totals.malformed > 0) io.stderr(`rollcall drift: ${report.totals.malformed} lines of the recordings are not exchanges and were skipped\n`);
  return report.summary.errors > 0 || (values.strict && report.summary.warnings > 0) ? 1 : 0;
}
