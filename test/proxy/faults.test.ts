/**
 * rollcall proxy in front of `rollcall mock --faults X`: what an application's plain requests (pages
 * walked as Twilio's next_page_url and Telnyx's page[number] lead) meet is reported at the fault's
 * rule, single-exchange rules and walk rules alike, and the proxy exits 1; under --fail-fast the
 * application gets 502 naming the rule. A lying upstream (a fetch that differs from the list) is
 * caught by the list-vs-fetch check over the sequence the application made.
 */
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { startMock } from '../../src/mock/index.js';
import { startProxy } from '../../src/proxy/index.js';
import { basic, mockUpstreams, startPair, violationsOf, type Pair } from './support.js';

/** A Twilio list walked through the proxy by its next_page_url (at most `max` pages). */
async function twilioWalk(pair: Pair, path: string, max = 12): Promise<number[]> {
  const f = pair.mock.fixtures();
  const headers = { authorization: basic(f.twilio.accountSid, f.twilio.authToken) };
  const statuses: number[] = [];
  let url: string | null | undefined = `${pair.proxy.url}${path}`;
  while (url && statuses.length < max) {
    const res: Response = await fetch(url, { headers });
    statuses.push(res.status);
    const body = (await res.json().catch(() => undefined)) as { meta?: { next_page_url?: string | null } } | undefined;
    url = res.ok ? body?.meta?.next_page_url : undefined;
  }
  return statuses;
}

/** A Telnyx list walked through the proxy by page[number] up to meta.total_pages (at most `max` pages). */
async function telnyxWalk(pair: Pair, size: number, max = 12): Promise<number[]> {
  const f = pair.mock.fixtures();
  const session = [...f.telnyx.roomSessions].sort((a, b) => b.participants - a.participants)[0]!;
  const headers = { authorization: `Bearer ${f.telnyx.apiKey}` };
  const statuses: number[] = [];
  for (let n = 1; n <= max; n++) {
    const res = await fetch(`${pair.proxy.url}/v2/room_sessions/${session.id}/participants?page[size]=${size}&page[number]=${n}`, { headers });
    statuses.push(res.status);
    const body = (await res.json().catch(() => undefined)) as { meta?: { total_pages?: number } } | undefined;
    if (!res.ok || n >= (body?.meta?.total_pages ?? 0)) break;
  }
  return statuses;
}

const roomPath = (pair: Pair, query: string): string => {
  const room = pair.mock.fixtures().twilio.rooms.filter((r) => r.status === 'in-progress').sort((a, b) => b.participants.connected - a.participants.connected)[0]!;
  return `/v1/Rooms/${room.sid}/Participants?${query}`;
};

const CASES: Array<{ fault: string; rule: string; traffic: (pair: Pair) => Promise<unknown> }> = [
  { fault: 'bad-sid-pattern', rule: 'twilio.sid-pattern', traffic: (p) => twilioWalk(p, roomPath(p, 'PageSize=50')) },
  { fault: 'enum-drift', rule: 'schema.enum', traffic: (p) => twilioWalk(p, roomPath(p, 'PageSize=50')) },
  { fault: 'filter-ignored', rule: 'filter.status', traffic: (p) => twilioWalk(p, roomPath(p, 'Status=disconnected&PageSize=50')) },
  { fault: 'duplicate-across-pages', rule: 'pagination.duplicate-item', traffic: (p) => twilioWalk(p, roomPath(p, 'Status=connected&PageSize=3')) },
  { fault: 'next-page-loop', rule: 'pagination.next-page-cycle', traffic: (p) => twilioWalk(p, roomPath(p, 'Status=connected&PageSize=3'), 6) },
  { fault: 'meta-inconsistent', rule: 'telnyx.total-pages', traffic: (p) => telnyxWalk(p, 100) },
  { fault: 'missing-field', rule: 'schema.required', traffic: (p) => telnyxWalk(p, 250, 1) },
  { fault: 'wrong-content-type', rule: 'http.content-type', traffic: (p) => telnyxWalk(p, 250, 1) },
  { fault: 'server-error-burst', rule: 'http.availability', traffic: (p) => telnyxWalk(p, 250, 1) },
];

