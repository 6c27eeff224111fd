/**
 * Issue 12, bounded at any volume: `rollcall run` against a sandbox whose every list page holds
 * thousands of broken participants. A case keeps the first few violations of a problem on a request
 * whole and counts the rest on one entry (Violation.repeat with its items), so memory follows the
 * bodies; every count stays exact: each broken item is one violation of each missing field, on every
 * response that carried it. Issue 18: the same when each broken item carries its own bad value (a
 * case keeps a few distinct values of a problem and counts the others on one entry).
 * One run proves both: the sandbox's broken items each carry their own malformed sid (issue 18) and
 * lack every other field, which are the same missing fields on every item (issue 12's folding of one
 * key). It takes two cases that read inflated pages: the first page (one request) and one walk (several
 * pages, its reference page sent twice); each response holds ITEMS broken items, over 150,000 violations
 * in all (the three status walks would only repeat the one walk's path at three times the cost), in this
 * process (test/support/in-process-cli.ts), instead of every Video case in a child of their own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../../src/mock/index.js';
import { tmpDir } from './support.js';
import { rollcallInProcess } from '../support/in-process-cli.js';
import type { JsonReport } from '../../reporters/json.js';
import fs from 'node:fs';
import path from 'node:path';
// @ts-expect-error: a plain Node script of the bench (no types); vitest runs it as is.
import { hostileProxy } from '../../bench/run-volume.mjs';

/** The cases run: both read inflated pages, the walk several. */
const GREP = ['--grep', 'first page, no parameters|Status=connected: walk every page'];

/** Broken items per inflated page: each has its own malformed sid and nothing else. */
const ITEMS = 3000;

let mock: RunningMock;
/** The bench's hostile sandbox, each broken item with its own malformed sid (issue 18). */
let proxy: { url: string; inflated(): number; close(): Promise<unknown> };
let run: { code: number; stdout: string; stderr: string; dir: string; report: JsonReport };

beforeAll(async () => {
  mock = await startMock();
  // Every Video list page's participants replaced by ITEMS broken ones.
  proxy = await hostileProxy(mock.url, ITEMS, { distinct: true });
  const f = mock.fixtures();
  const dir = tmpDir('bounded-run');
  const r = await rollcallInProcess(['run', '--target', 'live', '--api', 'twilio-video', ...GREP, '--report-dir', dir], {
    TWILIO_ACCOUNT_SID: f.twilio.accountSid,
    TWILIO_AUTH_TOKEN: f.twilio.authToken,
    ROLLCALL_TWILIO_ROOM_SID: f.twilio.rooms.find((room) => room.uniqueName === 'DailyStandup')!.sid,
    ROLLCALL_TWILIO_VIDEO_BASE_URL: proxy.url,
  });
  const report = JSON.parse(fs.readFileSync(path.join(dir, 'rollcall-report.json'), 'utf8')) as JsonReport;
  run = { ...r, dir, report };
}, 240_000);

afterAll(async () => {
  await proxy?.close();
  await mock?.close();
});

describe('rollcall run against pages of thousands of broken items', () => {
  it('counts every violation exactly, per item and per response, while a case keeps a few whole', () => {
    const { report, dir } = run;
    expect(run.code, run.stderr.slice(-2000)).toBe(1);
    expect(proxy.inflated()).toBeGreaterThan(5);
    // The fields every broken item lacks: one key per field, the same on every item.
    const missing = report.problems.filter((p) => p.fingerprint.rule === 'schema.required' && p.fingerprint.operation === 'twilio-video.listRoomParticipants');
    expect(missing.length).toBeGreaterThan(5);
    for (const p of missing) {
      // One violation per broken item on every response that carried the page: exact, not sampled.
      // Items are counted once per distinct request of a case; a request a case sent twice (a walk's
      // reference page) counts its violations twice.
      expect(p.counts.items, p.title).toBe(p.counts.exchanges * ITEMS);
      expect(p.counts.violations % ITEMS, p.title).toBe(0);
      expect(p.counts.violations, p.title).toBeGreaterThanOrEqual(p.counts.items);
    }
    // The same totals in the problems, the cases and the console.
    expect(report.totals.violations).toBe(report.problems.reduce((n, p) => n + p.counts.violations, 0));
    expect(report.totals.violations).toBe(report.cases.reduce((n, c) => n + c.violationCount, 0));
    expect(run.stdout).toContain(`${report.totals.errors} errors`);
    expect(report.totals.violations).toBeGreaterThan(100_000);
    // A case lists the first violation of each of its problems only, never what an entry stands for.
    for (const c of report.cases) for (const v of c.violations) expect(v).not.toHaveProperty('repeat');
    expect(fs.statSync(path.join(dir, 'rollcall-report.json')).size).toBeLessThan(2 * 1024 * 1024);
  });

  it('counts every distinct bad value exactly, while a case keeps a few of them (issue 18)', () => {
    const list = run.report.problems.filter((p) => p.fingerprint.operation === 'twilio-video.listRoomParticipants');
    // The malformed sids: one problem, every item of every inflated response counted once, each value in it.
    const sids = list.filter((p) => p.fingerprint.pattern === '/participants/*/sid' && p.fingerprint.shape === 'string');
    expect(sids).toHaveLength(1);
    const sid = sids[0]!;
    expect(sid.counts.items).toBe(sid.counts.exchanges * ITEMS);
    expect(sid.counts.violations % ITEMS).toBe(0);
    expect(sid.samples.length).toBeGreaterThan(1);
    expect(new Set(sid.samples.map((s) => s.actual)).size).toBe(sid.samples.length);
  });
});
