/**
 * Observed drift: what the documents say about each field of each operation's success response,
 * next to what recordings show. Streaming and bounded: see aggregator.ts.
 *
 *   const report = await driftFromRecordings(['rec/'], { previous });
 *   const agg = new DriftAggregator(); agg.add(exchange); agg.report();
 */
import { DriftAggregator, type DriftOptions } from './aggregator.js';
import { compareReports } from './compare.js';
import { recordingFiles, streamFile } from './recording.js';
import type { DriftReport } from './types.js';

export { DriftAggregator, findingsOf } from './aggregator.js';
export type { DriftOptions, DriftExchange } from './aggregator.js';
export { compareReports, observationsOf, assertDriftReport } from './compare.js';
export { RecordingError, recordingFiles } from './recording.js';
export { DRIFT_RULES } from './rules/index.js';
export type { DriftRule } from './rules/index.js';
export { formatDriftText, formatDriftMarkdown } from './format.js';
export * from './types.js';

export interface DriftFromRecordingsOptions extends DriftOptions {
  /** A previous drift report: adds `comparison` (new and vanished observations and findings). */
  previous?: DriftReport;
  /** How the previous report is named in the comparison (its file). */
  previousName?: string;
}

/** Streams every exchange of the recordings in `dirs` into one report. Throws RecordingError for an unreadable recording. */
export async function driftFromRecordings(dirs: string[], options: DriftFromRecordingsOptions = {}): Promise<DriftReport> {
  const files = dirs.map((dir) => recordingFiles(dir)).flat();
  const aggregator = new DriftAggregator(options);
  for (const file of files) await streamFile(file, aggregator);
  const report = aggregator.report(dirs);
  if (options.previous) report.comparison = compareReports(report, options.previous, options.previousName ?? '(previous report)');
  return report;
}
