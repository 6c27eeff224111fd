/**
 * Links keep everything that shapes the page (issue 20): pagination.link-keeps-filters on one page and
 * pagination.filters-kept on a walk judge every filter AND the page size the request sent (its
 * documented default when it sent none) on every link, never the page's position (Page, PageToken).
 * Silent on the vendor's own examples (seed 001, the SDKs' bodies) and on the mock's links.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkWalk, type Walk } from '../../src/checks/walk/walk.js';
import { contextOf, getCatalog, INSIGHTS_LIST, metaOfPage, twilioWalk, VIDEO_BASE, VIDEO_LIST, type Json } from './support.js';
import { withMock } from './mock.js';
import { example } from '../fixtures/proof/support.js';
import { walkPages } from '../../src/checks/walk/walk.js';

const catalog = getCatalog();
const LINK_RULES = new Set(['pagination.link-keeps-filters', 'pagination.filters-kept']);
const linkFindings = (operation: string, body: unknown, requestUrl: string): string[] =>
  catalog
    .validate(operation, body, { requestUrl })
    .filter((v) => LINK_RULES.has(v.rule) || v.rule === 'pagination.page-size-echo')
    .map((v) => `${v.severity} ${v.rule} ${v.path}`);

const seed = (name: string): Json => JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '../fixtures/seeds', name), 'utf8')) as Json;
const FILTERS = 'Status=disconnected&DateCreatedAfter=2017-01-01T00%3A00%3A01Z&DateCreatedBefore=2017-12-31T23%3A59%3A59Z&Identity=alice';
const SEED_BASE = 'https://video.twilio.com/v1/Rooms/RMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Participants';

/** A Video page asked with `query`, whose three links are `links` (url, first_page_url, next_page_url). */
function videoPage(_query: string, links: { url: string; first: string; next: string | null }, pageSize = 2): Json {
  const items = Array.from({ length: pageSize }, (_, i) => ({
    sid: 'PA' + String(i + 1).padStart(32, '0'),
    room_sid: 'RM' + 'a'.repeat(32),
    account_sid: 'AC' + 'b'.repeat(32),
    status: 'connected',
    identity: 'alice',
    date_created: '2024-03-04T09:00:00Z',
    date_updated: '2024-03-04T09:00:00Z',
    start_time: '2024-03-04T09:00:00Z',
    end_time: null,
    duration: null,
    url: `${VIDEO_BASE}/PA${String(i + 1).padStart(32, '0')}`,
    links: {},
  }));
  return { participants: items, meta: { first_page_url: links.first, key: 'participants', next_page_url: links.next, page: 0, page_size: pageSize, previous_page_url: null, url: links.url } };
}
const at = (q: string, page = 0, token = ''): string => `${VIDEO_BASE}?${q}${q ? '&' : ''}Page=${page}${token ? `&PageToken=${token}` : ''}`;
const ERR = 'error pagination.link-keeps-filters';

