/**
 * `rollcall run --target live` through a proxy that plants an odd `url` in every participant: the
 * fetch cases report it (the url format rule, or consistency.url-resolves for another origin) and
 * never crash, never request it, never exit 2.
 * src/run/cases/twilio-fetch.ts asks src/server-url.ts (parseServerUrl, urlOffOrigin) before it
 * fetches an item's url.
 * One run meets every kind: each participant gets one of them (by its SID, the same in every list), the
 * connected ones, which the fetch case walks one after another, all four.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../../src/mock/index.js';
import { plantingProxy, type RecordingProxy } from './proxy.js';
import { readReport, tmpDir, type CliResult } from '../run/support.js';
// The CLI's `main` in this process (test/support/in-process-cli.ts): the same run, without a Node start.
import { rollcallInProcess as rollcall } from '../support/in-process-cli.js';

const LIST_CASE = 'first page, no parameters';
const FETCH_CASE = 'each connected participant equals its fetch';
const KINDS: Array<[name: string, url: string, rule: string]> = [
  ['scheme-relative', '//evil.example/v1/Rooms/x', 'schema.format'],
  ['another origin', 'https://evil.example/v1/Rooms/x', 'consistency.url-resolves'],
  ['javascript:', 'javascript:alert(1)', 'schema.format'],
  ['unparsable', 'http://[::1', 'schema.format'],
];
/** Each participant's planted url, by SID: given round the kinds in the order first seen, counted per status. */
const planted = new Map<string, { url: string; status: string }>();
const perStatus = new Map<string, number>();
let mock: RunningMock;
let proxy: RecordingProxy;
let dir: string;
let r: CliResult;

beforeAll(async () => {
  mock = await startMock();
  proxy = await plantingProxy(mock.url, (body) => {
    const list = (body as { participants?: unknown }).participants;
    if (Array.isArray(list)) for (const p of list) if (p && typeof p === 'object') {
      const item = p as Record<string, unknown>;
      const sid = String(item.sid);
      const status = String(item.status);
      if (!planted.has(sid)) {
        const n = perStatus.get(status) ?? 0;
        perStatus.set(status, n + 1);
        planted.set(sid, { url: (KINDS[n % KINDS.length] as (typeof KINDS)[number])[1], status });
      }
      item.url = planted.get(sid)?.url;
    }
    return body;
  });
  const f = mock.fixtures();
  const room = f.twilio.rooms.find((x) => x.participants.connected >= KINDS.length);
  if (!room) throw new Error(`the mock's fixtures have no room with ${KINDS.length} connected participants`);
  dir = tmpDir('odd-url');
  // The list case judges the page's shape (the url format rule); the fetch case must not crash on it.
  r = await rollcall(['run', '--target', 'live', '--api', 'twilio-video', '--report-dir', dir, '--grep', `${LIST_CASE}|${FETCH_CASE}`], {
    TWILIO_ACCOUNT_SID: f.twilio.accountSid,
    TWILIO_AUTH_TOKEN: f.twilio.authToken,
    ROLLCALL_TWILIO_ROOM_SID: room.sid,
    ROLLCALL_TWILIO_VIDEO_BASE_URL: proxy.url,
  });
}, 120_000);

afterAll(async () => {
  await proxy?.close();
  await mock?.close();
});

describe('odd participant urls in a live run', () => {
  it('end in a verdict (exit 1) with no crash; the fetch case failed on them after fetching every connected participant', () => {
    expect(r.code, r.stdout.slice(-1500) + r.stderr).toBe(1);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/Invalid URL|TypeError/);
    const fetchCase = readReport(dir).cases.find((c) => c.name.includes(FETCH_CASE));
    expect(fetchCase?.state, JSON.stringify(fetchCase)).toBe('failed');
    // Every connected participant, whatever odd url it carried, was fetched by its SID: no kind stopped the case.
    const connected = [...planted].filter(([, p]) => p.status === 'connected');
    expect(new Set(connected.map(([, p]) => p.url)).size).toBe(KINDS.length);
    for (const [sid] of connected) expect(proxy.seen.some((s) => s.url.split('?')[0]?.endsWith(`/Participants/${sid}`)), sid).toBe(true);
  });

  it('each rule reaches the report at a participant url: consistency.url-resolves for another origin, the url format rule for the rest', () => {
    // A page's schema errors stop at its first, so one format kind is reported whole per page; that the format rule or
    // consistency.url-resolves fires for every kind is in server-urls.test.ts ('a participant url rollcall does not follow is a finding').
    const violations = readReport(dir).cases.flatMap((c) => c.violations as Array<{ rule: string; path: string; actual?: unknown }>);
    const atUrl = violations.filter((v) => /^\/participants\/\d+\/url$/.test(v.path));
    for (const rule of new Set(KINDS.map(([, , rule]) => rule))) {
      const urls = KINDS.filter(([, , r]) => r === rule).map(([, url]) => url);
      expect(atUrl.some((v) => v.rule === rule && urls.includes(v.actual as string)), `${rule}: ${JSON.stringify(atUrl)}`).toBe(true);
    }
  });

  it.each(KINDS)('%s (%s): met by the fetch case, no request to it', (_name, url) => {
    const carriers = [...planted].filter(([, p]) => p.status === 'connected' && p.url === url).map(([sid]) => sid);
    expect(carriers.length).toBeGreaterThan(0);
    for (const sid of carriers) expect(proxy.seen.some((s) => s.url.split('?')[0]?.endsWith(`/Participants/${sid}`)), sid).toBe(true);
    expect(proxy.seen.filter((s) => s.url.includes('evil'))).toEqual([]);
  });
});
