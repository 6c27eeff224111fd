// npm run bench: plain Node scripts over the compiled dist/, each compared with a baseline in the same run.
import { existsSync } from 'node:fs';
import { benchValidate } from './validate.mjs';

const only = process.argv[2];
const line = (label, value) => console.log(`${label.padEnd(44)} ${value}`);

if (!only || only === 'validate') {
  console.log('# validate: parse+validate vs JSON.parse alone (median of interleaved rounds)');
  for (const r of await benchValidate()) {
    line(r.case, `JSON.parse ${r.jsonParseUs} µs, rollcall parse+validate ${r.parseValidateUs} µs (${r.ratio}x, target <= 2x), plain Ajv+ajv-formats ${r.plainAjvUs} µs (${r.plainAjvRatio}x)`);
    console.log(JSON.stringify({ bench: 'validate', ...r }));
  }
}

if ((!only || only === 'mock') && existsSync(new URL('./mock.mjs', import.meta.url))) {
  const { benchMock } = await import('./mock.mjs');
  console.log('# mock: requests/s for a 50-participant Twilio page, autocannon, 10 connections');
  const r = await benchMock();
  line('rollcall mock vs Stoplight Prism', `${Math.round(r.ours)} req/s vs ${Math.round(r.prism)} req/s, ratio ${r.ratio.toFixed(1)}x (target >= 10x)`);
  console.log(JSON.stringify({ bench: 'mock', ...r }));
}

if ((!only || only === 'run') && existsSync(new URL('./run-suites.mjs', import.meta.url))) {
  const { benchRun } = await import('./run-suites.mjs');
  console.log('# run: full clean run against the embedded mock, process start included');
  const r = await benchRun();
  line('rollcall run (all operations, all cases)', `${r.wallSeconds.toFixed(1)} s wall, ${r.cases} cases (target < 20 s)`);
  console.log(JSON.stringify({ bench: 'run', ...r }));
}

if (!only || only === 'proxy') {
  const { benchProxy } = await import('./proxy.mjs');
  console.log('# proxy: rollcall proxy in front of rollcall mock vs the mock directly, a 50-participant Twilio page (latency: 1 connection interleaved; throughput: autocannon, 10 connections)');
  const r = await benchProxy();
  line('added latency per request', `median ${r.latency.addedMedianMs} ms (${r.latency.directMedianMs} -> ${r.latency.proxyMedianMs}), p99 ${r.latency.addedP99Ms} ms (${r.latency.directP99Ms} -> ${r.latency.proxyP99Ms})`);
  line('requests per second', `${r.throughput.proxyRps} through the proxy vs ${r.throughput.directRps} direct (${r.throughput.ratio}x); CPU per request: proxy ${r.cpuPerRequest.proxyMs} ms (${r.cpuPerRequest.proxyOverValidate}x JSON.parse + the catalog's check alone, ${r.cpuPerRequest.validateMs} ms), mock ${r.cpuPerRequest.mockMs} ms; proxy peak ${r.memory.proxyPeakMb ?? '?'} MB; load ${r.loadAverage ?? '?'}`);
  console.log(JSON.stringify({ bench: 'proxy', ...r }));
  if (r.proxyExitCode !== 0 || r.throughput.non2xx > 0) process.exitCode = 1;
}

