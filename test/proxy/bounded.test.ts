/**
 * A long session through rollcall proxy keeps bounded memory: each exchange is folded into the case of
 * its request shape as it arrives (src/proxy/cases.ts), so 1,000 requests leave as many cases as 100
 * did, while the report counts every exchange exactly. Each case says which rules its exchanges
 * reached and judged, so the proxy's summary and reports show "rules exercised" as a run's do.
 *
 * The session through the proxy was 3,000 requests (cases after 3,000 held to the count after 300); each
 * request costs about 1.8 ms of CPU in this process (three loopback hops and the judging of its answer), and
 * there is no wait to shorten: 1,000 requests against the first 100 keep the same tenfold growth, the same
 * five kinds of request (each sent 20 times by the 100th), the same exact totals, for 3.6 s of CPU less.
 * A proxy that kept a case per exchange still fails (it would hold hundreds of cases, not 12). What 3,000 and
 * more exchanges do to one case is the first test here (3,000 exchanges folded, exact counts); the proxy's memory
 * over 1,000 and 10,000 requests is measured by `node bench/proxy.mjs --retained` (docs/performance.md).
 */
import { describe, expect, it } from 'vitest';
import { FoldedCase, KEPT_PER_PROBLEM, RuleNotes } from '../../src/proxy/cases.js';
import { weight } from '../../src/findings/index.js';
import type { Violation } from '../../src/types.js';
import { basic, startPair } from './support.js';

/** Exchanges folded into one case by the unit test. */
const EXCHANGES = 3000;
/** Requests sent through the proxy: the first tenth, then the rest. */
const REQUESTS = 1000;
const CONCURRENCY = 16;

describe('a case folds its exchanges: exact counts, bounded samples', () => {
  it('3,000 exchanges with the same problem: 5 kept whole and one entry counting the rest', () => {
    const c = new FoldedCase('twilio-video.listRoomParticipants', 'exchanges', 'GET /v1/Rooms/{RoomSid}/Participants');
    const v = (i: number): Violation => ({ rule: 'twilio.sid-pattern', severity: 'error', operation: c.operation, path: `/participants/${i % 50}/sid`, expected: '^PA[0-9a-f]{32}$', actual: `XX${i}`, message: 'm', hint: 'h', request: { method: 'GET', url: `http://x/v1/Rooms/RM1/Participants?Page=${i}` } });
    for (let i = 0; i < EXCHANGES; i++) c.add({ operation: c.operation, group: 'exchanges', name: c.name, violations: [v(i)], exchanges: 1, durationMs: 1, requests: [] });
    expect(c.exchanges).toBe(EXCHANGES);
    expect(c.violations).toHaveLength(KEPT_PER_PROBLEM + 1);
    expect(c.violations.reduce((n, x) => n + weight(x), 0)).toBe(EXCHANGES);
  });

  it('a case with no violation keeps none, and its rules are the union of its exchanges', () => {
    const c = new FoldedCase('telnyx.listRoomSessionParticipants', 'exchanges', 'GET /v2/room_sessions/{id}/participants');
    const a = new RuleNotes();
    a.note('http.slow', true);
    a.note('filter.status', false);
    const b = new RuleNotes();
    b.note('filter.status', true);
    c.add({ operation: c.operation, group: 'exchanges', name: c.name, violations: [], exchanges: 1, durationMs: 1, requests: [], rules: a });
    c.add({ operation: c.operation, group: 'exchanges', name: c.name, violations: [], exchanges: 1, durationMs: 1, requests: [], rules: b });
    expect(c.violations).toEqual([]);
    expect(c.rules.list()).toEqual({ reached: ['filter.status', 'http.slow'], judged: ['filter.status', 'http.slow'] });
  });
});

