/**
 * `rollcall run --target live` through a proxy that plants an odd `url` in every participant: the
 * fetch cases report it (the url format rule, or consistency.url-resolves for another origin) and
 * never crash, never request it, never exit 2.
 * src/run/cases/twilio-fetch.ts asks src/server-url.ts (parseServerUrl, urlOffOrigin) before it
 * fetches an item's url.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../../src/mock/index.js';
import { plantingProxy, type RecordingProxy } from './proxy.js';
import { readReport, tmpDir } from '../run/support.js';
// The CLI's `main` in this process (test/support/in-process-cli.ts): the same run, without a Node start each.
import { rollcallInProcess as rollcall } from '../support/in-process-cli.js';

const LIST_CASE = 'first page, no parameters';
const FETCH_CASE = 'each connected participant equals its fetch';
let planted = '';
let mock: RunningMock;
let proxy: RecordingProxy;
let env: Record<string, string>;

beforeAll(async () => {
  mock = await startMock();
  proxy = await plantingProxy(mock.url, (body) => {
    const list = (body as { participants?: unknown }).participants;
    if (Array.isArray(list)) for (const p of list) if (p && typeof p === 'object') (p as Record<string, unknown>).url = planted;
    return body;
  });
  const f = mock.fixtures();
  env = {
    TWILIO_ACCOUNT_SID: f.twilio.accountSid,
    TWILIO_AUTH_TOKEN: f.twilio.authToken,
    ROLLCALL_TWILIO_ROOM_SID: f.twilio.rooms.find((r) => r.participants.connected > 0)!.sid,
    ROLLCALL_TWILIO_VIDEO_BASE_URL: proxy.url,
  };
}, 60_000);

afterAll(async () => {
  await proxy?.close();
  await mock?.close();
});

describe('odd participant urls in a live run', () => {
  it.each([
    ['scheme-relative', '//evil.example/v1/Rooms/x', 'schema.format'],
    ['another origin', 'https://evil.example/v1/Rooms/x', 'consistency.url-resolves'],
    ['javascript:', 'javascript:alert(1)', 'schema.format'],
    ['unparsable', 'http://[::1', 'schema.format'],
  ])('%s: a finding (%s), no crash, no request to it', async (_name, url, rule) => {
    planted = url;
    const before = proxy.seen.length;
    const dir = tmpDir('odd-url');
    // The list case judges the page's shape (the url format rule); the fetch case must not crash on it.
    const r = await rollcall(['run', '--target', 'live', '--api', 'twilio-video', '--report-dir', dir, '--grep', `${LIST_CASE}|${FETCH_CASE}`], env);
    expect(r.code, r.stdout.slice(-1500) + r.stderr).toBe(1);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/Invalid URL|TypeError/);
    const cases = readReport(dir).cases;
    const fetchCase = cases.find((c) => c.name.includes(FETCH_CASE));
    expect(fetchCase?.state, JSON.stringify(fetchCase)).toBe('failed');
    const found = cases.flatMap((c) => c.violations).filter((v) => /^\/participants\/\d+\/url$/.test(v.path)).map((v) => v.rule);
    expect(found).toContain(rule);
    expect(proxy.seen.slice(before).filter((s) => s.url.includes('evil'))).toEqual([]);
  }, 120_000);
});
