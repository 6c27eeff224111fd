/**
 * walkPages with a scripted fetchPage: it follows Twilio links and counts Telnyx pages, and every way
 * out is bounded: end, cycle, off-origin (never requested), budget, error.
 */
import { describe, expect, it } from 'vitest';
import { walkPages, type Walk } from '../../src/checks/walk/walk.js';
import type { Exchange } from '../../src/types.js';
import { exchange, metaOfPage, telnyxWalk, TELNYX_LIST, twilioWalk, VIDEO_BASE, VIDEO_LIST } from './support.js';

/** A fetchPage that serves the pages of a hand-built walk by URL, and logs every URL asked. */
function serve(walk: Walk, overrides: Record<string, () => Exchange | Promise<Exchange>> = {}): { fetchPage: (url: string) => Promise<Exchange>; asked: string[] } {
  const byUrl = new Map(walk.pages.map((p) => [p.request!.url, p]));
  const asked: string[] = [];
  return {
    asked,
    async fetchPage(url) {
      asked.push(url);
      const override = overrides[url];
      if (override) return override();
      const page = byUrl.get(url);
      if (!page) throw new Error(`test server: no page at ${url}`);
      return structuredClone(page);
    },
  };
}

const video = { api: 'twilio-video' as const, operationId: VIDEO_LIST, pageSize: 2, maxPages: 10 };
const telnyx = { api: 'telnyx' as const, operationId: TELNYX_LIST, pageSize: 2, maxPages: 10 };

describe('walkPages, Twilio: following next_page_url', () => {
  it('follows every link to the end', async () => {
    const script = twilioWalk({ total: 5, pageSize: 2 });
    const { fetchPage, asked } = serve(script);
    const walk = await walkPages(fetchPage, script.firstUrl, video);
    expect(walk.stop).toEqual({ reason: 'end' });
    expect(asked).toEqual(script.pages.map((p) => p.request!.url));
    expect(walk.pages.map((p) => p.response.body)).toEqual(script.pages.map((p) => p.response.body));
    expect([walk.firstUrl, walk.pageSize, walk.maxPages]).toEqual([script.firstUrl, 2, 10]);
  });

  it('stops at a next_page_url that leads back to a page already followed (first_page_url form, Page=0)', async () => {
    const script = twilioWalk({ total: 5, pageSize: 2 });
    metaOfPage(script, 2).next_page_url = `${VIDEO_BASE}?Page=0&PageSize=2`;
    const { fetchPage, asked } = serve(script);
    const walk = await walkPages(fetchPage, script.firstUrl, video);
    expect(walk.stop).toEqual({ reason: 'cycle', url: `${VIDEO_BASE}?Page=0&PageSize=2`, pageIndex: 2, repeats: 0 });
    expect(asked).toHaveLength(3);
  });

  it('never requests a next_page_url on another origin', async () => {
    const script = twilioWalk({ total: 5, pageSize: 2 });
    const evil = 'http://video.twilio.com.evil.example/v1/Rooms/x/Participants?Page=1';
    metaOfPage(script, 0).next_page_url = evil;
    const { fetchPage, asked } = serve(script);
    const walk = await walkPages(fetchPage, script.firstUrl, video);
    expect(walk.stop).toEqual({ reason: 'off-origin', url: evil, pageIndex: 0 });
    expect(asked).toEqual([script.firstUrl]);
  });

  it('treats a scheme change (https to http) as another origin', async () => {
    const script = twilioWalk({ total: 5, pageSize: 2 });
    metaOfPage(script, 0).next_page_url = String(metaOfPage(script, 0).next_page_url).replace('https:', 'http:');
    const walk = await walkPages(serve(script).fetchPage, script.firstUrl, video);
    expect(walk.stop.reason).toBe('off-origin');
  });

  it('never makes more than maxPages requests', async () => {
    const script = twilioWalk({ total: 9, pageSize: 2 });
    const { fetchPage, asked } = serve(script);
    const walk = await walkPages(fetchPage, script.firstUrl, { ...video, maxPages: 2 });
    expect(asked).toHaveLength(2);
    expect(walk.stop).toEqual({ reason: 'budget', url: script.pages[2]!.request!.url, pageIndex: 1 });
  });

  it.each<[string, () => Exchange | Promise<Exchange>, string]>([
    ['a fetch that throws', () => Promise.reject(new Error('ECONNRESET')), 'the request failed: ECONNRESET'],
    ['a 503', () => exchange(VIDEO_LIST, 'x', { code: 20503, message: 'down', more_info: 'https://x', status: 503 }, 503), 'status 503'],
    ['a body that is not JSON', () => exchange(VIDEO_LIST, 'x', '<html>oops</html>'), 'the body is not a JSON object'],
    ['a body that is no object', () => exchange(VIDEO_LIST, 'x', [1, 2]), 'the body is not a JSON object'],
  ])('stops with error on %s, keeping the pages before', async (_name, failure, detail) => {
    const script = twilioWalk({ total: 5, pageSize: 2 });
    const second = script.pages[1]!.request!.url;
    const walk = await walkPages(serve(script, { [second]: failure }).fetchPage, script.firstUrl, video);
    expect(walk.pages).toHaveLength(1);
    expect(walk.stop).toMatchObject({ reason: 'error', url: second, detail, pageIndex: 0 });
  });

  it('parses a body given as JSON text', async () => {
    const script = twilioWalk({ total: 1, pageSize: 2 });
    const text = { ...script.pages[0]!, response: { ...script.pages[0]!.response, body: JSON.stringify(script.pages[0]!.response.body) } };
    const walk = await walkPages(serve(script, { [script.firstUrl]: () => text }).fetchPage, script.firstUrl, video);
    expect(walk.pages[0]!.response.body).toEqual(script.pages[0]!.response.body);
  });

  it('stops with error when next_page_url is neither a URL nor null', async () => {
    const script = twilioWalk({ total: 5, pageSize: 2 });
    delete metaOfPage(script, 0).next_page_url;
    const walk = await walkPages(serve(script).fetchPage, script.firstUrl, video);
    expect(walk.stop).toEqual({ reason: 'error', pageIndex: 0, detail: 'meta.next_page_url is missing, not a URL or null' });
  });

  it('refuses a budget below one page and a relative first URL (tool errors)', async () => {
    const script = twilioWalk({ total: 1, pageSize: 2 });
    await expect(walkPages(serve(script).fetchPage, script.firstUrl, { ...video, maxPages: 0 })).rejects.toThrow('maxPages >= 1');
    await expect(walkPages(serve(script).fetchPage, '/v1/Rooms', video)).rejects.toThrow('absolute first URL');
  });

  it('strips credentials from the URLs it reports', async () => {
    const script = twilioWalk({ total: 5, pageSize: 2 });
    metaOfPage(script, 0).next_page_url = 'https://user:secret@elsewhere.example/x';
    const walk = await walkPages(serve(script).fetchPage, script.firstUrl, video);
    expect(walk.stop.url).toBe('https://elsewhere.example/x');
  });
});

