// What `rollcall proxy` costs an application: the latency it adds per request (median and p99) and
// the requests per second through it, against `rollcall mock` directly, on a 50-participant Twilio
// Video page (every exchange judged: schema, invariants, filters, echoes, and a walk started on each
// first page). The mock and the proxy run as child processes (`rollcall mock`, `rollcall proxy
// --upstream`), so that the measuring client in this process slows neither. Latency: one connection,
// requests to the mock and through the proxy interleaved. Throughput: autocannon, 10 connections,
// rounds alternated. Also the proxy's peak resident memory (VmHWM). Needs the compiled dist/ (npm run build).
// Run directly: node bench/proxy.mjs; `node bench/proxy.mjs --retained`: the proxy's resident memory
// after 1k and 10k requests of a mixed application (folded cases: it stays flat).
import { once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { freePort, startChild, waitUntilAnswering } from './mock.mjs';

const BIN = fileURLToPath(new URL('../bin/rollcall.js', import.meta.url));

/** A child `rollcall` process: its output kept for error messages. */
const startRollcall = (args) => startChild(process.execPath, [BIN, ...args]);

/** SIGTERM, then SIGKILL after 15 s (the proxy judges what it answered before it exits): its exit code. */
async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  const [code] = await exited;
  clearTimeout(timer);
  return code;
}

/** One GET on a kept-alive connection, its whole body read: milliseconds. */
function timedGet(agent, url, headers) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    http
      .get(url, { agent, headers }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve(Number(process.hrtime.bigint() - started) / 1e6) : reject(new Error(`status ${res.statusCode} from ${url}`))));
      })
      .on('error', reject);
  });
}

/** Resolves when the process has used no CPU for half a second (bounded). */
async function idle(pid, maxMs = 20_000) {
  const deadline = Date.now() + maxMs;
  let last = cpuSeconds(pid);
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = cpuSeconds(pid);
    if (now === last) return;
    last = now;
  }
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const round = (x, d = 2) => Number(x.toFixed(d));

/** CPU seconds (user + system) a process has used so far (Linux), or undefined. */
function cpuSeconds(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** A memory figure of a process, in MB (Linux): `VmHWM` its peak resident memory, `VmRSS` its resident memory now. */
function memoryMb(pid, field = 'VmHWM') {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? round(Number(m[1]) / 1024, 0) : undefined;
  } catch {
    return undefined;
  }
}
const peakMb = (pid) => memoryMb(pid, 'VmHWM');
const rssMb = (pid) => memoryMb(pid, 'VmRSS');

/**
 * `rollcall mock` and `rollcall proxy --upstream` in front of it, as child processes, for `run`;
 * both stopped when it ends. `run` gets the two URLs, the mock's fixtures and the proxy's child.
 */
async function withMockAndProxy(run) {
  const mockPort = await freePort();
  const proxyPort = await freePort();
  const mock = startRollcall(['mock', '--port', String(mockPort), '--seed', '11']);
  let proxy;
  try {
    const direct = `http://127.0.0.1:${mockPort}`;
    const fixtures = JSON.parse(await waitUntilAnswering(`${direct}/__mock/fixtures`, {}, mock, 'rollcall mock'));
    proxy = startRollcall(['proxy', '--port', String(proxyPort), '--upstream', direct]);
    return await run({ mock, proxy, direct, through: `http://127.0.0.1:${proxyPort}`, fixtures });
  } finally {
    if (proxy) await stopChild(proxy.child);
    await stopChild(mock.child);
  }
}

