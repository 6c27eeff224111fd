/**
 * Any URL a server sends is data: judged without a throw (src/server-url.ts), followed only when it
 * is an http(s) URL on the target's origin without credentials, and every odd one is a finding of
 * the rule for its field (the url format rule, consistency.url-resolves, the pagination link rules).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { judgeServerUrl, parseServerUrl } from '../../src/server-url.js';
import { urlOffOrigin } from '../../src/checks/consistency/url-resolves.js';
import { walkPages } from '../../src/checks/walk/walk.js';
import { Probe, SafetyError } from '../../src/run/probe.js';
import { Redactor } from '../../src/run/redact.js';
import { replayTarget } from '../../src/run/replay.js';
import { DEFAULT_SETTINGS } from '../../src/run/target.js';
import type { Exchange } from '../../src/types.js';
import { contextOf, exchange, getCatalog, ORIGIN, participant, ROOM, VIDEO_BASE, VIDEO_LIST } from '../checks/support.js';
import { tmpDir } from '../run/support.js';

/** Odd URLs a hostile server may send, with what rollcall makes of them from the API's base URL. */
const ODD: Array<[string, unknown, string | undefined]> = [
  ['scheme-relative to another host', '//evil.example/v1/x', 'scheme-relative'],
  ['backslashes (a scheme-relative reference to a parser)', '\\\\evil.example/x', 'scheme-relative'],
  ['another origin', 'https://evil.example/v1/Rooms', 'other-origin'],
  ['same host, another port', 'https://video.twilio.com:8443/v1/x', 'other-origin'],
  ['same host, http instead of https', 'http://video.twilio.com/v1/x', 'other-origin'],
  ['javascript:', 'javascript:alert(1)', 'other-scheme'],
  ['file:', 'file:///etc/passwd', 'other-scheme'],
  ['data:', 'data:text/html,<script>alert(1)</script>', 'other-scheme'],
  ['unparsable', 'http://[::1', 'unparsable'],
  ['an unparsable port', 'https://video.twilio.com:99999/', 'unparsable'],
  ['credentials in it', 'https://user:pw@video.twilio.com/v1/x', 'credentials'],
  ['a number', 42, 'not-a-string'],
  ['null', null, 'not-a-string'],
  ['an object', { href: 'https://video.twilio.com/' }, 'not-a-string'],
  ['relative, same origin (followed)', '/v1/Rooms/RM1/Participants/PA1', undefined],
  ['absolute, same origin (followed)', `${VIDEO_BASE}/PA1`, undefined],
];

describe('judgeServerUrl / parseServerUrl never throw on a value', () => {
  it.each(ODD)('%s', (_name, value, reason) => {
    const judged = judgeServerUrl(value, VIDEO_BASE);
    if (reason === undefined) {
      expect(judged.ok).toBe(true);
      expect(parseServerUrl(value, VIDEO_BASE)?.origin).toBe(ORIGIN);
    } else {
      expect(judged).toMatchObject({ ok: false, reason });
      expect(parseServerUrl(value, VIDEO_BASE)).toBeUndefined();
    }
  });
});

describe('a participant url rollcall does not follow is a finding', () => {
  const catalog = getCatalog();
  const listedWith = (url: unknown) => ({ pointer: '/participants/0', value: { ...participant(1), url }, request: { method: 'GET', url: `${VIDEO_BASE}?PageSize=50` } });

  it.each(ODD.filter(([, v, reason]) => typeof v === 'string' && reason !== undefined))('%s: the url format rule or consistency.url-resolves fires at /participants/0/url', (_name, url) => {
    const page = exchange(VIDEO_LIST, `${VIDEO_BASE}?PageSize=50`, { participants: [{ ...participant(1), url }], meta: { first_page_url: `${VIDEO_BASE}?PageSize=50&Page=0`, key: 'participants', next_page_url: null, page: 0, page_size: 50, previous_page_url: null, url: `${VIDEO_BASE}?PageSize=50&Page=0` } });
    const rules = [
      ...catalog.check(page, {}).filter((v) => v.path === '/participants/0/url').map((v) => v.rule),
      ...urlOffOrigin(listedWith(url), VIDEO_BASE, contextOf(VIDEO_LIST)).map(() => 'consistency.url-resolves'),
    ];
    expect(rules.length, `no finding for ${String(url)}`).toBeGreaterThan(0);
  });

  it('consistency.url-resolves names an absolute url on another origin, which the format rule accepts', () => {
    const found = urlOffOrigin(listedWith('https://evil.example/v1/Rooms/x'), VIDEO_BASE, contextOf(VIDEO_LIST));
    expect(found).toEqual([expect.objectContaining({ path: '/participants/0/url', expected: `a URL on ${ORIGIN}`, actual: 'https://evil.example/v1/Rooms/x' })]);
  });

  it.each([[`${VIDEO_BASE}/PA1`], ['/v1/Rooms/x'], ['//evil.example/x'], [null], ['javascript:alert(1)']])('consistency.url-resolves is silent on %j (followed, or the format rule\'s)', (url) => {
    expect(urlOffOrigin(listedWith(url), VIDEO_BASE, contextOf(VIDEO_LIST))).toEqual([]);
  });
});

