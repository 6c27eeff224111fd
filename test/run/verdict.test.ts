/**
 * The verdict a CI gate acts on (issue 18): exit 0 only when the contract was checked and held, exit 1
 * only when the API broke it, exit 2 for everything else, in one line that names what to fix. Every
 * situation runs the CLI against `rollcall mock` used as a live sandbox (base-URL overrides), or a
 * proxy in front of it, as a user's run would meet it: in this process (test/support/in-process-cli.ts,
 * the same `main` bin/rollcall.js calls, with the same clean environment), except where the process
 * itself is under test (a signal, an exit code through bin/rollcall.js).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningMock } from '../../src/mock/index.js';
import { ROOT, readReport, tmpDir } from './support.js';
import { rollcallInProcess } from '../support/in-process-cli.js';

let mock: RunningMock;
let env: Record<string, string>;
let emptyEnv: Record<string, string>;

beforeAll(async () => {
  // The compiled mock, the modules the in-process runs load anyway (the sources would be transformed once more).
  const { startMock } = (await import(path.join(ROOT, 'dist/src/mock/index.js'))) as typeof import('../../src/mock/index.js');
  mock = await startMock();
  const f = mock.fixtures();
  const busiest = f.twilio.rooms.find((r) => r.participants.connected > 0 && r.participants.disconnected > 0) ?? f.twilio.rooms[0]!;
  env = {
    TWILIO_ACCOUNT_SID: f.twilio.accountSid,
    TWILIO_AUTH_TOKEN: f.twilio.authToken,
    TELNYX_API_KEY: f.telnyx.apiKey,
    ROLLCALL_TWILIO_ROOM_SID: busiest.sid,
    ROLLCALL_TWILIO_CONFERENCE_SID: f.twilio.conferences.find((c) => c.participants > 0)!.sid,
    ROLLCALL_TELNYX_ROOM_SESSION_ID: f.telnyx.roomSessions.find((s) => s.participants > 1 && s.participants < 100)?.id ?? f.telnyx.roomSessions.find((s) => s.participants > 0)!.id,
    ROLLCALL_TWILIO_VIDEO_BASE_URL: mock.url,
    ROLLCALL_TWILIO_INSIGHTS_BASE_URL: mock.url,
    ROLLCALL_TELNYX_BASE_URL: `${mock.url}/v2`,
  };
  const total = (r: (typeof f.twilio.rooms)[number]) => r.participants.connected + r.participants.disconnected + (r.participants.reconnecting ?? 0);
  emptyEnv = {
    ...env,
    ROLLCALL_TWILIO_ROOM_SID: f.twilio.rooms.find((r) => total(r) === 0)!.sid,
    ROLLCALL_TWILIO_CONFERENCE_SID: f.twilio.conferences.find((c) => c.participants === 0)!.sid,
    ROLLCALL_TELNYX_ROOM_SESSION_ID: f.telnyx.roomSessions.find((s) => s.participants === 0)!.id,
  };
}, 60_000);

/** The one run of the real binary that is stopped by a signal (below): it mostly waits, so it starts with the file. */
let sigint: ReturnType<typeof slowLiveRun>;
beforeAll(() => {
  sigint = slowLiveRun([], undefined, 'SIGINT');
});

afterAll(async () => {
  await sigint?.catch(() => undefined);
  await mock?.close();
});

/** A port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** The lines a run prints per case (live problem lines and failing-case lines): a misconfigured run prints none. */
const caseLines = (stdout: string) => stdout.split('\n').filter((l) => /^\s+[✗!] /.test(l));