describe('rollcall proxy over 1,000 requests in front of the mock', () => {
  it('retains as many cases after 1,000 requests as after 100; the report counts every exchange; rules exercised are shown', async () => {
    const pair = await startPair({ seed: 11, proxy: { links: 'proxy' } });
    try {
      const f = pair.mock.fixtures();
      const twilio = { authorization: basic(f.twilio.accountSid, f.twilio.authToken) };
      const telnyx = { authorization: `Bearer ${f.telnyx.apiKey}` };
      const room = f.twilio.rooms.filter((r) => r.status === 'in-progress').sort((a, b) => b.participants.connected - a.participants.connected)[0]!;
      const session = [...f.telnyx.roomSessions].sort((a, b) => b.participants - a.participants)[0]!;
      const list = `${pair.proxy.url}/v1/Rooms/${room.sid}/Participants`;
      const listed = (await (await fetch(`${list}?PageSize=50`, { headers: twilio })).json()) as { participants: Array<{ sid: string }> };
      const sids = listed.participants.map((p) => p.sid);
      expect(sids.length).toBeGreaterThan(2);
      // A walk to its end (next_page_url through the proxy): its case records the walk rules it judged.
      let next: string | null | undefined = `${list}?PageSize=2`;
      for (let pages = 0; next && pages < 20; pages++) next = ((await (await fetch(next, { headers: twilio })).json()) as { meta: { next_page_url: string | null } }).meta.next_page_url;
      const sent = { n: pair.proxy.counts.requests };
      const request = (i: number): Promise<Response> => {
        switch (i % 5) {
          case 0:
            return fetch(`${list}?PageSize=${1 + (i % 7)}&Status=connected`, { headers: twilio });
          case 1:
            return fetch(`${list}/${sids[i % sids.length]}`, { headers: twilio });
          case 2:
            return fetch(`${pair.proxy.url}/v2/room_sessions/${session.id}/participants?page[size]=${1 + (i % 9)}&page[number]=1`, { headers: telnyx });
          case 3:
            return fetch(`${list}?PageSize=${10 + (i % 40)}`, { headers: twilio });
          default:
            return fetch(`${list}/${sids[i % sids.length]}`, { method: 'POST', headers: twilio, body: 'Status=disconnected' });
        }
      };
      const send = async (from: number, to: number): Promise<void> => {
        let i = from;
        const worker = async (): Promise<void> => {
          while (i < to) {
            const res = await request(i++);
            await res.arrayBuffer();
          }
        };
        await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      };
      await send(0, REQUESTS / 10);
      const afterTenth = pair.proxy.retainedCases();
      await send(REQUESTS / 10, REQUESTS);
      const afterEvery = pair.proxy.retainedCases();
      expect(pair.proxy.counts.requests - sent.n).toBe(REQUESTS);
      // Folded by request shape: the same shapes, however many exchanges.
      expect(afterEvery).toBe(afterTenth);
      expect(afterEvery).toBeLessThanOrEqual(12);
      const result = await pair.stop();
      expect(result.exitCode).toBe(0);
      // Exact counts: every judged exchange is in the report, every refusal in its case.
      expect(result.cases.reduce((n, c) => n + c.exchanges, 0)).toBe(result.counts.judged);
      expect(result.counts.judged).toBe(sent.n + (REQUESTS * 4) / 5);
      expect(result.counts.refused).toBe(REQUESTS / 5);
      expect(result.cases.filter((c) => c.group === 'refused').flatMap((c) => c.violations).reduce((n, v) => n + weight(v), 0)).toBe(REQUESTS / 5);
      // Rules exercised, as a run counts them: each case says what its exchanges reached and judged.
      for (const c of result.cases) expect(c.rules, c.id).toBeDefined();
      const judged = new Set(result.cases.flatMap((c) => c.rules?.judged ?? []));
      for (const rule of ['http.availability', 'filter.status', 'pagination.next-page-cycle', 'consistency.fetch-matches-list', 'proxy.request-refused']) expect(judged, rule).toContain(rule);
      expect(result.rulesExercised?.exercised).toBeGreaterThan(20);
      expect(result.rulesExercised?.rules).toContain('pagination.next-page-cycle');
      expect(pair.output.join('')).toMatch(/rules exercised: \d+ of \d+/);
    } finally {
      await pair.stop();
    }
  }, 180_000);
});