describe('rollcall proxy in front of the mock with faults', () => {
  it.each(CASES)('$fault is reported at $rule, and the proxy exits 1', async ({ fault, rule, traffic }) => {
    const pair = await startPair({ seed: 11, faults: [fault], proxy: { links: 'proxy' } });
    try {
      await traffic(pair);
      const result = await pair.stop();
      const rules = new Set(violationsOf(result).filter((v) => v.severity === 'error').map((v) => v.rule));
      expect([...rules]).toContain(rule);
      expect(result.exitCode).toBe(1);
      // The live line named the problem while the proxy served.
      expect(pair.output.join('')).toMatch(/✗ P[0-9a-f]{8} /);
    } finally {
      await pair.stop();
    }
  });

  it('the same traffic without a fault: no error, exit 0 (the faults above are what fired)', async () => {
    const pair = await startPair({ seed: 11, proxy: { links: 'proxy' } });
    try {
      await twilioWalk(pair, roomPath(pair, 'Status=connected&PageSize=3'));
      await telnyxWalk(pair, 100);
      const result = await pair.stop();
      expect(violationsOf(result).filter((v) => v.severity === 'error')).toEqual([]);
      expect(result.exitCode).toBe(0);
      expect(result.cases.filter((c) => c.group === 'walks')).toHaveLength(2);
    } finally {
      await pair.stop();
    }
  });

  it('--fail-fast answers 502 with X-Rollcall-Violation naming the rule and a JSON body; a clean answer passes unchanged', async () => {
    const pair = await startPair({ seed: 11, faults: ['bad-sid-pattern'], proxy: { failFast: true } });
    try {
      const f = pair.mock.fixtures();
      const headers = { authorization: basic(f.twilio.accountSid, f.twilio.authToken) };
      const res = await fetch(`${pair.proxy.url}${roomPath(pair, 'PageSize=50')}`, { headers });
      expect(res.status).toBe(502);
      expect(res.headers.get('x-rollcall-violation')).toContain('twilio.sid-pattern');
      const body = (await res.json()) as { code: string; rollcall: { rules: string[]; upstreamStatus: number } };
      expect(body.code).toBe('rollcall-proxy.violation');
      expect(body.rollcall.rules).toContain('twilio.sid-pattern');
      expect(body.rollcall.upstreamStatus).toBe(200);
      // Telnyx is untouched by this fault: its answer reaches the application byte for byte.
      const session = f.telnyx.roomSessions[0]!;
      const path = `/v2/room_sessions/${session.id}/participants?page[size]=5`;
      const [viaProxy, direct] = await Promise.all([pair.proxy.url, pair.mock.url].map(async (base) => {
        const r = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${f.telnyx.apiKey}` } });
        return { status: r.status, type: r.headers.get('content-type'), body: Buffer.from(await r.arrayBuffer()) };
      }));
      expect(viaProxy!.status).toBe(200);
      expect(viaProxy!.type).toBe(direct!.type);
      expect(viaProxy!.body.equals(direct!.body)).toBe(true);
    } finally {
      await pair.stop();
    }
  });
});

describe('a fetch that contradicts the list the application read', () => {
  it('is consistency.fetch-matches-list at the field that differs, consistency.identity-fetch for a connected participant its identity does not find; an honest fetch is neither', async () => {
    const mock = await startMock({ seed: 11 });
    // An upstream in front of the mock that answers every fetch of one participant with another identity.
    const lying = http.createServer((req, res) => {
      const upstream = http.request(`${mock.url}${req.url}`, { method: req.method, headers: { ...req.headers, host: new URL(mock.url).host } }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          let text = Buffer.concat(chunks).toString('utf8');
          if (/\/Participants\/PA/.test(req.url ?? '') && req.url?.endsWith(lie)) text = text.replace(/"identity":"[^"]*"/, '"identity":"someone-else"');
          const hidden = hide !== '' && req.url?.endsWith(`/Participants/${encodeURIComponent(hide)}`);
          res.writeHead(hidden ? 404 : answer.statusCode ?? 502, { 'content-type': answer.headers['content-type'] ?? 'application/json' });
          res.end(text);
        });
      });
      req.pipe(upstream);
    });
    await new Promise<void>((r) => lying.listen(0, '127.0.0.1', () => r()));
    const lyingUrl = `http://127.0.0.1:${(lying.address() as { port: number }).port}`;
    let lie = '';
    let hide = '';
    const proxy = await startProxy({ upstreams: mockUpstreams(lyingUrl), write: () => undefined });
    try {
      const f = mock.fixtures();
      const headers = { authorization: basic(f.twilio.accountSid, f.twilio.authToken) };
      const room = f.twilio.rooms.find((r) => r.participants.disconnected > 1)!;
      const page = (await (await fetch(`${proxy.url}/v1/Rooms/${room.sid}/Participants?Status=disconnected&PageSize=2`, { headers })).json()) as { participants: Array<{ sid: string }> };
      const [honest, liar] = page.participants;
      lie = liar!.sid;
      for (const p of [honest!, liar!]) expect((await fetch(`${proxy.url}/v1/Rooms/${room.sid}/Participants/${p.sid}`, { headers })).status).toBe(200);
      // By identity: a connected participant the application listed, which its identity then does not find.
      const live = f.twilio.rooms.find((r) => r.status === 'in-progress' && r.participants.connected > 1)!;
      const connected = (await (await fetch(`${proxy.url}/v1/Rooms/${live.sid}/Participants?Status=connected&PageSize=2`, { headers })).json()) as { participants: Array<{ identity: string }> };
      const [found1, hidden] = connected.participants;
      hide = hidden!.identity;
      expect((await fetch(`${proxy.url}/v1/Rooms/${live.sid}/Participants/${encodeURIComponent(found1!.identity)}`, { headers })).status).toBe(200);
      expect((await fetch(`${proxy.url}/v1/Rooms/${live.sid}/Participants/${encodeURIComponent(hide)}`, { headers })).status).toBe(404);
      const result = await proxy.stop();
      const found = violationsOf(result).filter((v) => v.rule === 'consistency.fetch-matches-list');
      expect(found.map((v) => [v.path, v.actual])).toEqual([['/identity', 'someone-else']]);
      expect(found[0]?.request?.url).toContain(liar!.sid);
      const byIdentity = violationsOf(result).filter((v) => v.rule === 'consistency.identity-fetch');
      expect(byIdentity.map((v) => [v.path, v.actual])).toEqual([['#status', 404]]);
      expect(byIdentity[0]?.request?.url).toContain(encodeURIComponent(hide));
    } finally {
      await proxy.stop();
      await new Promise((r) => lying.close(r));
      await mock.close();
    }
  });
});
