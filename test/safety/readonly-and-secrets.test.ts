/**
 * Against a live target rollcall sends nothing but GET unless --allow-mutations names a room, and
 * no secret reaches stdout, stderr, a report, a recording, a curl line or an error message.
 * Two runs, in this process (test/support/in-process-cli.ts): one whole live run of every API without
 * --allow-mutations, against a faulty mock (read-only and no secret anywhere, even in a failing run's output);
 * and one with --allow-mutations ROOM that keeps to the suite that mutates (--grep 'mutations allowed', its group's
 * name: every case of it; was the whole of twilio-video, ~0.4 s of CPU more). Only that suite's cases are built on
 * the room mutations are allowed on (src/run/cases/index.ts); whatever the case, the probe refuses a non-GET outside that room,
 * or any non-GET in a read-only run, before the wire (src/run/probes.ts mutableScope, src/run/probe.ts): proven here
 * on the probe itself, refusing and sending. The other twilio-video suites only read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../../src/mock/index.js';
import { Probe } from '../../src/run/probe.js';
import { mutableScope } from '../../src/run/probes.js';
import { Redactor } from '../../src/run/redact.js';
import { DEFAULT_SETTINGS, type TargetInfo } from '../../src/run/target.js';
import { participantUrl } from '../../src/run/cases/common.js';
import { PARTICIPANT_STATUS, unknownSid } from '../../src/catalog/facts.js';
import { recordingProxy, type RecordingProxy } from './proxy.js';
import { readReport, tmpDir, type CliResult } from '../run/support.js';
// The CLI's `main` in this process (test/support/in-process-cli.ts): the same run, without a Node start each.
import { rollcallInProcess as rollcall } from '../support/in-process-cli.js';

const UPDATE = 'twilio-video.updateRoomParticipant';

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
    const r = await rollcall(['run', '--target', 'live', '--api', 'twilio-video', '--grep', 'mutations allowed', '--allow-mutations', room], env);
    expect(r.code, r.stdout.slice(-1500)).toBe(0);
    expect(r.stdout).toMatch(/ [1-9]\d* passed, 0 failed/);
    const writes = proxy.seen.filter((s) => s.method !== 'GET');
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.filter((w) => !w.url.startsWith(`/v1/Rooms/${room}/`))).toEqual([]);
  });

  it('the probe sends a non-GET only under the room --allow-mutations names: another room, or a read-only run, is refused before the wire', async () => {
    proxy.seen.length = 0;
    const f = mock.fixtures();
    const other = f.twilio.rooms.find((r) => r.sid !== room)!.sid;
    const probeIn = (mutable: string[]) => new Probe({ kind: 'basic', basic: { username: f.twilio.accountSid, password: f.twilio.authToken } }, DEFAULT_SETTINGS, new Redactor([f.twilio.authToken]), UPDATE, { origins: [proxy.url], mutable });
    // The scope a run builds from its target: the named room's participants with mutations allowed, nothing without.
    const allowed = probeIn(mutableScope({ twilioVideo: { mutations: { baseUrl: proxy.url, room: { sid: room } } } } as unknown as TargetInfo));
    const readOnly = probeIn(mutableScope({ twilioVideo: {} } as unknown as TargetInfo));
    // An unknown participant: the mock answers 404 and changes nothing.
    const kick = (r: string) => ({ method: 'POST' as const, url: participantUrl(proxy.url, r, unknownSid('ParticipantSid')), form: { Status: PARTICIPANT_STATUS.disconnected } });
    await expect(allowed.send(kick(other))).rejects.toThrow(/refusing POST .*read-only there/);
    await expect(readOnly.send(kick(room))).rejects.toThrow(/refusing POST .*read-only there/);
    expect(proxy.seen).toEqual([]);
    expect((await allowed.send(kick(room))).exchange.response.status).toBe(404);
    expect(proxy.seen.map((x) => [x.method, x.url.startsWith(`/v1/Rooms/${room}/`)])).toEqual([['POST', true]]);
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