if (!only || only === 'drift') {
  // Retained-heap figures need --expose-gc: the drift bench runs in its own process.
  const { spawnSync } = await import('node:child_process');
  console.log('# drift: retained heap of the streaming aggregator at 100,000 vs 1,000,000 participants');
  const r = spawnSync(process.execPath, ['--expose-gc', new URL('./drift.mjs', import.meta.url).pathname], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  process.stdout.write(r.stdout);
  if (r.status !== 0) process.exitCode = 1;
}

if (!only || only === 'validate-volume') {
  const { benchValidateVolume } = await import('./validate-volume.mjs');
  console.log('# validate-volume: rollcall validate --format json on a page of N participants that each miss their fields');
  for (const r of await benchValidateVolume()) {
    line(`${r.items} items (${(r.inputBytes / 1e6).toFixed(1)} MB)`, `exit ${r.exitCode}, ${r.seconds} s wall, ${r.cpuSeconds ?? '?'} s CPU, peak ${r.peakMb} MB, output ${(r.outputBytes / 1024).toFixed(0)} kB, valid JSON ${r.validJson} (200k target: < 60 s, < 1 GB)`);
    console.log(JSON.stringify({ bench: 'validate-volume', ...r }));
    if (!r.validJson) process.exitCode = 1;
  }
}

if (!only || only === 'run-volume') {
  const { benchRunVolume } = await import('./run-volume.mjs');
  console.log('# run-volume: rollcall run --target live against the mock behind a proxy whose Video list pages hold N broken participants (N = 0: the clean baseline)');
  for (const r of await benchRunVolume()) {
    line(`${r.items} broken items a page`, `exit ${r.exitCode}, ${r.seconds} s wall, ${r.cpuSeconds ?? '?'} s CPU, peak ${r.peakMb ?? '?'} MB, ${r.violations} violations in ${r.problems} problems, report ${((r.reportBytes ?? 0) / 1024).toFixed(0)} kB`);
    console.log(JSON.stringify({ bench: 'run-volume', ...r }));
    if (r.exitCode === 2) process.exitCode = 1;
  }
}

// Distinct bad values (issue 18): bad sids, then undocumented status words (each word its own problem shape, up to the named ones).
for (const [name, rowsOf, each, one] of [
  ['run-volume-distinct', 'DISTINCT_ROWS', 'a bad sid each', 'one bad sid'],
  ['run-volume-distinct-enum', 'DISTINCT_ENUM_ROWS', 'a status word each', 'one status word'],
]) {
  if (only && only !== name) continue;
  const volume = await import('./run-volume.mjs');
  console.log(`# ${name}: the same hostile sandbox, every broken item with ${one} shared vs each with its own (target: distinct peak <= 1.3x shared)`);
  const shared = new Map();
  for (const r of await volume.benchRunVolume(volume[rowsOf])) {
    const ratio = r.distinct && shared.get(r.items) ? r.peakMb / shared.get(r.items) : undefined;
    if (!r.distinct) shared.set(r.items, r.peakMb);
    line(`${r.items} broken items a page, ${r.distinct ? each : one}`, `exit ${r.exitCode}, ${r.seconds} s wall, ${r.cpuSeconds ?? '?'} s CPU, peak ${r.peakMb ?? '?'} MB${ratio ? ` (${ratio.toFixed(2)}x shared)` : ''}, ${r.violations} violations in ${r.problems} problems, report ${((r.reportBytes ?? 0) / 1024).toFixed(0)} kB`);
    console.log(JSON.stringify({ bench: name, ...r, ...(ratio ? { peakRatio: Number(ratio.toFixed(2)) } : {}) }));
    if (r.exitCode === 2 || (ratio && ratio > 1.3)) process.exitCode = 1;
  }
}

if (!only || only === 'preflight') {
  const { benchPreflight } = await import('./preflight.mjs');
  console.log('# preflight: the live preflight\'s reads (src/run/preflight.ts) vs the same number of plain GETs of a first page');
  for (const r of await benchPreflight()) {
    line(r.case, `${r.requests} requests in ${r.preflightMs} ms (plain GETs: ${r.baselineMs} ms)`);
    console.log(JSON.stringify({ bench: 'preflight', ...r }));
  }
}

if (!only || only === 'live-run') {
  const { benchLiveRun } = await import('./live-run.mjs');
  console.log('# live-run: a default live run against the mock behind a counting proxy (preflight, discovery, planned cases) vs the embedded run of the same fixtures');
  const r = await benchLiveRun();
  line('rollcall run (embedded, every fixture)', `${r.embedded.seconds} s wall, ${r.embedded.cases} cases (${r.embedded.skipped} skipped)`);
  line('rollcall run --target live (one parent each)', `${r.live.seconds} s wall, ${r.live.requests} requests, ${r.live.cases} cases (${r.live.skipped} skipped)`);
  console.log(JSON.stringify({ bench: 'live-run', ...r }));
  if (r.live.exitCode !== 0) process.exitCode = 1;
}

if (only === 'explore' || (!only && process.env.ROLLCALL_BENCH_EXPLORE !== '0')) {
  // A default run against a run with --explore 300 (both against the embedded mock, process start included).
  const { benchExplore } = await import('./explore.mjs');
  console.log('# explore: rollcall run vs rollcall run --explore 300 (embedded mock, seed 1)');
  const r = await benchExplore({ explore: 300, seed: 1, runs: 2 });
  line('rollcall run', `${r.plain.wallSeconds} s wall, ${r.plain.cases} cases, ${r.plain.requests} requests`);
  line('rollcall run --explore 300', `${r.explored.wallSeconds} s wall, ${r.explored.cases} cases, ${r.explored.requests} requests (${r.wallRatio}x wall, ${r.requestRatio}x requests)`);
  console.log(JSON.stringify({ bench: 'explore', ...r }));
}
