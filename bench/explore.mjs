// What --explore costs: a default run and a run with --explore N against the embedded mock, as a
// user starts them (a new process each, all operations), wall time and requests. Requests are
// counted from a recording of the same run (--record writes one line per request answered,
// the explorer's own reads of each parent included), so the timed runs do not pay for the writes.
// Usage: node bench/explore.mjs [--explore N] [--seed S] [--runs R]
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function run(args) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rollcall-bench-explore-'));
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [path.join(root, 'bin/rollcall.js'), 'run', '--report-dir', dir, ...args], { cwd: root, maxBuffer: 1e9 }, (err, stdout) => {
      const wallSeconds = (performance.now() - t0) / 1000;
      if (err) return reject(new Error(`rollcall run ${args.join(' ')} failed (exit ${err.code}):\n${stdout.slice(-2000)}`));
      const report = JSON.parse(readFileSync(path.join(dir, 'rollcall-report.json'), 'utf8'));
      resolve({ dir, wallSeconds, cases: report.cases.length, exchanges: report.cases.reduce((n, c) => n + c.exchanges, 0) });
    });
  });
}

async function requestsOf(args) {
  const record = mkdtempSync(path.join(os.tmpdir(), 'rollcall-bench-record-'));
  await run([...args, '--record', record]);
  let n = 0;
  for (const f of readdirSync(record)) if (f.endsWith('.jsonl')) n += readFileSync(path.join(record, f), 'utf8').split('\n').filter(Boolean).length;
  return n;
}

async function measure(args, runs) {
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await run(args));
  results.sort((a, b) => a.wallSeconds - b.wallSeconds);
  const median = results[Math.floor(results.length / 2)];
  return { args: args.join(' '), wallSeconds: Number(median.wallSeconds.toFixed(1)), minSeconds: Number(results[0].wallSeconds.toFixed(1)), maxSeconds: Number(results[results.length - 1].wallSeconds.toFixed(1)), cases: median.cases, exchanges: median.exchanges, requests: await requestsOf(args), runs };
}

export async function benchExplore({ explore = 300, seed = 1, runs = 3 } = {}) {
  const plain = await measure(['--seed', String(seed)], runs);
  const explored = await measure(['--seed', String(seed), '--explore', String(explore)], runs);
  return { explore, seed, plain, explored, wallRatio: Number((explored.wallSeconds / plain.wallSeconds).toFixed(2)), requestRatio: Number((explored.requests / plain.requests).toFixed(2)) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { explore: { type: 'string' }, seed: { type: 'string' }, runs: { type: 'string' } } });
  const r = await benchExplore({ explore: Number(values.explore ?? 300), seed: Number(values.seed ?? 1), runs: Number(values.runs ?? 3) });
  const line = (label, m) => console.log(`${label.padEnd(28)} ${m.wallSeconds} s wall (${m.minSeconds}-${m.maxSeconds} over ${m.runs}), ${m.cases} cases, ${m.exchanges} exchanges checked, ${m.requests} requests`);
  console.log('# explore: a default run vs --explore N against the embedded mock, process start included');
  line('rollcall run', r.plain);
  line(`rollcall run --explore ${r.explore}`, r.explored);
  console.log(JSON.stringify({ bench: 'explore', ...r }));
}
