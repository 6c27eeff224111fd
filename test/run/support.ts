import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface CliResult { code: number; stdout: string; stderr: string }

/**
 * Runs the real CLI as a user would (bin/rollcall.js over dist/), with a clean environment plus `env`.
 * COLUMNS is wide: tests read whole lines (off a terminal the console wraps at COLUMNS, or 120; pass
 * `COLUMNS: ''` for that default, as test/run/console.test.ts does where it pins the widths).
 */
export function rollcall(args: string[], env: Record<string, string> = {}, cwd: string = ROOT): Promise<CliResult> {
  const base: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NODE_OPTIONS: '', COLUMNS: '10000' };
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(ROOT, 'bin/rollcall.js'), ...args], { cwd, env: { ...base, ...env }, timeout: 170_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `rollcall-${prefix}-`));
}

export interface ReportCase { id: string; operation: string; group: string; name: string; state: string; violations: Array<{ rule: string; severity: string; path: string }>; exchanges: number }
export interface Report { exitCode: number; kind: string; cases: ReportCase[] }

export function readReport(dir: string): Report {
  return JSON.parse(fs.readFileSync(path.join(dir, 'rollcall-report.json'), 'utf8')) as Report;
}

export function writeConfig(dir: string, config: object): string {
  const file = path.join(dir, 'rollcall.config.json');
  fs.writeFileSync(file, JSON.stringify(config));
  return file;
}
