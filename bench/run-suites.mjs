// The full clean run against the embedded mock, as a user starts it: a new process, all operations, all cases.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function once() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rollcall-bench-'));
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [path.join(root, 'bin/rollcall.js'), 'run', '--report-dir', dir], { cwd: root, maxBuffer: 1e8 }, (err, stdout) => {
      const wall = (performance.now() - t0) / 1000;
      if (err) return reject(new Error(`the clean run failed (exit ${err.code}):\n${stdout.slice(-2000)}`));
      const report = JSON.parse(readFileSync(path.join(dir, 'rollcall-report.json'), 'utf8'));
      resolve({ wallSeconds: wall, cases: report.cases.length, exchanges: report.cases.reduce((n, c) => n + c.exchanges, 0) });
    });
  });
}

export async function benchRun({ runs = 3 } = {}) {
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await once());
  results.sort((a, b) => a.wallSeconds - b.wallSeconds);
  const median = results[Math.floor(results.length / 2)];
  return { ...median, runs, minSeconds: results[0].wallSeconds, maxSeconds: results[results.length - 1].wallSeconds };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await benchRun()));
