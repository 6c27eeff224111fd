/**
 * Eventual consistency after a kick, measured: a proxy in front of the mock keeps serving what the
 * room looked like before a kick for a while (as a replicated API may). Within the budget, the run
 * passes and reports how long each view took; a view that never catches up is the violation.
 * The view that never catches up is a whole run (the CLI's `main` in this process, test/support/in-process-cli.ts:
 * the budget from the config file, the exit code, the figures in the JSON report); the two that do run the kick
 * case itself (src/run/cases/twilio-update.ts) on a session over the same live target, without a run's start.
 */
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../../src/mock/index.js';
import { lifecycleCases } from '../../src/run/cases/twilio-update.js';
import { Outcome } from '../../src/run/outcome.js';
import { liveTarget } from '../../src/run/targets.js';
import { sessionOf } from '../explore/in-process.js';
import { readReport, tmpDir, writeConfig } from './support.js';
// The CLI's `main` in this process (test/support/in-process-cli.ts): the same run, without a Node start each.
import { rollcallInProcess as rollcall } from '../support/in-process-cli.js';

interface Lagging {
  url: string;
  /** How long after a POST the proxy keeps answering GETs of the same room from before it; Infinity: forever. */
  lagMs: number;
  close(): Promise<unknown>;
}

/** GETs are cached per URL; for lagMs after a POST under a room, GETs under that room get the cached (stale) answer. */
async function laggingProxy(upstream: string): Promise<Lagging> {
  const cache = new Map<string, { status: number; headers: http.IncomingHttpHeaders; body: Buffer }>();
  const postedAt = new Map<string, number>();
  const kicked = new Set<string>();
  const roomOf = (url: string) => /^\/v1\/Rooms\/[^/]+/.exec(url)?.[0] ?? '';
  const state: Lagging = { url: '', lagMs: 0, close: async () => undefined };
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    const room = roomOf(url);
    const since = postedAt.get(room);
    const stale = req.method === 'GET' && since !== undefined && Date.now() - since < state.lagMs ? cache.get(url) : undefined;
    if (stale) {
      res.writeHead(stale.status, stale.headers);
      res.end(stale.body);
      return;
    }
    if (req.method === 'POST' && room) {
      postedAt.set(room, Date.now());
      kicked.add(decodeURIComponent(url.split('?')[0]!.split('/').pop() ?? ''));
    }
    // A participant fetched for the first time while the room lags: its answer as it was before the kick.
    const lagging = req.method === 'GET' && since !== undefined && Date.now() - since < state.lagMs;
    const forward = http.request(new URL(url, upstream), { method: req.method, headers: req.headers }, (up) => {
      const chunks: Buffer[] = [];
      up.on('data', (c: Buffer) => chunks.push(c));
      up.on('end', () => {
        let body = Buffer.concat(chunks);
        if (lagging && up.statusCode === 200) {
          // What a replica that has not seen the kick answers: the participant connected, in no disconnected list.
          const p = JSON.parse(body.toString('utf8')) as Record<string, unknown> & { participants?: Array<{ sid: string }> };
          const stale = p.participants ? { ...p, participants: p.participants.filter((i) => !kicked.has(i.sid)) } : { ...p, status: 'connected', end_time: null, duration: null };
          body = Buffer.from(JSON.stringify(stale));
          delete up.headers['content-length'];
        }
        // Only what was read before the room's kick is kept: that is what a lagging replica still serves.
        if (req.method === 'GET' && !postedAt.has(room)) cache.set(url, { status: up.statusCode ?? 502, headers: up.headers, body });
        res.writeHead(up.statusCode ?? 502, up.headers);
        res.end(body);
      });
    });
    req.pipe(forward);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => new Promise((r) => server.close(r));
  return state;
}

interface Measured { name: string; value: number | null; unit: string; detail?: string }

/** How long the lagging proxy serves the room from before a kick: past the kick case's first re-reads (250 ms, then 500 ms later). */
const LAG_MS = 600;
/** The budget of the view that never catches up: two reads fit (the first wait is 250 ms), the third would not. */
const BUDGET_MS = 400;