export async function benchProxy({ samples = 400, seconds = 5, rounds = 2 } = {}) {
  return withMockAndProxy(async ({ mock, proxy, direct, through, fixtures }) => {
    const room = fixtures.twilio.rooms.reduce((a, b) => (b.participants.connected + b.participants.disconnected > a.participants.connected + a.participants.disconnected ? b : a));
    const path = `/v1/Rooms/${room.sid}/Participants?PageSize=50`;
    const headers = { authorization: `Basic ${Buffer.from(`${fixtures.twilio.accountSid}:${fixtures.twilio.authToken}`).toString('base64')}` };
    await waitUntilAnswering(`${through}${path}`, headers, proxy, 'rollcall proxy');

    // Latency, one connection each, interleaved so that both see the same machine load.
    const agents = { direct: new http.Agent({ keepAlive: true, maxSockets: 1 }), proxy: new http.Agent({ keepAlive: true, maxSockets: 1 }) };
    const times = { direct: [], proxy: [] };
    for (let i = 0; i < 30; i++) {
      await timedGet(agents.direct, `${direct}${path}`, headers);
      await timedGet(agents.proxy, `${through}${path}`, headers);
    }
    for (let i = 0; i < samples; i++) {
      times.direct.push(await timedGet(agents.direct, `${direct}${path}`, headers));
      times.proxy.push(await timedGet(agents.proxy, `${through}${path}`, headers));
    }
    agents.direct.destroy();
    agents.proxy.destroy();
    const sorted = { direct: [...times.direct].sort((a, b) => a - b), proxy: [...times.proxy].sort((a, b) => a - b) };
    const latency = {
      samples,
      directMedianMs: round(quantile(sorted.direct, 0.5)),
      directP99Ms: round(quantile(sorted.direct, 0.99)),
      proxyMedianMs: round(quantile(sorted.proxy, 0.5)),
      proxyP99Ms: round(quantile(sorted.proxy, 0.99)),
    };
    latency.addedMedianMs = round(latency.proxyMedianMs - latency.directMedianMs);
    latency.addedP99Ms = round(latency.proxyP99Ms - latency.directP99Ms);

    // Throughput, autocannon with 10 connections, rounds alternated; the median round of each.
    const rates = { direct: [], proxy: [] };
    // CPU per request of each process: what a loaded machine's wall clock hides (the proxy's figure excludes the mock's, which serves it).
    const cpu = { mockDirect: 0, mockProxied: 0, proxy: 0, requestsDirect: 0, requestsProxied: 0 };
    let non2xx = 0;
    for (let r = 0; r < rounds; r++) {
      for (const [name, base] of [['direct', direct], ['proxy', through]]) {
        const before = { mock: cpuSeconds(mock.child.pid), proxy: cpuSeconds(proxy.child.pid) };
        const result = await autocannon({ url: `${base}${path}`, headers, connections: 10, duration: seconds });
        // Let the proxy finish judging what it answered (it answers first) before its CPU is read: until it idles, at most 20 s.
        if (name === 'proxy') await idle(proxy.child.pid);
        const after = { mock: cpuSeconds(mock.child.pid), proxy: cpuSeconds(proxy.child.pid) };
        non2xx += result.non2xx + result.errors;
        rates[name].push(result.requests.total / seconds);
        if (name === 'direct') {
          cpu.mockDirect += after.mock - before.mock;
          cpu.requestsDirect += result.requests.total;
        } else {
          cpu.mockProxied += after.mock - before.mock;
          cpu.proxy += after.proxy - before.proxy;
          cpu.requestsProxied += result.requests.total;
        }
      }
    }
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const throughput = { seconds, rounds, directRps: Math.round(median(rates.direct)), proxyRps: Math.round(median(rates.proxy)), non2xx };
    throughput.ratio = round(throughput.proxyRps / throughput.directRps);
    const cpuPerRequest = {
      mockMs: round((cpu.mockDirect / cpu.requestsDirect) * 1000),
      proxyMs: round((cpu.proxy / cpu.requestsProxied) * 1000),
    };
    const loadAverage = fs.existsSync('/proc/loadavg') ? Number(fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]) : undefined;
    // What validation alone costs on this machine now: JSON.parse + the catalog's check of the same answer, CPU per call in this process.
    const { loadCatalog } = await import('../dist/src/catalog/catalog.js');
    const catalog = await loadCatalog();
    const page = await fetch(`${direct}${path}`, { headers });
    const text = await page.text();
    const exchange = (body) => ({ operationId: 'twilio-video.listRoomParticipants', request: { method: 'GET', url: `${direct}${path}` }, response: { status: 200, headers: { 'content-type': page.headers.get('content-type') }, body } });
    for (let i = 0; i < 50; i++) catalog.check(exchange(JSON.parse(text)));
    const calls = 500;
    const before = process.cpuUsage();
    for (let i = 0; i < calls; i++) catalog.check(exchange(JSON.parse(text)));
    const used = process.cpuUsage(before);
    cpuPerRequest.validateMs = round((used.user + used.system) / 1000 / calls);
    cpuPerRequest.proxyOverValidate = round(cpuPerRequest.proxyMs / cpuPerRequest.validateMs, 1);
    const memory = { proxyPeakMb: peakMb(proxy.child.pid) };
    const exitCode = await stopChild(proxy.child);
    const summary = proxy.output.join('').match(/rollcall proxy: stopped[^\n]*/)?.[0];
    return { page: '50 participants, Twilio Video list', latency, throughput, cpuPerRequest, memory, loadAverage, proxyExitCode: exitCode, proxySummary: summary };
  });
}

