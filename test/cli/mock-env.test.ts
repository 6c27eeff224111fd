/**
 * The first live run in one command: `rollcall mock --env-only` prints the exports that point
 * `rollcall run --target live` at a `rollcall mock` (same --port and --seed), a shell evals them,
 * and the live run against the mock passes its preflight and exits 0.
 * Child processes: the mock (`rollcall mock`, whose stderr hint and stdout line are under test) and one shell that
 * evals the real binary's `--env-only` output and prints the environment it leaves. The live run then runs in this
 * process with exactly that environment (test/support/in-process-cli.ts), as `exec rollcall run` after the eval would
 * (was `eval ... && exec node bin/rollcall.js run` in a shell, plus a second shell eval for the hint's test: two Node
 * starts and the CLI's loading less). `rollcall run` through the real binary after an eval of the exports, every case,
 * is README recipe 2, run by test/package/install.test.ts from the installed package.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mockEnvironment, richestParents, shellQuote } from '../../src/cli/mock-env.js';
import { createDataset } from '../../src/mock/dataset.js';
import { fixturesOf } from '../../src/mock/fixtures.js';
import { ROOT, readReport, tmpDir } from '../run/support.js';
// `rollcall mock --env-only` in this process (test/support/in-process-cli.ts): the same `main`, without a Node start
// each; the shell's eval below runs the real binary, the mock too.
import { rollcallInProcess as rollcall } from '../support/in-process-cli.js';

const BIN = path.join(ROOT, 'bin/rollcall.js');
const SEED = 7;

/** A port free right now (the mock then listens on it: a fixed port is what --env-only needs). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Runs a POSIX shell script with a clean environment (no credentials of the machine leak in). */
function sh(script: string, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('sh', ['-c', script], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env }, timeout: 170_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** The command the mock's hint names, as its arguments after `rollcall`. */
const ENV_ONLY = () => `mock --port ${port} --seed ${SEED} --env-only`;

/**
 * `eval "$(rollcall mock --env-only ...)" && env` in a shell holding a stale TWILIO_API_KEY/SECRET, once: the environment
 * the eval leaves (every variable `env` prints, as a command run next in that shell gets it).
 */
let evaluation: Promise<{ code: number; stdout: string; stderr: string; env: Record<string, string> }> | undefined;
function evaluated() {
  evaluation ??= sh(`eval "$(node '${BIN}' ${ENV_ONLY()})" && env`, { TWILIO_API_KEY: 'SKstale', TWILIO_API_SECRET: 'stale' }).then((r) => ({
    ...r,
    env: Object.fromEntries(r.stdout.split('\n').map((l) => /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(l)).filter((m) => m !== null).map((m) => [m[1]!, m[2]!])),
  }));
  return evaluation;
}

let mock: ChildProcess | undefined;
let port = 0;
let mockStderr = '';

beforeAll(async () => {
  port = await freePort();
  mock = spawn(process.execPath, [BIN, 'mock', '--port', String(port), '--seed', String(SEED)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  mock.stderr!.on('data', (d: Buffer) => void (mockStderr += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const guard = setTimeout(() => reject(new Error(`the mock did not start: ${out}`)), 30_000);
    mock!.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('listening on')) {
        clearTimeout(guard);
        resolve();
      }
    });
  });
}, 40_000);

afterAll(() => {
  mock?.kill('SIGTERM');
});

