/**
 * The safety holes a review found, each closed and held by a test: mutations named on the command line
 * only, every file of a recording redacted, no credential in an exchange, path segments encoded, a
 * probe that sends nothing without a scope, and a 429 without Retry-After that is never retried at once.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../../src/mock/index.js';
import { Probe, rateLimitWait, SafetyError } from '../../src/run/probe.js';
import { Redactor } from '../../src/run/redact.js';
import { writeTargetFile } from '../../src/run/replay.js';
import { participantUrl } from '../../src/run/cases/common.js';
import { DEFAULT_SETTINGS, type TargetInfo } from '../../src/run/target.js';
import { recordingProxy, type RecordingProxy } from './proxy.js';
import { tmpDir, writeConfig } from '../run/support.js';
// The CLI's `main` in this process (test/support/in-process-cli.ts): the same run, without a Node start each.
import { rollcallInProcess as rollcall } from '../support/in-process-cli.js';

let mock: RunningMock;
let proxy: RecordingProxy;
let env: Record<string, string>;
let room: string;

beforeAll(async () => {
  mock = await startMock();
  proxy = await recordingProxy(mock.url);
  const f = mock.fixtures();
  room = f.twilio.rooms.find((r) => r.participants.connected > 0)!.sid;
  env = {
    TWILIO_ACCOUNT_SID: f.twilio.accountSid,
    TWILIO_AUTH_TOKEN: f.twilio.authToken,
    ROLLCALL_TWILIO_ROOM_SID: room,
    ROLLCALL_TWILIO_VIDEO_BASE_URL: proxy.url,
  };
}, 60_000);

afterAll(async () => {
  await proxy?.close();
  await mock?.close();
});

describe('mutations are named on the command line only', () => {
  it('a config file with allowMutations and no flag sends no POST, and says the run is read-only', async () => {
    proxy.seen.length = 0;
    const config = writeConfig(tmpDir('config-mutations'), { allowMutations: room });
    // The cases that would kick (and update) if the config could allow them, and walks and fetches for reads: not every case.
    const r = await rollcall(['run', '--target', 'live', '--api', 'twilio-video', '--config', config, '--grep', 'kick|update|walk every page|equals its fetch'], env);
    expect(r.code, r.stdout.slice(-1500) + r.stderr).toBe(0);
    expect(r.stderr).toContain('needs --allow-mutations');
    expect(proxy.seen.length).toBeGreaterThan(20);
    expect(proxy.seen.filter((s) => s.method !== 'GET')).toEqual([]);
  }, 180_000);

  it('a config value that disagrees with the flag is a usage error, before any request', async () => {
    proxy.seen.length = 0;
    const other = `RM${'0'.repeat(32)}`;
    const config = writeConfig(tmpDir('config-mutations'), { allowMutations: other });
    const r = await rollcall(['run', '--target', 'live', '--api', 'twilio-video', '--config', config, '--allow-mutations', room], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/allowMutations .* disagrees with --allow-mutations/);
    expect(proxy.seen).toEqual([]);
  }, 60_000);
});

describe('credentials', () => {
  it('go on the wire, never into the exchange a check or reporter receives', async () => {
    proxy.seen.length = 0;
    const f = mock.fixtures();
    const probe = new Probe({ kind: 'basic', basic: { username: f.twilio.accountSid, password: f.twilio.authToken } }, DEFAULT_SETTINGS, new Redactor([f.twilio.authToken]), 'twilio-video.listRoomParticipants', { origins: [proxy.url], mutable: [] });
    const result = await probe.send({ method: 'GET', url: `${proxy.url}/v1/Rooms/${room}/Participants` });
    expect(result.exchange.response.status).toBe(200);
    expect(proxy.seen[0]?.authorization).toMatch(/^Basic /);
    const headers = Object.keys(result.exchange.request?.headers ?? {}).map((h) => h.toLowerCase());
    expect(headers).not.toContain('authorization');
    expect(JSON.stringify(result.exchange)).not.toContain(f.twilio.authToken);
    expect(JSON.stringify(result.exchange)).not.toContain(proxy.seen[0]!.authorization!.slice(6));
  });

  it('a Probe without a scope refuses to exist, so it can send nothing', () => {
    // @ts-expect-error: the scope is required; a caller that forgets it (from JavaScript) is refused at run time.
    expect(() => new Probe({ kind: 'bearer', bearer: 'k' }, DEFAULT_SETTINGS, new Redactor([]), 'telnyx.listRoomSessionParticipants')).toThrow(SafetyError);
    expect(() => new Probe({ kind: 'bearer', bearer: 'k' }, DEFAULT_SETTINGS, new Redactor([]), 'telnyx.listRoomSessionParticipants', { origins: [], mutable: [] })).toThrow(/needs a scope/);
  });

  it('every file of a recording, target.json included, goes through the redactor', () => {
    const secret = 'sk_live_0123456789abcdef';
    const target = {
      kind: 'live',
      label: `live https://video.example.test/?token=${secret}`,
      skipped: [],
      settings: DEFAULT_SETTINGS,
      twilioVideo: { baseUrl: `https://user:${secret}@video.example.test`, accountSid: 'AC0', auth: { username: 'AC0', password: secret }, rooms: [] },
    } as unknown as TargetInfo;
    const dir = tmpDir('target-file');
    writeTargetFile(dir, target, new Redactor([secret]));
    const text = fs.readFileSync(path.join(dir, 'target.json'), 'utf8');
    expect(text).not.toContain(secret);
    expect(text).toContain('[REDACTED]');
  });
});

describe('path segments', () => {
  it.each(['ann/b?c#d', 'x y%2F', '../../Rooms'])('identity %j reaches the mock as one path segment', async (identity) => {
    proxy.seen.length = 0;
    const f = mock.fixtures();
    const url = participantUrl(proxy.url, room, identity);
    const probe = new Probe({ kind: 'basic', basic: { username: f.twilio.accountSid, password: f.twilio.authToken } }, DEFAULT_SETTINGS, new Redactor([]), 'twilio-video.fetchRoomParticipant', { origins: [proxy.url], mutable: [] });
    const result = await probe.send({ method: 'GET', url });
    const raw = proxy.seen[0]!.url;
    const segments = raw.split('?')[0]!.split('/');
    expect(segments.slice(0, 5)).toEqual(['', 'v1', 'Rooms', room, 'Participants']);
    expect(segments).toHaveLength(6);
    expect(decodeURIComponent(segments[5]!)).toBe(identity);
    expect(raw).not.toContain('#');
    // The mock's participant route answered (Twilio's 404 body for an unknown participant), not a route miss.
    expect(result.exchange.response.status).toBe(404);
    expect((result.exchange.response.body as { code?: number }).code).toBe(20404);
  });
});

describe('a 429 without Retry-After', () => {
  const settings = { maxRetryAfterSeconds: 5, rateLimitBackoffMs: 1000 };
  it.each([
    ['no header: backoff 1 s, 2 s, 4 s, capped at the maximum', {}, [1000, 2000, 4000, 5000]],
    ['Retry-After in seconds', { 'retry-after': '3' }, [3000, 3000, 3000, 3000]],
    ['an unreadable Retry-After: backoff', { 'retry-after': 'soon' }, [1000, 2000, 4000, 5000]],
    ['Telnyx x-ratelimit-reset in seconds', { 'x-ratelimit-reset': '2' }, [2000, 2000, 2000, 2000]],
  ] as const)('%s', (_name, headers, waits) => {
    expect([0, 1, 2, 3].map((attempt) => rateLimitWait(headers, attempt, settings).ms)).toEqual(waits);
  });

  it('reads Retry-After as an HTTP date and x-ratelimit-reset as an epoch time', () => {
    const now = Date.parse('2026-11-29T12:00:00Z');
    expect(rateLimitWait({ 'retry-after': 'Sun, 29 Nov 2026 12:00:02 GMT' }, 0, settings, now).ms).toBe(2000);
    expect(rateLimitWait({ 'x-ratelimit-reset': String(now / 1000 + 4) }, 0, settings, now).ms).toBe(4000);
  });

  it('is retried after a wait, not at once, by the probe', async () => {
    let calls = 0;
    const times: number[] = [];
    const server = http.createServer((_req, res) => {
      times.push(Date.now());
      calls++;
      if (calls === 1) {
        res.writeHead(429, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 20429, message: 'Too Many Requests', more_info: 'https://www.twilio.com/docs/errors/20429', status: 429 }));
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const probe = new Probe({ kind: 'bearer', bearer: 'k' }, { ...DEFAULT_SETTINGS, rateLimitBackoffMs: 300 }, new Redactor([]), 'telnyx.listRoomSessionParticipants', { origins: [origin], mutable: [] });
      const result = await probe.send({ method: 'GET', url: `${origin}/v2/room_sessions/x/participants` });
      expect(calls).toBe(2);
      expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(290);
      expect(result.findings.map((f) => [f.rule, f.actual])).toEqual([['http.rate-limited', '429, no Retry-After']]);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
