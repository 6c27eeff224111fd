/**
 * timeoutMs is a deadline for the whole answer, headers and body, not an idle timer: a server that
 * drips a byte at a time cannot hold a request past it, and a case budget bounds every request,
 * retry and wait of a case (src/run/probe.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpFailure, Probe, withCaseBudget } from '../../src/run/probe.js';
import { Redactor } from '../../src/run/redact.js';
import { DEFAULT_SETTINGS, type RunSettings } from '../../src/run/target.js';
import { DRIP_MS, HOSTILE_ROOM, startHostile, type Hostile } from './hostile-server.js';

let hostile: Hostile;
beforeAll(async () => {
  hostile = await startHostile();
});
afterAll(async () => hostile?.close());

const OPERATION = 'twilio-video.listRoomParticipants';
const probeWith = (settings: Partial<RunSettings>) =>
  new Probe({ kind: 'bearer', bearer: 'deadline-key' }, { ...DEFAULT_SETTINGS, ...settings }, new Redactor(['deadline-key']), OPERATION, { origins: [hostile.url], mutable: [] });
const urlOf = (prefix: string) => `${hostile.url}${prefix}/v1/Rooms/${HOSTILE_ROOM}/Participants`;

/** The failure a request ends with, and how long it took to end. */
async function failureOf(send: () => Promise<unknown>): Promise<{ failure: HttpFailure; ms: number }> {
  const t0 = Date.now();
  try {
    await send();
  } catch (err) {
    if (err instanceof HttpFailure) return { failure: err, ms: Date.now() - t0 };
    throw err;
  }
  throw new Error('the request got an answer');
}

/** Slack for a loaded 2-core machine: the deadline fires on a timer, the socket is destroyed at once. */
const MARGIN_MS = 400;

describe('a request deadline (timeoutMs) covers the headers and the whole body', () => {
  it.each([
    ['a body dripped a byte at a time', '/drip'],
    ['a head (status line and headers) dripped a byte at a time', '/drip-headers'],
    ['no answer at all', '/hang'],
  ])('%s: http.timeout, an error, at the deadline', async (_name, prefix) => {
    const timeoutMs = 1200;
    // The server keeps sending: an idle timer of the same length would never fire.
    expect(DRIP_MS).toBeLessThan(timeoutMs);
    const { failure, ms } = await failureOf(() => probeWith({ timeoutMs }).send({ method: 'GET', url: urlOf(prefix) }));
    expect(failure.finding).toMatchObject({ rule: 'http.timeout', severity: 'error', path: '#timing', expected: `a complete answer (headers and body) within ${timeoutMs} ms` });
    expect(ms).toBeGreaterThanOrEqual(timeoutMs - 5);
    expect(ms).toBeLessThan(timeoutMs + MARGIN_MS);
  });

  it('an answer that completes in time is not a timeout', async () => {
    const result = await probeWith({ timeoutMs: 3000 }).send({ method: 'GET', url: urlOf('/echo') });
    expect(result.exchange.response.status).toBe(200);
    expect(result.findings.filter((f) => f.rule === 'http.timeout')).toEqual([]);
  });

  it('concurrent requests keep their own deadlines: a drip does not cut a quick answer beside it', async () => {
    const probe = probeWith({ timeoutMs: 800 });
    const [slow, quick] = await Promise.allSettled([probe.send({ method: 'GET', url: urlOf('/drip') }), probe.send({ method: 'GET', url: urlOf('/echo') })]);
    expect(slow.status === 'rejected' && slow.reason instanceof HttpFailure && slow.reason.finding.rule).toBe('http.timeout');
    expect(quick.status === 'fulfilled' && quick.value.exchange.response.status).toBe(200);
  });
});

describe('a case budget bounds every request, retry and wait of the case', () => {
  it('a request ends at the case deadline when it comes before the request deadline', async () => {
    const budgetMs = 700;
    const { failure, ms } = await failureOf(() => withCaseBudget(budgetMs, () => probeWith({ timeoutMs: 5000 }).send({ method: 'GET', url: urlOf('/drip') })));
    expect(failure.finding).toMatchObject({ rule: 'http.timeout', severity: 'error', expected: `the case ends within ${budgetMs} ms` });
    expect(ms).toBeLessThan(budgetMs + MARGIN_MS);
  });

  it('a retry wait that would outlast the budget is not waited', async () => {
    // /error500 answers 500 forever: the retries' waits (100, 200 ms) do not fit in 150 ms.
    const { failure, ms } = await failureOf(() => withCaseBudget(150, () => probeWith({ timeoutMs: 5000, retries: 5 }).send({ method: 'GET', url: urlOf('/error500') })));
    expect(failure.finding).toMatchObject({ rule: 'http.timeout', expected: 'the case ends within 150 ms' });
    expect(ms).toBeLessThan(150 + MARGIN_MS);
  });

  it('the requests of a case share the budget: the second drip gets only what is left', async () => {
    const probe = probeWith({ timeoutMs: 600 });
    const t0 = Date.now();
    const { failure } = await failureOf(() =>
      withCaseBudget(1000, async () => {
        await probe.send({ method: 'GET', url: urlOf('/drip') }).catch((err: unknown) => {
          if (!(err instanceof HttpFailure)) throw err;
        });
        return probe.send({ method: 'GET', url: urlOf('/drip') });
      }),
    );
    expect(failure.finding.expected).toBe('the case ends within 1000 ms');
    expect(Date.now() - t0).toBeLessThan(1000 + MARGIN_MS);
  });
});
