/**
 * What test/problems-run.test.ts and test/reporters/one-count.test.ts share: the cases their runs need, and
 * test/reporters/support.ts runCli in this process.
 */
import fs from 'node:fs';
import path from 'node:path';
import { rollcallInProcess } from '../support/in-process-cli.js';
import { tmpDir, type JsonReport, type Run } from './support.js';

/**
 * The cases of the suites that first see each problem of a run under `--faults enum-drift,next-page-loop`, as a
 * `--grep` pattern (measured on whole runs: the 11 problems of twilio-video, 2 causes and 9 consequences in all
 * three operations and both passes, the kick being a mutation; the 4 of twilio-insights). Every kind of problem,
 * at a fraction of the cases: the rest of the suites only add to the counts. Here in every room, conference and session.
 */
export const FIRST_SEEN = [
  'first page, no parameters',
  'walk every page at PageSize=50',
  'Status=connected: walk every page',
  'Status lists partition the participants',
  'each connected participant equals its fetch',
  'Identity of a participant',
  'kick a connected participant, then kick it again',
].join('|');

/**
 * Those cases in twilio-video's room DailyStandup (where each of its 11 problems shows first), and the walk of the
 * room of many pages (its undocumented statuses: over a thousand violations). 8 cases run of 190.
 */
export const FIRST_SEEN_VIDEO = `DailyStandup.*(?:${FIRST_SEEN})|many pages.*walk every page at PageSize=50`;

/**
 * test/reporters/support.ts runCli (the same config and report directory), the CLI run in this process
 * (test/support/in-process-cli.ts): what is under test is what the run writes, not the process; a Node start and
 * the CLI's loading less (the binary's own wiring is proven by test/run/console.test.ts and the end-to-end files).
 */
export async function runInProcess(args: string[], env: Record<string, string> = {}, settings: Record<string, unknown> = {}): Promise<Run> {
  const dir = tmpDir('run');
  const config = path.join(dir, 'rollcall.config.json');
  fs.writeFileSync(config, JSON.stringify({ slowMs: 60_000, ...settings }));
  const reportDir = path.join(dir, 'reports');
  const r = await rollcallInProcess(['run', ...args, '--config', config, '--report-dir', reportDir], env);
  const read = (file: string): string => fs.readFileSync(path.join(reportDir, file), 'utf8');
  const report = fs.existsSync(path.join(reportDir, 'rollcall-report.json')) ? (JSON.parse(read('rollcall-report.json')) as JsonReport) : ({ cases: [] } as unknown as JsonReport);
  return { ...r, dir: reportDir, read, report };
}
