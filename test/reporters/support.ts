/** Runs the real CLI into a fresh report directory, and makes its reports comparable across runs. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  dir: string;
  read(file: string): string;
  report: JsonReport;
}

export interface JsonViolation {
  rule: string;
  severity: 'error' | 'warning';
  operation: string;
  path: string;
  expected: unknown;
  actual: unknown;
  message: string;
}

export interface JsonReport {
  startedAt: string;
  node: string;
  vitestVersion: string;
  rollcallVersion: string;
  cases: Array<{ id: string; operation: string; group: string; name: string; state: 'passed' | 'failed' | 'skipped'; violations: JsonViolation[] }>;
}

export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `rollcall-reporters-${prefix}-`));
}

/**
 * `rollcall run ARGS --report-dir DIR` with a clean environment plus `env`. The config raises slowMs
 * so that `http.slow` (a timing, not a contract) never makes a snapshot flaky on a busy machine;
 * `settings` adds to it (e.g. consistencyBudgetMs, so that a kick's re-reads do not depend on the clock).
 */
export function runCli(args: string[], env: Record<string, string> = {}, settings: Record<string, unknown> = {}): Promise<Run> {
  const dir = tmpDir('run');
  const config = path.join(dir, 'rollcall.config.json');
  fs.writeFileSync(config, JSON.stringify({ slowMs: 60_000, ...settings }));
  // Wide: tests read whole lines (the console's widths are pinned in test/run/console.test.ts; `COLUMNS: ''` gives the default 120).
  const base: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NODE_OPTIONS: '', COLUMNS: '10000' };
  const reportDir = path.join(dir, 'reports');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(ROOT, 'bin/rollcall.js'), 'run', ...args, '--config', config, '--report-dir', reportDir],
      { cwd: ROOT, env: { ...base, ...env }, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const read = (file: string): string => fs.readFileSync(path.join(reportDir, file), 'utf8');
        const reportFile = path.join(reportDir, 'rollcall-report.json');
        const report = fs.existsSync(reportFile) ? (JSON.parse(read('rollcall-report.json')) as JsonReport) : ({ cases: [] } as unknown as JsonReport);
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr, dir: reportDir, read, report });
      },
    );
  });
}

/** Replaces what changes between runs: ports, the start time, versions, durations, the report directory. */
export function normalise(text: string, run: Pick<Run, 'dir' | 'report'>): string {
  const r = run.report;
  let out = text.split(run.dir).join('<DIR>');
  for (const [value, token] of [
    [r.startedAt, '<STARTED>'],
    [r.startedAt?.replace(/\.\d+Z$/, ''), '<STARTED>'],
    [r.node, '<NODE>'],
    [r.vitestVersion, '<VITEST>'],
  ] as const) {
    if (value) out = out.split(value).join(token);
  }
  return out
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<PORT>')
    .replace(/ time="\d+\.\d+"/g, ' time="<T>"')
    .replace(/"durationMs": \d+/g, '"durationMs": "<MS>"');
}

/** Error-severity (rule, path pattern) pairs of a case, as the reporters group them. */
export function errorGroups(violations: readonly JsonViolation[]): Array<{ rule: string; pattern: string; first: JsonViolation }> {
  const out = new Map<string, { rule: string; pattern: string; first: JsonViolation }>();
  for (const v of violations) {
    if (v.severity !== 'error') continue;
    const pattern = v.path.replace(/\/\d+(?=\/|$)/g, '/*');
    const key = `${v.rule} ${pattern}`;
    if (!out.has(key)) out.set(key, { rule: v.rule, pattern, first: v });
  }
  return [...out.values()];
}

/** The credentials of the embedded mock of a default-seed run: none may appear in any report. */
export async function mockSecrets(): Promise<string[]> {
  const { startMock } = await import('../../src/mock/index.js');
  const mock = await startMock();
  try {
    const f = mock.fixtures();
    const secrets = [f.twilio.authToken, f.telnyx.apiKey];
    if (!secrets.every((x) => typeof x === 'string' && x.length >= 16)) throw new Error('the mock fixtures no longer name the credentials this check looks for');
    return secrets;
  } finally {
    await mock.close();
  }
}

/** Every file of the report directory, as text. */
export function reportTexts(run: Pick<Run, 'dir'>): Array<[string, string]> {
  return fs.readdirSync(run.dir).map((f) => [f, fs.readFileSync(path.join(run.dir, f), 'utf8')]);
}