describe('a kick\'s visibility, measured', () => {
  let mock: RunningMock;
  let proxy: Lagging;

  beforeAll(async () => {
    mock = await startMock();
    proxy = await laggingProxy(mock.url);
  });
  afterAll(async () => {
    await proxy?.close();
    await mock?.close();
  });

  const envOf = (lagMs: number) => {
    mock.reset();
    proxy.lagMs = lagMs;
    const f = mock.fixtures();
    const room = f.twilio.rooms.find((r) => r.status === 'in-progress' && r.participants.connected > 1)!.sid;
    const env = { TWILIO_ACCOUNT_SID: f.twilio.accountSid, TWILIO_AUTH_TOKEN: f.twilio.authToken, ROLLCALL_TWILIO_ROOM_SID: room, ROLLCALL_TWILIO_VIDEO_BASE_URL: proxy.url };
    return { room, env };
  };

  /** The whole run, for the kick case alone: `rollcall run --target live --allow-mutations ROOM` with the budget in its config file. */
  const run = async (lagMs: number, budgetMs: number) => {
    const { room, env } = envOf(lagMs);
    const dir = tmpDir('consistency');
    const config = writeConfig(dir, { consistencyBudgetMs: budgetMs, slowMs: 60_000 });
    const reportDir = path.join(dir, 'reports');
    const r = await rollcall(['run', '--target', 'live', '--api', 'twilio-video', '--grep', 'kick a connected participant', '--allow-mutations', room, '--config', config, '--report-dir', reportDir], env);
    const report = readReport(reportDir) as ReturnType<typeof readReport> & { cases: Array<{ name: string; measurements?: Measured[] }> };
    const kick = report.cases.find((c) => c.name.startsWith('kick a connected participant'));
    return { r, kick };
  };

  /** The kick case itself on a session over the same live target (what the run above wraps): its violations and figures. */
  const kickCase = async (lagMs: number, budgetMs: number) => {
    const { room, env } = envOf(lagMs);
    const { target } = liveTarget(env, { apis: ['twilio-video'], allowMutations: room, settings: { consistencyBudgetMs: budgetMs, slowMs: 60_000 } });
    const m = target.twilioVideo?.mutations;
    if (!m) throw new Error('no room for mutations in the live target');
    const session = await sessionOf(target);
    const kick = lifecycleCases(session, m.baseUrl, m.room).find((c) => c.name.startsWith('kick a connected participant'));
    const o = new Outcome(session, 'twilio-video.updateRoomParticipant');
    await kick?.run(o);
    return { violations: o.failing(false), measurements: o.measurements as Measured[] };
  };

  it('immediately consistent: each view shows the kick at the first read', async () => {
    const kick = await kickCase(0, 5000);
    expect(kick.violations).toEqual([]);
    expect(kick.measurements.map((m) => [m.name, m.detail])).toEqual([
      ['kick visible in the fetch', '1 read(s)'],
      ['kick visible in the connected list', '1 read(s)'],
      ['kick visible in the disconnected list', '1 read(s)'],
    ]);
  }, 60_000);

  it(`lagging ${LAG_MS} ms: no violation, and each view's delay is measured`, async () => {
    const kick = await kickCase(LAG_MS, 10_000);
    expect(kick.violations).toEqual([]);
    for (const m of kick.measurements) {
      // The proxy answers from before the kick until LAG_MS after it reached it: no read shows it sooner.
      expect(m.value, m.name).toBeGreaterThanOrEqual(LAG_MS - 100);
      expect(m.value, m.name).toBeLessThan(10_000);
    }
    expect(kick.measurements).toHaveLength(3);
  }, 60_000);

  it('never consistent within the budget: the run fails, the kick rules fire, the figures say "not within"', async () => {
    const { r, kick } = await run(Number.POSITIVE_INFINITY, BUDGET_MS);
    expect(r.code, r.stdout.slice(-2000)).toBe(1);
    const rules = new Set(kick?.violations.map((v) => v.rule));
    expect(rules).toContain('lifecycle.kick-sets-end');
    expect(rules).toContain('lifecycle.kick-moves-filter');
    expect(kick?.measurements).toHaveLength(3);
    for (const m of kick?.measurements ?? []) {
      expect(m.value).toBeNull();
      expect(m.detail).toMatch(new RegExp(`^not within ${BUDGET_MS} ms \\(\\d+ reads\\)$`));
    }
  }, 180_000);
});