describe('pagination.link-keeps-filters: every link keeps the filters and the page size of the request', () => {
  it.each<[string, string, { url: string; first: string; next: string | null }, string[], number?]>([
    ['kept: filters and PageSize in every link, Page and PageToken moving', `${VIDEO_BASE}?Status=connected&PageSize=2`,
      { url: at('Status=connected&PageSize=2'), first: at('Status=connected&PageSize=2'), next: at('Status=connected&PageSize=2', 1, 'PA01') }, []],
    ['kept: the same parameters in another order, re-encoded', `${VIDEO_BASE}?Identity=a%20b&PageSize=2`,
      { url: `${VIDEO_BASE}?Page=0&PageSize=2&Identity=a+b`, first: at('PageSize=2&Identity=a%20b'), next: at('Identity=a%20b&PageSize=2', 1, 'PA01') }, []],
    ['kept: a date filter written with milliseconds in the link (the same instant)', `${VIDEO_BASE}?DateCreatedAfter=2024-01-01T00:00:00Z&PageSize=2`,
      { url: at('DateCreatedAfter=2024-01-01T00%3A00%3A00.000Z&PageSize=2'), first: at('DateCreatedAfter=2024-01-01T00%3A00%3A00Z&PageSize=2'), next: null }, []],
    ['kept: no PageSize asked, links carry the documented default (as Twilio\'s do)', `${VIDEO_BASE}?Status=connected`,
      { url: at('Status=connected&PageSize=50'), first: at('Status=connected&PageSize=50'), next: null }, [], 50],
    ['kept: a PageSize above the maximum is not judged (clamped links are page-size-out-of-range\'s business)', `${VIDEO_BASE}?PageSize=5000`,
      { url: at('PageSize=1000'), first: at('PageSize=1000'), next: null }, []],
    ['drops PageSize from the next link', `${VIDEO_BASE}?PageSize=2`,
      { url: at('PageSize=2'), first: at('PageSize=2'), next: at('', 1, 'PA01') }, [`${ERR} /meta/next_page_url`]],
    ['drops PageSize from every link', `${VIDEO_BASE}?Status=connected&PageSize=2`,
      { url: at('Status=connected'), first: at('Status=connected'), next: at('Status=connected', 1, 'PA01') }, [`${ERR} /meta/url`, `${ERR} /meta/first_page_url`, `${ERR} /meta/next_page_url`]],
    ['changes PageSize in first_page_url', `${VIDEO_BASE}?PageSize=2`,
      { url: at('PageSize=2'), first: at('PageSize=50'), next: at('PageSize=2', 1, 'PA01') }, [`${ERR} /meta/first_page_url`]],
    ['drops the default PageSize when the request sent none', VIDEO_BASE,
      { url: at('PageSize=50'), first: at('PageSize=50'), next: at('', 1, 'PA01') }, [`${ERR} /meta/next_page_url`], 50],
    ['drops a filter', `${VIDEO_BASE}?Status=connected&PageSize=2`,
      { url: at('Status=connected&PageSize=2'), first: at('Status=connected&PageSize=2'), next: at('PageSize=2', 1, 'PA01') }, [`${ERR} /meta/next_page_url`]],
    ['changes a filter value', `${VIDEO_BASE}?Identity=alice&PageSize=2`,
      { url: at('Identity=alice&PageSize=2'), first: at('Identity=bob&PageSize=2'), next: at('Identity=alice&PageSize=2', 1, 'PA01') }, [`${ERR} /meta/first_page_url`]],
    ['changes a date filter to another instant', `${VIDEO_BASE}?DateCreatedBefore=2024-01-01T00:00:00Z&PageSize=2`,
      { url: at('DateCreatedBefore=2024-01-01T00%3A00%3A01Z&PageSize=2'), first: at('DateCreatedBefore=2024-01-01T00%3A00%3A00Z&PageSize=2'), next: null }, [`${ERR} /meta/url`]],
  ])('%s', (_name, requestUrl, links, expected, pageSize = 2) => {
    expect(linkFindings(VIDEO_LIST, videoPage(requestUrl, links, pageSize), requestUrl)).toEqual(expected);
  });

  it('names what was asked and what the link kept', () => {
    const requestUrl = `${VIDEO_BASE}?Status=connected&PageSize=2`;
    const [v] = catalog.validate(VIDEO_LIST, videoPage(requestUrl, { url: at('Status=connected&PageSize=2'), first: at('Status=connected&PageSize=2'), next: at('Status=connected&PageSize=7', 1, 'PA01') }), { requestUrl }).filter((x) => x.rule === 'pagination.link-keeps-filters');
    expect(v).toMatchObject({ path: '/meta/next_page_url', expected: 'PageSize=2', actual: 'PageSize=7', message: 'next_page_url changes the page size PageSize of the request.' });
  });

  it('a server that ignored the page size (meta.page_size 50 for 7 asked) is page-size-echo once, not also every link', () => {
    const requestUrl = `${VIDEO_BASE}?PageSize=7`;
    const body = videoPage(requestUrl, { url: at('PageSize=50'), first: at('PageSize=50'), next: null }, 2);
    (body.meta as Json).page_size = 50;
    expect(linkFindings(VIDEO_LIST, body, requestUrl)).toEqual(['error pagination.page-size-echo /meta/page_size']);
  });

  it('Insights: a link without PageSize after a request at the default size', () => {
    const body = structuredClone(example(INSIGHTS_LIST, 200));
    const meta = body.meta as Json;
    const requestUrl = String(meta.url).replace(/[?&]PageSize=\d+/, '').replace(/[?&]Page=\d+/, '');
    expect(linkFindings(INSIGHTS_LIST, body, requestUrl)).toEqual([]);
    meta.first_page_url = String(meta.first_page_url).replace(/PageSize=\d+&?/, '');
    expect(linkFindings(INSIGHTS_LIST, body, requestUrl)).toEqual([`${ERR} /meta/first_page_url`]);
  });
});