describe('walkPages, Telnyx: page[number] up to total_pages', () => {
  it('asks pages 1..total_pages', async () => {
    const script = telnyxWalk({ total: 5, pageSize: 2 });
    const { fetchPage, asked } = serve(script);
    const walk = await walkPages(fetchPage, script.firstUrl, telnyx);
    expect(walk.stop).toEqual({ reason: 'end' });
    expect(asked).toEqual(script.pages.map((p) => p.request!.url));
  });

  it('asks one page of an empty list (total_pages 0)', async () => {
    const script = telnyxWalk({ total: 0, pageSize: 2 });
    const { fetchPage, asked } = serve(script);
    expect((await walkPages(fetchPage, script.firstUrl, telnyx)).stop).toEqual({ reason: 'end' });
    expect(asked).toHaveLength(1);
  });

  it('is bounded when total_pages is huge', async () => {
    const script = telnyxWalk({ total: 5, pageSize: 2 });
    script.pages.forEach((_, i) => (metaOfPage(script, i).total_pages = 1e9));
    const { fetchPage, asked } = serve(script);
    const walk = await walkPages(fetchPage, script.firstUrl, { ...telnyx, maxPages: 3 });
    expect(asked).toHaveLength(3);
    expect(walk.stop).toMatchObject({ reason: 'budget', pageIndex: 2 });
  });

  it('stops with error when total_pages is not a count', async () => {
    const script = telnyxWalk({ total: 5, pageSize: 2 });
    metaOfPage(script, 0).total_pages = '3';
    const walk = await walkPages(serve(script).fetchPage, script.firstUrl, telnyx);
    expect(walk.stop).toEqual({ reason: 'error', pageIndex: 0, detail: 'meta.total_pages is "3", not a count' });
  });
});