describe('rollcall mock --env-only', () => {
  it('prints one export per variable a live run reads, the values the running mock serves', async () => {
    const r = await rollcall(['mock', '--port', String(port), '--seed', String(SEED), '--env-only']);
    expect(r.code, r.stderr).toBe(0);
    const exports = Object.fromEntries(r.stdout.split('\n').filter((l) => l.startsWith('export ')).map((l) => /^export ([A-Z_]+)='([^']*)'$/.exec(l)!.slice(1, 3) as [string, string]));
    expect(Object.keys(exports)).toEqual([
      'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TELNYX_API_KEY',
      'ROLLCALL_TWILIO_ROOM_SID', 'ROLLCALL_TWILIO_CONFERENCE_SID', 'ROLLCALL_TELNYX_ROOM_SESSION_ID',
      'ROLLCALL_TWILIO_VIDEO_BASE_URL', 'ROLLCALL_TWILIO_INSIGHTS_BASE_URL', 'ROLLCALL_TELNYX_BASE_URL',
    ]);
    expect(r.stdout).toMatch(/^unset TWILIO_API_KEY TWILIO_API_SECRET$/m);
    const origin = `http://127.0.0.1:${port}`;
    const served = (await (await fetch(`${origin}/__mock/fixtures`)).json()) as ReturnType<typeof fixturesOf>;
    expect(exports).toMatchObject({
      TWILIO_ACCOUNT_SID: served.twilio.accountSid,
      TWILIO_AUTH_TOKEN: served.twilio.authToken,
      TELNYX_API_KEY: served.telnyx.apiKey,
      ROLLCALL_TWILIO_VIDEO_BASE_URL: origin,
      ROLLCALL_TWILIO_INSIGHTS_BASE_URL: origin,
      ROLLCALL_TELNYX_BASE_URL: `${origin}/v2`,
    });
    expect(served.twilio.rooms.map((x) => x.sid)).toContain(exports.ROLLCALL_TWILIO_ROOM_SID);
    expect(served.twilio.conferences.map((x) => x.sid)).toContain(exports.ROLLCALL_TWILIO_CONFERENCE_SID);
    expect(served.telnyx.roomSessions.map((x) => x.id)).toContain(exports.ROLLCALL_TELNYX_ROOM_SESSION_ID);
  });

  it('eval "$(rollcall mock --env-only ...)" then rollcall run --target live: preflight passes, every API checked, exit 0', async () => {
    const shell = await evaluated();
    expect(shell.code, shell.stderr).toBe(0);
    // A stale API key in the shell would win over the account SID: the exports unset it.
    expect(Object.keys(shell.env).filter((k) => k.startsWith('TWILIO_API_'))).toEqual([]);
    const dir = tmpDir('mock-env-live');
    // A few cases of each API show where the exports point (README recipe 2, run by test/package/install.test.ts, is every case).
    const r = await rollcall(['run', '--target', 'live', '--grep', 'first page, no parameters|walk every page at', '--report-dir', dir], shell.env);
    expect(r.code, r.stdout.slice(-2500) + r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/skipped (twilio-video|twilio-insights|telnyx): set /);
    const report = readReport(dir);
    expect(report.kind).toBe('live');
    const operations = new Set(report.cases.filter((c) => c.state === 'passed').map((c) => c.operation.split('.')[0]));
    expect([...operations].sort()).toEqual(['telnyx', 'twilio-insights', 'twilio-video']);
  }, 180_000);

  it('the mock says at start, on stderr, the one command that prints these exports; its stdout stays the one listening line', async () => {
    for (let i = 0; i < 50 && !mockStderr.includes('\n'); i++) await new Promise((r) => setTimeout(r, 20));
    const hinted = /eval "\$\((rollcall mock [^)]*)\)"/.exec(mockStderr)?.[1];
    expect(hinted, mockStderr).toBe(`rollcall ${ENV_ONLY()}`);
    const direct = await rollcall(hinted!.split(' ').slice(1));
    // The shell above evaluated this very command (the hint is the string it ran, compared just now).
    const viaShell = await evaluated();
    expect(viaShell.stdout).toContain(`ROLLCALL_TWILIO_VIDEO_BASE_URL=http://127.0.0.1:${port}\n`);
    expect(direct.stdout).toContain(`export ROLLCALL_TWILIO_VIDEO_BASE_URL='http://127.0.0.1:${port}'`);
  });

  it('needs a fixed --port (exit 2)', async () => {
    const r = await rollcall(['mock', '--env-only']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^rollcall mock: --env-only needs the --port the mock serves on/);
  });
});

describe('what the exports choose and how they are quoted', () => {
  it('the parents with the most to check: a room with connected and disconnected participants, the largest conference, a session with participants who left and who stayed', () => {
    for (const seed of [1, 7, 42]) {
      const dataset = createDataset(seed);
      const fx = fixturesOf(dataset);
      const chosen = richestParents(dataset);
      const room = fx.twilio.rooms.find((r) => r.sid === chosen.roomSid)!;
      expect(room.participants.connected, `seed ${seed}`).toBeGreaterThan(0);
      expect(room.participants.disconnected, `seed ${seed}`).toBeGreaterThan(0);
      const conference = fx.twilio.conferences.find((c) => c.sid === chosen.conferenceSid)!;
      expect(conference.participants).toBe(Math.max(...fx.twilio.conferences.map((c) => c.participants)));
      const session = dataset.telnyx.sessions.find((s) => s.id === chosen.roomSessionId)!;
      const left = session.participants.filter((p) => p.leftAt !== null).length;
      expect(left, `seed ${seed}`).toBeGreaterThan(1);
      expect(session.participants.length - left, `seed ${seed}`).toBeGreaterThan(1);
    }
  });

  it.each([['plain'], ["it's"], ['$(touch /tmp/pwned) `id` $HOME'], ['a\nb'], ["''"], ['\\']])('shellQuote(%j) comes back unchanged through sh', async (value) => {
    const r = await sh(`printf '%s' ${shellQuote(value)}`);
    expect(r.stdout).toBe(value);
  });

  it('a wildcard host is reached on loopback', () => {
    const env = Object.fromEntries(mockEnvironment({ seed: 42, host: '0.0.0.0', port: 4010 }));
    expect(env.ROLLCALL_TELNYX_BASE_URL).toBe('http://127.0.0.1:4010/v2');
    expect(Object.fromEntries(mockEnvironment({ seed: 42, host: '::', port: 4010 })).ROLLCALL_TWILIO_VIDEO_BASE_URL).toBe('http://[::1]:4010');
  });
});