describe("the vendor's own links (seed 001, the SDKs' read bodies) pass, whatever the request sent", () => {
  it.each<[string, string, string]>([
    ['001 empty list, its own meta.url', '001-video-list-empty.json', `${SEED_BASE}?PageSize=50&Page=0`],
    ['001 empty list, the bare request the SDKs send (no query: PageSize=50 is the default)', '001-video-list-empty.json', SEED_BASE],
    ['001 filtered list, its own meta.url', '001-video-list-filters.json', `${SEED_BASE}?${FILTERS}&PageSize=50&Page=0`],
    ['001 filtered list, the filters without PageSize', '001-video-list-filters.json', `${SEED_BASE}?${FILTERS}`],
    ['001 filtered list, PageSize=50 sent explicitly', '001-video-list-filters.json', `${SEED_BASE}?${FILTERS}&PageSize=50`],
  ])('%s', (_name, file, requestUrl) => {
    expect(linkFindings(VIDEO_LIST, seed(file), requestUrl)).toEqual([]);
  });

  it('asked at another page size they are page-size-echo (once), asked with another identity link-keeps-filters', () => {
    expect(linkFindings(VIDEO_LIST, seed('001-video-list-empty.json'), `${SEED_BASE}?PageSize=20`)).toEqual([
      'error pagination.page-size-echo /meta/page_size',
    ]);
    expect(linkFindings(VIDEO_LIST, seed('001-video-list-filters.json'), `${SEED_BASE}?${FILTERS.replace('alice', 'bob')}`)).toEqual([`${ERR} /meta/url`, `${ERR} /meta/first_page_url`]);
  });
});

type Row = [rule: string, pageIndex: number, path: string];
const walkRows = (walk: Walk): Row[] => checkWalk(walk, contextOf(walk.operationId)).map((f): Row => [f.rule, f.pageIndex, f.path]);

describe('pagination.filters-kept: every page of a walk keeps the first request\'s page size', () => {
  const video = (mutate: (w: Walk) => void, options: Partial<Parameters<typeof twilioWalk>[0]> = {}): Walk => {
    const w = twilioWalk({ total: 5, pageSize: 2, reference: true, ...options });
    mutate(w);
    return w;
  };
  it.each<[string, () => Walk, Row[]]>([
    ['clean: every link carries PageSize=2', () => video(() => undefined), []],
    ['page 1 changes PageSize in its previous_page_url', () => video((w) => {
      const meta = metaOfPage(w, 1);
      meta.previous_page_url = String(meta.previous_page_url).replace('PageSize=2', 'PageSize=3');
    }), [['pagination.links-consistent', 1, '/meta/previous_page_url'], ['pagination.filters-kept', 1, '/meta/previous_page_url']]],
    ['page 2 drops PageSize from its url and first_page_url (a request at PageSize=2)', () => video((w) => {
      const meta = metaOfPage(w, 2);
      meta.url = String(meta.url).replace('PageSize=2&', '');
      meta.first_page_url = String(meta.first_page_url).replace('PageSize=2&', '');
    }), [
      ['pagination.links-consistent', 2, '/meta/url'],
      ['pagination.links-consistent', 2, '/meta/first_page_url'],
      ['pagination.filters-kept', 2, '/meta/url'],
      ['pagination.filters-kept', 2, '/meta/first_page_url'],
    ]],
  ])('%s', (_name, build, expected) => {
    expect(walkRows(build())).toEqual(expected);
  });
});

describe("the mock's links keep every filter and the page size, on every page", () => {
  it.each<[string, string, Record<string, string>, number | undefined]>([
    ['Video, Status=disconnected, PageSize=2', VIDEO_LIST, { Status: 'disconnected' }, 2],
    ['Video, no PageSize (the default)', VIDEO_LIST, { Status: 'disconnected' }, undefined],
    ['Insights, PageSize=3', INSIGHTS_LIST, {}, 3],
    ['Insights, no PageSize (the default)', INSIGHTS_LIST, {}, undefined],
  ])('%s', async (_name, operationId, filters, size) => {
    await withMock([], async (m) => {
      const parent = operationId === VIDEO_LIST
        ? `/v1/Rooms/${[...m.fx.twilio.rooms].sort((a, b) => b.participants.disconnected - a.participants.disconnected)[0]!.sid}/Participants`
        : `/v1/Conferences/${[...m.fx.twilio.conferences].sort((a, b) => b.participants - a.participants)[0]!.sid}/Participants`;
      const first = new URL(m.mock.url + parent);
      for (const [k, v] of Object.entries(filters)) first.searchParams.set(k, v);
      if (size !== undefined) first.searchParams.set('PageSize', String(size));
      const walk = await walkPages(m.fetchPage(operationId), first.href, { operationId, api: operationId === VIDEO_LIST ? 'twilio-video' : 'twilio-insights', pageSize: size ?? 50, maxPages: 40 });
      expect(walk.pages.length).toBeGreaterThan(size === undefined ? 0 : 1);
      expect(walkRows(walk).filter(([rule]) => LINK_RULES.has(rule))).toEqual([]);
      for (const page of walk.pages) expect(linkFindings(operationId, page.response.body, page.request.url)).toEqual([]);
    });
  });
});