/**
 * Memory over a long session: the proxy's resident memory (a child process, after it idles) after
 * `checkpoints` requests, the requests of a mixed application (lists with varying page sizes and
 * filters, fetches, Telnyx pages, a refused kick) sent 8 at a time. Folded cases keep it flat.
 */
export async function benchRetained({ checkpoints = [1000, 10000], concurrency = 8 } = {}) {
  return withMockAndProxy(async ({ proxy, through, fixtures: f }) => {
    const room = f.twilio.rooms.filter((r) => r.status === 'in-progress').sort((a, b) => b.participants.connected - a.participants.connected)[0];
    const session = [...f.telnyx.roomSessions].sort((a, b) => b.participants - a.participants)[0];
    const twilio = { authorization: `Basic ${Buffer.from(`${f.twilio.accountSid}:${f.twilio.authToken}`).toString('base64')}` };
    const telnyx = { authorization: `Bearer ${f.telnyx.apiKey}` };
    const list = `${through}/v1/Rooms/${room.sid}/Participants`;
    await waitUntilAnswering(`${list}?PageSize=50`, twilio, proxy, 'rollcall proxy');
    const sids = (await (await fetch(`${list}?PageSize=50`, { headers: twilio })).json()).participants.map((p) => p.sid);
    const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
    const send = (i) =>
      new Promise((resolve, reject) => {
        const kind = i % 5;
        const url = kind === 0 ? `${list}?PageSize=${1 + (i % 7)}&Status=connected` : kind === 1 ? `${list}/${sids[i % sids.length]}` : kind === 2 ? `${through}/v2/room_sessions/${session.id}/participants?page[size]=${1 + (i % 9)}&page[number]=1` : kind === 3 ? `${list}?PageSize=${10 + (i % 40)}` : `${list}/${sids[i % sids.length]}`;
        const req = http.request(url, { agent, method: kind === 4 ? 'POST' : 'GET', headers: kind === 2 ? telnyx : twilio }, (res) => {
          res.resume();
          res.on('end', resolve);
        });
        req.on('error', reject);
        req.end(kind === 4 ? 'Status=disconnected' : undefined);
      });
    const rows = [];
    let i = 0;
    for (const upTo of checkpoints) {
      const started = Date.now();
      await Promise.all(Array.from({ length: concurrency }, async () => { while (i < upTo) await send(i++); }));
      await idle(proxy.child.pid);
      rows.push({ requests: upTo, proxyRssMb: rssMb(proxy.child.pid), seconds: round((Date.now() - started) / 1000, 1) });
    }
    agent.destroy();
    const proxyPeakMb = peakMb(proxy.child.pid);
    const exitCode = await stopChild(proxy.child);
    const summary = proxy.output.join('').match(/rollcall proxy: stopped[^\n]*/)?.[0];
    const exercised = proxy.output.join('').match(/rules exercised: [^\n]*/)?.[0];
    return { rows, proxyPeakMb, proxyExitCode: exitCode, proxySummary: summary, rulesExercised: exercised };
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--retained')) console.log(JSON.stringify(await benchRetained(), null, 2));
  else console.log(JSON.stringify(await benchProxy(), null, 2));
}