describe('a walk never throws on a next_page_url and never leaves the origin', () => {
  const pageWith = (url: string, next: unknown): Exchange =>
    exchange(VIDEO_LIST, url, { participants: [participant(1)], meta: { first_page_url: url, key: 'participants', next_page_url: next, page: 0, page_size: 50, previous_page_url: null, url } });

  it.each([
    ['//evil.example/next', 'off-origin'],
    ['\\\\evil.example/next', 'off-origin'],
    ['javascript:alert(1)', 'off-origin'],
    ['ftp://video.twilio.com/next', 'off-origin'],
    ['http://[::1', 'error'],
    [17, 'error'],
  ])('next_page_url %j stops the walk (%s) without a request', async (next, reason) => {
    const asked: string[] = [];
    const first = `${VIDEO_BASE}?PageSize=50`;
    const walk = await walkPages(async (url) => {
      asked.push(url);
      return pageWith(url, next);
    }, first, { api: 'twilio-video', operationId: VIDEO_LIST, pageSize: 50, maxPages: 5 });
    expect(walk.stop.reason).toBe(reason);
    expect(asked).toEqual([first]);
  });

  it('a relative next_page_url resolves on the same origin and is followed', async () => {
    const asked: string[] = [];
    const first = `${VIDEO_BASE}?PageSize=50`;
    const walk = await walkPages(async (url) => {
      asked.push(url);
      return pageWith(url, asked.length === 1 ? `/v1/Rooms/${ROOM}/Participants?PageSize=50&Page=1&PageToken=PA1` : null);
    }, first, { api: 'twilio-video', operationId: VIDEO_LIST, pageSize: 50, maxPages: 5 });
    expect(walk.stop.reason).toBe('end');
    expect(asked).toEqual([first, `${VIDEO_BASE}?PageSize=50&Page=1&PageToken=PA1`]);
  });
});

describe('the layers below a case refuse an odd URL in one clear line', () => {
  it('Probe.send: a SafetyError naming the URL, not a TypeError', async () => {
    const probe = new Probe({ kind: 'bearer', bearer: 'k-secret' }, DEFAULT_SETTINGS, new Redactor(['k-secret']), VIDEO_LIST, { origins: [ORIGIN], mutable: [] });
    await expect(probe.send({ method: 'GET', url: '//evil.example/x' })).rejects.toThrow(SafetyError);
    await expect(probe.send({ method: 'GET', url: 'http://[::1' })).rejects.toThrow(/not an absolute URL/);
  });

  it('replay: a recording line whose request.url is not a URL is named with its file and line', async () => {
    const dir = tmpDir('odd-url-replay');
    fs.writeFileSync(path.join(dir, 'target.json'), JSON.stringify({ kind: 'live', label: 'x', skipped: [] }));
    fs.writeFileSync(path.join(dir, 'exchanges-1.jsonl'), `${JSON.stringify({ operationId: VIDEO_LIST, auth: 'valid', request: { method: 'GET', url: '//evil.example/x' }, response: { status: 200, body: {} } })}\n`);
    await expect(replayTarget(dir, { apis: ['twilio-video'] })).rejects.toThrow(/exchanges-1\.jsonl:1: request\.url is not an absolute URL/);
  });
});