describe('misconfiguration is exit 2 with one line naming what to fix, never the API blamed', () => {
  const situations: Array<{ name: string; change: () => Promise<Record<string, string>> | Record<string, string>; says: RegExp; api?: string }> = [
    { name: 'a wrong TWILIO_AUTH_TOKEN', change: () => ({ TWILIO_AUTH_TOKEN: 'not-the-token' }), says: /refused the credentials \(401\).*check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN/ },
    { name: 'a wrong API key secret', change: () => ({ TWILIO_API_KEY: 'SK00000000000000000000000000000000', TWILIO_API_SECRET: 'wrong-secret' }), says: /refused the credentials \(401\).*check TWILIO_API_KEY and TWILIO_API_SECRET/ },
    { name: 'a wrong TELNYX_API_KEY', change: () => ({ TELNYX_API_KEY: 'KEYwrong' }), says: /telnyx: .*refused the credentials \(401\).*check TELNYX_API_KEY/ },
    { name: 'an unknown room', change: () => ({ ROLLCALL_TWILIO_ROOM_SID: 'RM0123456789abcdef0123456789abcdef' }), says: /does not know ROLLCALL_TWILIO_ROOM_SID=RM0123456789abcdef0123456789abcdef \(404/ },
    { name: 'an unknown conference', change: () => ({ ROLLCALL_TWILIO_CONFERENCE_SID: 'CF0123456789abcdef0123456789abcdef' }), says: /does not know ROLLCALL_TWILIO_CONFERENCE_SID=CF0123456789abcdef0123456789abcdef \(404/ },
    { name: 'an unknown room session', change: () => ({ ROLLCALL_TELNYX_ROOM_SESSION_ID: '0ccc0000-0000-4000-8000-000000000000' }), says: /does not know ROLLCALL_TELNYX_ROOM_SESSION_ID=0ccc0000-0000-4000-8000-000000000000 \(404/ },
    { name: 'a Twilio base URL ending in /v1', change: () => ({ ROLLCALL_TWILIO_VIDEO_BASE_URL: `${mock.url}/v1` }), says: /ROLLCALL_TWILIO_VIDEO_BASE_URL=.* ends with \/v1, which the twilio-video paths .* already start with/ },
    { name: 'a Telnyx base URL without /v2', change: () => ({ ROLLCALL_TELNYX_BASE_URL: mock.url }), says: /ROLLCALL_TELNYX_BASE_URL=.* does not end with \/v2/ },
    { name: 'a base URL without a scheme', change: () => ({ ROLLCALL_TWILIO_INSIGHTS_BASE_URL: mock.url.replace(/^http:\/\//, '') }), says: /ROLLCALL_TWILIO_INSIGHTS_BASE_URL=.* is not a URL/ },
    { name: 'a closed port', change: async () => ({ ROLLCALL_TWILIO_VIDEO_BASE_URL: `http://127.0.0.1:${await closedPort()}` }), says: /twilio-video: cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\); check ROLLCALL_TWILIO_VIDEO_BASE_URL/ },
  ];
  it.each(situations)('$name', async ({ change, says }) => {
    const changed = await change();
    const dir = tmpDir('verdict');
    const r = await rollcallInProcess(['run', '--target', 'live', '--report-dir', dir], { ...env, ...changed });
    expect(r.code, r.stdout + r.stderr).toBe(2);
    const out = r.stdout + r.stderr;
    expect(out).toMatch(says);
    // One line: no per-case lines, no "passed" counts, no API problem accused.
    expect(caseLines(r.stdout)).toEqual([]);
    expect(out).not.toMatch(/passed|problems? \(/);
    expect(out.split('\n').filter((l) => l.startsWith('rollcall run: ') && !l.startsWith('rollcall run: live ')).length).toBe(1);
    // The secret never appears, whatever was wrong with it.
    for (const secret of [env.TWILIO_AUTH_TOKEN, env.TELNYX_API_KEY, 'not-the-token', 'wrong-secret', 'KEYwrong']) expect(out).not.toContain(secret);
  });

  it('a correct configuration passes the preflight in a few requests and runs every suite', async () => {
    const dir = tmpDir('verdict-ok');
    // One case of each list operation: the verdict of a correct configuration; the whole live run against a mock,
    // case by case, is test/run/targets.test.ts's ('sees the same results as the embedded run').
    const r = await rollcallInProcess(['run', '--target', 'live', '--grep', 'first page, no parameters', '--report-dir', dir], env);
    expect(r.code, r.stdout.slice(-3000)).toBe(0);
    const preflight = /preflight: (\d+) requests? in (\d+) ms/.exec(r.stdout);
    expect(preflight).not.toBeNull();
    expect(Number(preflight?.[1])).toBeLessThanOrEqual(6);
    const report = readReport(dir) as ReturnType<typeof readReport> & { preflight?: { parents: Array<{ api: string; participantsSeen: number }> } };
    expect(report.preflight?.parents.map((p) => p.api).sort()).toEqual(['telnyx', 'twilio-insights', 'twilio-video']);
    expect(report.preflight?.parents.every((p) => p.participantsSeen > 0)).toBe(true);
    // Every API's suite ran and passed its cases.
    const passedOn = new Set(report.cases.filter((c) => c.state === 'passed').map((c) => c.operation.split('.')[0]));
    expect([...passedOn].sort()).toEqual(['telnyx', 'twilio-insights', 'twilio-video']);
  }, 120_000);
});

describe('nothing to test is not green', () => {
  it('parents with no participants: exit 2 naming each variable and what to point it at', async () => {
    const r = await rollcallInProcess(['run', '--target', 'live'], emptyEnv);
    expect(r.code, r.stdout).toBe(2);
    expect(r.stdout).toMatch(/nothing to test on twilio-video: ROLLCALL_TWILIO_ROOM_SID=RM\w+ holds no participants; point it at a room with connected and disconnected participants, or pass --allow-empty/);
    expect(r.stdout).toMatch(/nothing to test on twilio-insights: ROLLCALL_TWILIO_CONFERENCE_SID=CF\w+ holds no participants/);
    expect(r.stdout).toMatch(/nothing to test on telnyx: ROLLCALL_TELNYX_ROOM_SESSION_ID=\S+ holds no participants/);
    expect(r.stdout).not.toMatch(/passed/);
  });

  it('with --allow-empty: the cases that need participants are skipped with their reason, never passed, and exit 0', async () => {
    const dir = tmpDir('verdict-empty');
    const r = await rollcallInProcess(['run', '--target', 'live', '--allow-empty', '--report-dir', dir], emptyEnv);
    expect(r.code, r.stdout.slice(-3000)).toBe(0);
    const report = readReport(dir) as ReturnType<typeof readReport> & { cases: Array<{ name: string; state: string; skipReason?: string; exchanges: number }> };
    const needy = report.cases.filter((c) => /each \w+ participant equals|Identity of a participant|of a participant$|inside the (room|session)'s range|outside the (room|session)'s range|UniqueName/.test(c.name));
    expect(needy.length).toBeGreaterThan(10);
    for (const c of needy) {
      expect(c.state, c.name).toBe('skipped');
      expect(c.skipReason, c.name).toMatch(/has no/);
    }
    // No case passed on nothing.
    for (const c of report.cases.filter((x) => x.state === 'passed')) expect(c.exchanges, c.name).toBeGreaterThan(0);
    expect(r.stdout).toMatch(/skipped, for what the target lacks:/);
    // The console counts them as skipped, like the report.
    const skipped = report.cases.filter((c) => c.state === 'skipped').length;
    expect(r.stdout).toMatch(new RegExp(`${report.cases.length} cases: \\d+ passed, 0 failed, ${skipped} skipped`));
  }, 120_000);

  it('an operation whose every case lacked what it needs ends the run with exit 2, naming it', async () => {
    // Only the fetch cases that need a participant, in an empty room (the preflight's empty check allowed).
    const r = await rollcallInProcess(['run', '--target', 'live', '--api', 'twilio-video', '--grep', 'equals its fetch', '--allow-empty'], emptyEnv);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/nothing was checked on twilio-video.fetchRoomParticipant: .*\(allowed by --allow-empty\)/);
    // The same run without --allow-empty: the preflight already says the room is empty.
    const strict = await rollcallInProcess(['run', '--target', 'live', '--api', 'twilio-video', '--grep', 'equals its fetch'], emptyEnv);
    expect(strict.code).toBe(2);
  }, 120_000);
});

/**
 * A proxy in front of the mock that breaks the requests `broken` picks (a reset connection, or a status), forwards
 * the rest, and holds each answer `delayMs` before forwarding it.
 */
async function breakingProxy(upstream: string, broken: (url: URL) => 'reset' | number | undefined, delayMs: (url: URL) => number = () => 0): Promise<{ url: string; close(): Promise<unknown> }> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', upstream);
    const how = broken(url);
    if (how === 'reset') {
      req.socket.destroy();
      return;
    }
    if (typeof how === 'number') {
      res.writeHead(how, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 20500, message: 'broken by the test proxy', more_info: 'https://www.twilio.com/docs/errors/20500', status: how }));
      return;
    }
    const forward = () => {
      // No kept-alive socket to the mock outlives the proxy (the mock's close would wait on it).
      const up = http.request(url, { method: req.method, headers: { ...req.headers, host: req.headers.host }, agent: false }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      // A client gone (a stopped run, or this proxy closed) takes its upstream request with it: an answer nobody
      // reads would hold the mock's socket mid-write, and the mock's close would wait on it forever.
      inFlight.add(up);
      up.on('close', () => inFlight.delete(up));
      res.on('close', () => up.destroy());
      // Its error (a hang-up, once destroyed) ends the client's answer too.
      up.on('error', () => res.destroy());
      req.pipe(up);
    };
    const wait = delayMs(url);
    if (wait > 0) held.add(setTimeout(forward, wait));
    else forward();
  });
  const held = new Set<NodeJS.Timeout>();
  const inFlight = new Set<http.ClientRequest>();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const close = () => {
    // A stopped run leaves answers held or on their way: dropped, with their connections on both sides.
    for (const t of held) clearTimeout(t);
    for (const up of inFlight) up.destroy();
    server.closeAllConnections();
    return new Promise((r) => server.close(r));
  };
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close };
}

// Discovery reads each Status list at the largest page size; the preflight reads at the smallest.
const isDiscovery = (u: URL) => u.searchParams.has('Status') && Number(u.searchParams.get('PageSize')) > 50;
/** A case's request: neither the preflight's read (the smallest page) nor one of discovery's (the largest: each Status, and none). */
const isCase = (u: URL) => u.searchParams.get('PageSize') !== '1' && !(Number(u.searchParams.get('PageSize')) > 50);

describe('a failed discovery is never green', () => {
  it('discovery requests reset: exit 2, one line naming the request, no case run', async () => {
    const proxy = await breakingProxy(mock.url, (u) => (u.pathname.endsWith('/Participants') && isDiscovery(u) ? 'reset' : undefined));
    try {
      const r = await rollcallInProcess(['run', '--target', 'live', '--api', 'twilio-video'], { ...env, ROLLCALL_TWILIO_VIDEO_BASE_URL: proxy.url });
      expect(r.code, r.stdout.slice(-3000)).toBe(2);
      expect(r.stdout).toMatch(/^rollcall run: discovery: cannot reach http:\/\/127\.0\.0\.1:\d+.*\(GET http:\/\/127\.0\.0\.1:\d+\/v1\/Rooms\/RM\w+\/Participants\?Status=\w+&PageSize=\d+\)$/m);
      expect(r.stdout).not.toMatch(/passed/);
      expect(caseLines(r.stdout)).toEqual([]);
    } finally {
      await proxy.close();
    }
  }, 120_000);

  it('discovery requests answered 503: the cases that need the list read it themselves and fail on it (exit 1), none passes on nothing', async () => {
    const proxy = await breakingProxy(mock.url, (u) => (u.pathname.endsWith('/Participants') && isDiscovery(u) ? 503 : undefined));
    try {
      const dir = tmpDir('verdict-discovery');
      // The cases that pick participants from the discovered list.
      const r = await rollcallInProcess(['run', '--target', 'live', '--api', 'twilio-video', '--grep', 'equals its fetch|Identity of a participant', '--report-dir', dir], { ...env, ROLLCALL_TWILIO_VIDEO_BASE_URL: proxy.url });
      expect(r.code, r.stdout.slice(-3000)).toBe(1);
      expect(r.stdout).toMatch(/discovery: twilio-video RM\w+ could not be read \(GET .*Status=.*: status 503\); its cases read the lists themselves/);
      const report = readReport(dir);
      const needy = report.cases.filter((c) => /equals its fetch|Identity of a participant/.test(c.name));
      expect(needy.length).toBeGreaterThan(0);
      for (const c of needy) {
        expect(c.state, c.name).toBe('failed');
        expect(c.violations.map((v) => v.rule), c.name).toContain('http.availability');
      }
    } finally {
      await proxy.close();
    }
  }, 120_000);
});

describe('usage errors end at once', () => {
  // Every usage error `rollcall run` knows: each exits 2, with one line on stderr, before any server starts.
  const usage: string[][] = [
    ['--bogus'],
    ['--target', 'cloud'],
    ['--api', 'zoom'],
    ['--target', 'live', '--faults', 'enum-drift'],
    ['--faults', 'no-such-fault'],
    // A fault that acts on no selected API would leave the run green: next-page-loop is Twilio's links only.
    ['--api', 'telnyx', '--faults', 'next-page-loop'],
    ['--api', 'twilio-insights', '--faults', 'filter-ignored,enum-drift'],
    ['--target', 'live', '--churn', '0.1'],
    ['--churn', 'lots'],
    ['--explore', 'many'],
    ['--replay-case', 'x/1'],
    ['--explore', '3', '--replay-case', 'nonsense'],
    ['--from', '/tmp'],
    ['--target', 'replay'],
    ['--shard', '3'],
    ['--shard', '1/2'],
    ['--shard', '1/2', '--report-dir', '/tmp/x', '--write-baseline', '/tmp/b.json'],
    ['--allow-mutations', 'RM123'],
    ['--allow-mutations', 'RM0123456789abcdef0123456789abcdef'],
    ['--reporter', 'pdf', '--report-dir', '/tmp/x'],
    ['--reporter', 'junit'],
    ['--max-requests', 'lots'],
    ['--max-samples', '-3'],
    ['--max-duration', '0'],
    ['--config', '/nonexistent/rollcall.config.json'],
  ];
  it.each(usage.map((args) => [args.join(' '), args] as const))('rollcall run %s', async (_name, args) => {
    const t0 = Date.now();
    const r = await rollcallInProcess(['run', ...args]);
    const ms = Date.now() - t0;
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(/^rollcall run: /);
    expect(r.stdout).not.toMatch(/embedded mock|preflight/);
    // One at a time: under 2 s on an idle machine (about 0.6-1 s measured); the bound leaves room for a CI worker loaded by another test file.
    expect(ms).toBeLessThan(6000);
  });

  it('an unknown option: exit 2, the one line naming it, nothing on stdout', async () => {
    // The exit code of a usage error through bin/rollcall.js, from the real process: test/safety/readonly-and-secrets.test.ts
    // ('refuses --allow-mutations that is not a Room SID, before any request'); a signal's, below.
    const t0 = Date.now();
    const r = await rollcallInProcess(['run', '--bogus']);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(/^rollcall run: Unknown option '--bogus'/);
    expect(r.stdout).toBe('');
    expect(Date.now() - t0).toBeLessThan(6000);
  });
});

/** The real binary (bin/rollcall.js) with `args` and `env`; `stop()` sends it `signal`. Resolves with the exit code and output. */
function interruptible(args: string[], env: Record<string, string>, signal: NodeJS.Signals): { stop(): void; done: Promise<{ code: number | null; stdout: string }> } {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/rollcall.js'), ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', COLUMNS: '10000', ...env } });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => void (stdout += d.toString()));
  const done = new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the run did not end: ${stdout.slice(-2000)}`));
    }, 100_000);
    child.on('exit', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout });
    });
  });
  let sent = false;
  return { stop: () => void (sent || ((sent = true), child.kill(signal))), done };
}

/**
 * A live run of twilio-video through a proxy that holds each case's answer a second (the preflight's and discovery's
 * pass at once): the run is among its cases, each waiting, for as long as the test needs. `onCase` sees each case
 * request; `child` runs the real binary instead of `main` in this process.
 */
async function slowLiveRun(args: string[], onCase: () => void = () => undefined, child?: NodeJS.Signals): Promise<{ code: number | null; stdout: string; dir: string }> {
  let stop = onCase;
  const proxy = await breakingProxy(mock.url, () => undefined, (u) => (isCase(u) ? (stop(), 1000) : 0));
  try {
    const dir = tmpDir('verdict-stopped');
    const argv = ['run', '--target', 'live', '--api', 'twilio-video', '--report-dir', dir, ...args];
    const liveEnv = { ...env, ROLLCALL_TWILIO_VIDEO_BASE_URL: proxy.url };
    if (child) {
      const run = interruptible(argv, liveEnv, child);
      stop = run.stop;
      return { ...(await run.done), dir };
    }
    const r = await rollcallInProcess(argv, liveEnv);
    return { code: r.code, stdout: r.stdout + r.stderr, dir };
  } finally {
    await proxy.close();
  }
}

describe('a stopped run says so and keeps what it gathered', () => {
  const stoppedWith = (signal: NodeJS.Signals, r: { code: number | null; stdout: string }, dir: string, code: number) => {
    expect(r.code, r.stdout.slice(-2000) + ("stderr" in r ? String(r.stderr) : "")).toBe(code);
    expect(r.stdout).toMatch(new RegExp(`interrupted by ${signal}: \\d+ cases finished; the reports in .* are partial`));
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'rollcall-report.json'), 'utf8')) as { interrupted?: string; cases: unknown[] };
    expect(report.interrupted).toBe(`interrupted by ${signal}`);
    expect(report.cases.length).toBeGreaterThan(0);
  };

  it('SIGINT: exit 130, the reports written and marked interrupted (the real process)', async () => {
    // The real process (started with the file, beside the in-process runs), sent SIGINT as its first case's request arrives.
    const r = await sigint;
    stoppedWith('SIGINT', r, r.dir, 130);
  }, 120_000);

  it('SIGTERM: exit 143, the reports written and marked interrupted', async () => {
    // The run's own handler, as the signal calls it (emitted in this process: a real SIGTERM is the child's above,
    // SIGINT, through the same handler), when the first case's request arrives.
    let sent = false;
    const handlers = process.listenerCount('SIGTERM');
    const r = await slowLiveRun([], () => {
      if (sent) return;
      sent = true;
      setImmediate(() => process.emit('SIGTERM', 'SIGTERM'));
    });
    expect(sent).toBe(true);
    stoppedWith('SIGTERM', r, r.dir, 143);
    expect(process.listenerCount('SIGTERM'), 'the run left its handler behind').toBe(handlers);
  }, 120_000);

  it('--max-duration: exit 2, partial reports', async () => {
    // Its cases answered a second each (47 of them): 4 s lands among them, past discovery even on a loaded machine.
    const r = await slowLiveRun(['--max-duration', '4']);
    expect(r.code, r.stdout.slice(-2000)).toBe(2);
    expect(r.stdout).toMatch(/stopped by --max-duration 4 s: \d+ cases finished/);
    expect((readReport(r.dir) as unknown as { interrupted?: string }).interrupted).toMatch(/--max-duration/);
  }, 120_000);
});
