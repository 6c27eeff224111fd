/**
 * `rollcall proxy` from its command line: --help lists every option, usage and configuration errors
 * exit 2 with one line, and a proxy bounded by --max-requests writes the run's reports and a
 * recording `rollcall drift` reads, with no credential the application sent anywhere in them, and
 * exits 0 (clean) or 1 (a fault seen).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/index.js';
import { COMMANDS } from '../../src/cli/commands.js';
import { runProxyCommand } from '../../src/cli/proxy.js';
import { runDriftCommand } from '../../src/cli/drift.js';
import { startMock, type RunningMock } from '../../src/mock/index.js';
import { basic } from './support.js';
import { reportSchemaValidator } from '../problems.support.js';

function capture(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), readStdin: async () => '', env } };
}

/** Every file under `dir`, as text. */
const filesOf = (dir: string): Array<[string, string]> =>
  fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f)).filter((f) => fs.statSync(f).isFile()).map((f) => [f, fs.readFileSync(f, 'utf8')]);

describe('rollcall proxy --help and usage errors', () => {
  it('--help lists every option with its default, and an example', async () => {
    const c = capture();
    expect(await main(['proxy', '--help'], c.io)).toBe(0);
    const help = c.out.join('');
    for (const o of COMMANDS.proxy.options) expect(help, o.name).toContain(`--${o.name}`);
    expect(help).toContain('rollcall proxy --port 4020');
  });

  it.each([
    [['--host', '0.0.0.0'], /--host must be a loopback address/],
    [['--links', 'rewrite'], /--links must be origin or proxy/],
    [['--api', 'zoom'], /unknown API zoom/],
    [['--max-requests', '0'], /--max-requests must be a whole number from 1/],
    [['--duration', 'soon'], /--duration must be a number of seconds above 0/],
    [['--upstream', 'ftp://127.0.0.1'], /--upstream has the scheme ftp/],
    [['--reporter', 'html'], /give --report-dir DIR too/],
  ])('%j: exit 2, one line saying what to fix', async (args, message) => {
    const c = capture();
    expect(await main(['proxy', ...args], c.io)).toBe(2);
    expect(c.err.join('')).toMatch(message);
    expect(c.out.join('')).toBe('');
  });

  it('a base URL in the environment that cannot work is a configuration error naming the variable', async () => {
    const c = capture({ ROLLCALL_TELNYX_BASE_URL: 'https://api.telnyx.com' });
    await expect(runProxyCommand([], c.io)).rejects.toThrow(/ROLLCALL_TELNYX_BASE_URL="https:\/\/api.telnyx.com" does not end with \/v2/);
  });
});

describe('rollcall proxy bounded by --max-requests, with reports and a recording', () => {
  let mock: RunningMock;
  let dir: string;
  beforeAll(async () => {
    mock = await startMock({ seed: 11 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-proxy-cli-'));
  });
  afterAll(async () => {
    await mock?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('exits 0 after N requests, writes the reports and a recording drift reads, and no credential anywhere', async () => {
    const f = mock.fixtures();
    const reports = path.join(dir, 'reports');
    const recording = path.join(dir, 'recording');
    const c = capture({ TWILIO_ACCOUNT_SID: f.twilio.accountSid });
    const room = f.twilio.rooms[0]!;
    const secrets = [f.twilio.authToken, f.twilio.apiKey.secret, f.telnyx.apiKey, 'a-wrong-password-123', Buffer.from(`${f.twilio.accountSid}:${f.twilio.authToken}`).toString('base64')];
    const done = runProxyCommand(['--upstream', mock.url, '--max-requests', '5', '--report-dir', reports, '--record', recording], {
      ...c.io,
      onListening: (url) =>
        void (async () => {
          const list = `${url}/v1/Rooms/${room.sid}/Participants`;
          await fetch(list, { headers: { authorization: basic(f.twilio.accountSid, f.twilio.authToken) } });
          await fetch(`${list}?PageSize=2`, { headers: { authorization: basic(f.twilio.apiKey.sid, f.twilio.apiKey.secret) } });
          await fetch(list, { headers: { authorization: basic(f.twilio.accountSid, 'a-wrong-password-123') } });
          await fetch(`${url}/v2/room_sessions/${f.telnyx.roomSessions[0]!.id}/participants`, { headers: { authorization: `Bearer ${f.telnyx.apiKey}` } });
          await fetch(`${list}/PAx`, { method: 'POST', headers: { authorization: `Bearer ${f.telnyx.apiKey}` }, body: 'Status=disconnected' });
        })(),
    });
    expect(await done).toBe(0);
    const console = c.out.join('');
    expect(console).toMatch(/rollcall proxy: stopped \(--max-requests 5\): 5 requests, 4 judged/);
    expect(console).toMatch(/reports: .*rollcall-report\.html/);
    const written = [...filesOf(reports), ...filesOf(recording), ['console', console] as [string, string]];
    expect(written.map(([f]) => path.basename(f))).toEqual(expect.arrayContaining(['rollcall-report.json', 'rollcall-junit.xml', 'rollcall-summary.md', 'rollcall-report.html', `exchanges-${process.pid}.jsonl`]));
    for (const [file, text] of written) for (const s of secrets) expect(text.includes(s), `${s} in ${file}`).toBe(false);
    const report = JSON.parse(fs.readFileSync(path.join(reports, 'rollcall-report.json'), 'utf8')) as { totals: { errors: number; cases: number; exchanges: number }; rulesExercised?: { total: number; exercised: number } };
    // The report a run writes, in its published shape (schemas/report/rollcall-report.schema.json).
    const valid = reportSchemaValidator();
    expect(valid(report), JSON.stringify(valid.errors)).toBe(true);
    // Five requests (the kick refused) as four request shapes (the two unfiltered Video lists are one case of two
    // exchanges), the refusal, and two walks seen to their end (the PageSize=2 list was left after its first page).
    expect(report.totals).toMatchObject({ errors: 0, cases: 6, exchanges: 4 });
    // The proxy's cases say which rules they reached: the report counts rules exercised as a run's does.
    expect(report.rulesExercised?.exercised).toBeGreaterThan(10);
    expect(console).toMatch(/rules exercised: \d+ of \d+/);
    const lines = fs.readFileSync(path.join(recording, `exchanges-${process.pid}.jsonl`), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(4);
    const d = capture();
    expect(await runDriftCommand(['--from', recording], d.io)).not.toBe(2);
  });

  it('exits 1 when the upstream broke the contract', async () => {
    const faulty = await startMock({ seed: 11, faults: ['enum-drift'] });
    try {
      const f = faulty.fixtures();
      const c = capture();
      const done = runProxyCommand(['--upstream', faulty.url, '--max-requests', '1'], {
        ...c.io,
        onListening: (url) => void fetch(`${url}/v1/Rooms/${f.twilio.rooms[0]!.sid}/Participants?PageSize=50`, { headers: { authorization: basic(f.twilio.accountSid, f.twilio.authToken) } }),
      });
      expect(await done).toBe(1);
      expect(c.out.join('')).toMatch(/✗ P[0-9a-f]{8} twilio-video\.listRoomParticipants/);
    } finally {
      await faulty.close();
    }
  });
});
