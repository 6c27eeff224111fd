// Requests per second of a 50-participant Twilio Video page: rollcall's mock vs Stoplight Prism's mock
// of the same spec, same request, same machine, in the same run (autocannon, 10 connections).
// Both servers run in child processes, so that autocannon in this process does not slow either one.
// Needs the compiled dist/ (npm run build). Run directly: node bench/mock.mjs
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import autocannon from 'autocannon';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MOCK_ENTRY = new URL('../dist/src/mock/index.js', import.meta.url).href;
const PRISM_BIN = fileURLToPath(new URL('./node_modules/.bin/prism', import.meta.url));
const SPEC = 'specs/twilio-video.v1.yaml';
const START_TIMEOUT_MS = 60_000;

/** A port that was free a moment ago. */
export async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts a child process and keeps the tail of its output for error messages. */
export function startChild(command, args) {
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = [];
  const keep = (chunk) => {
    output.push(chunk.toString());
    if (output.length > 50) output.shift();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return { child, output };
}

async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** Polls `url` until it answers 200 (bounded by START_TIMEOUT_MS); throws with the child's output otherwise. */
export async function waitUntilAnswering(url, headers, { child, output }, name) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} before answering:\n${output.join('')}`);
    try {
      const response = await fetch(url, { headers });
      const body = await response.text();
      if (response.status === 200) return body;
      last = `status ${response.status}: ${body.slice(0, 300)}`;
    } catch (err) {
      last = err.message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${name} did not answer ${url} within ${START_TIMEOUT_MS / 1000} s (${last}):\n${output.join('')}`);
}

async function measure(url, headers, seconds) {
  const result = await autocannon({ url, headers, connections: 10, duration: seconds });
  return { requestsPerSecond: result.requests.total / seconds, non2xx: result.non2xx, errors: result.errors };
}

function summarize(results) {
  const rates = results.map((r) => r.requestsPerSecond).sort((x, y) => x - y);
  return {
    requestsPerSecond: rates[Math.floor(rates.length / 2)],
    non2xx: results.reduce((n, r) => n + r.non2xx, 0),
    errors: results.reduce((n, r) => n + r.errors, 0),
  };
}

const basic = (user, secret) => 'Basic ' + Buffer.from(`${user}:${secret}`).toString('base64');

export async function benchMock({ seconds = 5 } = {}) {
  // Ours: the compiled mock in its own Node process.
  const ours = startChild(process.execPath, [
    '--input-type=module',
    '-e',
    `const { startMock } = await import(${JSON.stringify(MOCK_ENTRY)}); const m = await startMock({ port: 0 }); console.log('URL ' + m.url);`,
  ]);
  const prismPort = await freePort();
  const prism = startChild(PRISM_BIN, ['mock', SPEC, '-p', String(prismPort), '-h', '127.0.0.1']);
  try {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!ours.output.join('').includes('URL ') && Date.now() < deadline && ours.child.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const base = /URL (http:\/\/\S+)/.exec(ours.output.join(''))?.[1];
    if (!base) throw new Error(`rollcall mock did not start:\n${ours.output.join('')}`);
    const fixtures = await (await fetch(`${base}/__mock/fixtures`)).json();
    const room = fixtures.twilio.rooms.find((r) => r.participants.connected + r.participants.disconnected >= 50);
    const oursUrl = `${base}/v1/Rooms/${room.sid}/Participants?PageSize=50`;
    const oursHeaders = { authorization: basic(fixtures.twilio.accountSid, fixtures.twilio.authToken) };
    const oursBody = await waitUntilAnswering(oursUrl, oursHeaders, ours, 'rollcall mock');
    const participants = JSON.parse(oursBody).participants.length;
    if (participants !== 50) throw new Error(`rollcall mock returned ${participants} participants, not 50`);

    // Prism: the same request on our spec (any room SID and credentials satisfy it); it answers with the
    // spec's first example, as Prism does by default (static mode).
    const prismUrl = `http://127.0.0.1:${prismPort}/v1/Rooms/${room.sid}/Participants?PageSize=50`;
    const prismBody = await waitUntilAnswering(prismUrl, oursHeaders, prism, 'Prism');

    // One second of warm-up each (JIT, connection pools), not counted. Then one-second rounds, taken
    // in turn, so that both servers see the same background load of a shared machine; each server's
    // figure is the median of its rounds.
    await measure(oursUrl, oursHeaders, 1);
    await measure(prismUrl, oursHeaders, 1);
    const rounds = { ours: [], prism: [] };
    for (let i = 0; i < seconds; i++) {
      rounds.ours.push(await measure(oursUrl, oursHeaders, 1));
      rounds.prism.push(await measure(prismUrl, oursHeaders, 1));
    }
    const a = summarize(rounds.ours);
    const b = summarize(rounds.prism);
    return {
      ours: a.requestsPerSecond,
      prism: b.requestsPerSecond,
      ratio: a.requestsPerSecond / b.requestsPerSecond,
      oursNon2xx: a.non2xx + a.errors,
      prismNon2xx: b.non2xx + b.errors,
      oursBytesPerResponse: Buffer.byteLength(oursBody),
      prismBytesPerResponse: Buffer.byteLength(prismBody),
      seconds,
      rounds: seconds,
      connections: 10,
    };
  } finally {
    await Promise.all([stopChild(ours.child), stopChild(prism.child)]);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await benchMock();
  console.log(
    `rollcall mock ${Math.round(r.ours)} req/s (${r.oursBytesPerResponse} B/response) vs Stoplight Prism ${Math.round(r.prism)} req/s (${r.prismBytesPerResponse} B/response): ${r.ratio.toFixed(1)}x (target >= 10x)`,
  );
  console.log(JSON.stringify({ bench: 'mock', ...r }));
}
