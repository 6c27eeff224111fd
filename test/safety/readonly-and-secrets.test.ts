/**
 * Against a live target rollcall sends nothing but GET unless --allow-mutations names a room, and
 * no secret reaches stdout, stderr, a report, a recording, a curl line or an error message.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../../src/mock/index.js';
import { recordingProxy, type RecordingProxy } from './proxy.js';
import { readReport, tmpDir, type CliResult } from '../run/support.js';
// The CLI's `main` in this process (test/support/in-process-cli.ts): the same run, without a Node start each.
import { rollcallInProcess as rollcall } from '../support/in-process-cli.js';

let mock: RunningMock;
let proxy: RecordingProxy;
let env: Record<string, string>;
let room: string;
/** A mock that breaks the contract (so the run fails and prints its curl lines), behind a proxy of its own. */
let faulty: RunningMock;
let faultyProxy: RecordingProxy;

beforeAll(async () => {
  [mock, faulty] = await Promise.all([startMock(), startMock({ faults: ['bad-sid-pattern', 'error-format'] })]);
  [proxy, faultyProxy] = await Promise.all([recordingProxy(mock.url), recordingProxy(faulty.url)]);
  const f = mock.fixtures();
  room = f.twilio.rooms.find((r) => r.participants.connected > 0)!.sid;
  env = {
    TWILIO_ACCOUNT_SID: f.twilio.accountSid,
    TWILIO_AUTH_TOKEN: f.twilio.authToken,
    TELNYX_API_KEY: f.telnyx.apiKey,
    ROLLCALL_TWILIO_ROOM_SID: room,
    ROLLCALL_TWILIO_CONFERENCE_SID: f.twilio.conferences[0]!.sid,
    ROLLCALL_TELNYX_ROOM_SESSION_ID: f.telnyx.roomSessions[1]!.id,
    // The proxy's host header keeps the mock's URLs on the proxy's origin.
    ROLLCALL_TWILIO_VIDEO_BASE_URL: proxy.url,
    ROLLCALL_TWILIO_INSIGHTS_BASE_URL: proxy.url,
    ROLLCALL_TELNYX_BASE_URL: `${proxy.url}/v2`,
  };
}, 60_000);

afterAll(async () => {
  await Promise.all([proxy?.close(), faultyProxy?.close()]);
  await Promise.all([mock?.close(), faulty?.close()]);
});

/**
 * One whole live run of every API, without --allow-mutations, against the faulty mock: it proves both that only GET
 * is sent and that no secret is written anywhere, even where a run fails (its failure output carries curl lines).
 */
let failing: Promise<{ r: CliResult; dir: string; secrets: string[] }> | undefined;
function failingRun() {
  failing ??= (async () => {
    const f = faulty.fixtures();
    const secrets = [f.twilio.authToken, f.telnyx.apiKey, Buffer.from(`${f.twilio.accountSid}:${f.twilio.authToken}`).toString('base64')];
    const dir = tmpDir('secrets');
    const r = await rollcall(['run', '--target', 'live', '--report-dir', dir, '--record', path.join(dir, 'recording')], {
      TWILIO_ACCOUNT_SID: f.twilio.accountSid,
      TWILIO_AUTH_TOKEN: f.twilio.authToken,
      TELNYX_API_KEY: f.telnyx.apiKey,
      ROLLCALL_TWILIO_VIDEO_BASE_URL: faultyProxy.url,
      ROLLCALL_TWILIO_INSIGHTS_BASE_URL: faultyProxy.url,
      ROLLCALL_TELNYX_BASE_URL: `${faultyProxy.url}/v2`,
      ROLLCALL_TWILIO_ROOM_SID: f.twilio.rooms[0]!.sid,
      ROLLCALL_TWILIO_CONFERENCE_SID: f.twilio.conferences[0]!.sid,
      ROLLCALL_TELNYX_ROOM_SESSION_ID: f.telnyx.roomSessions[1]!.id,
    });
    return { r, dir, secrets };
  })();
  return failing;
}

describe('read-only by default', () => {
  it('a live run without --allow-mutations sends only GET', async () => {
    const { r } = await failingRun();
    expect(r.code, r.stdout.slice(-1500)).toBe(1);
    expect(faultyProxy.seen.length).toBeGreaterThan(100);
    expect([...new Set(faultyProxy.seen.map((s) => s.method))]).toEqual(['GET']);
  });

  it('with --allow-mutations ROOM, every non-GET goes to that room and nowhere else', async () => {
    proxy.seen.length = 0;
    const r = await rollcall(['run', '--target', 'live', '--api', 'twilio-video', '--allow-mutations', room], env);
    expect(r.code, r.stdout.slice(-1500)).toBe(0);
    const writes = proxy.seen.filter((s) => s.method !== 'GET');
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.filter((w) => !w.url.startsWith(`/v1/Rooms/${room}/`))).toEqual([]);
  });

  it('refuses --allow-mutations that is not a Room SID, before any request', async () => {
    proxy.seen.length = 0;
    const r = await rollcall(['run', '--target', 'live', '--allow-mutations', 'DailyStandup'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--allow-mutations names the Room SID/);
    expect(proxy.seen).toEqual([]);
  });
});

describe('secrets', () => {
  it('never appear in stdout, stderr, reports, recordings or curl lines, even when the run fails', async () => {
    const { r, dir, secrets } = await failingRun();
    expect(r.code).toBe(1);
    // The failure output carries curl lines: with the credentials as variables, never values.
    expect(r.stdout).toMatch(/repro:\s+curl .* -u "\$TWILIO_ACCOUNT_SID:\$TWILIO_AUTH_TOKEN"/);
    const outputs: Array<[string, string]> = [['stdout', r.stdout], ['stderr', r.stderr]];
    const walk = (d: string): void => {
      for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, entry.name);
        if (entry.isDirectory()) walk(p);
        else outputs.push([p, fs.readFileSync(p, 'utf8')]);
      }
    };
    walk(dir);
    expect(outputs.length).toBeGreaterThan(3);
    expect(readReport(dir).cases.some((c) => c.violations.length > 0)).toBe(true);
    for (const [where, text] of outputs) for (const secret of secrets) expect(text.includes(secret), `${where} holds a secret`).toBe(false);
  });
});
