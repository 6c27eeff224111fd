/**
 * Live runs as sharp as mock runs (issue 20): `rollcall mock`'s fixtures used as a *live* sandbox,
 * behind a proxy that holds one realistic bug (test/run/buggy-sandbox.ts). The default live run,
 * without --explore, plans its cases from discovery and catches each bug with an error at the right
 * rule; the same proxy without a bug gives no error; and the live run's case list is the embedded run's.
 * The runs use the CLI's `main` in this process (test/support/in-process-cli.ts); the live run without a
 * bug is made once, whole, for both tests that read it. A run with a bug runs the default plan's cases that
 * read the pages the bug can spoil (BUG_CASES; two bugs that spoil unrelated parts share one run, SHARED): planned as the default run plans them (the same discovery),
 * each case its own requests to a read-only target, so an error one of them finds the default run finds
 * too; the whole clean run shows the same cases silent without the bug. test/run/targets.test.ts runs
 * the live binary end to end.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningMock } from '../../src/mock/index.js';
import { BUGS, buggySandbox, type Bug } from './buggy-sandbox.js';
import { ROOT, readReport, tmpDir, type Report } from './support.js';
import { rollcallInProcess } from '../support/in-process-cli.js';

let mock: RunningMock;
let env: Record<string, string>;

beforeAll(async () => {
  // The compiled mock, the modules the in-process runs load anyway (the sources would be transformed once more).
  const { startMock } = (await import(path.join(ROOT, 'dist/src/mock/index.js'))) as typeof import('../../src/mock/index.js');
  mock = await startMock();
  const f = mock.fixtures();
  // The room with connected and disconnected participants: the one a user would point a live run at.
  const room = f.twilio.rooms.find((r) => r.participants.connected > 2 && r.participants.disconnected > 2)!;
  env = {
    TWILIO_ACCOUNT_SID: f.twilio.accountSid,
    TWILIO_AUTH_TOKEN: f.twilio.authToken,
    ROLLCALL_TWILIO_ROOM_SID: room.sid,
  };
}, 60_000);

afterAll(async () => {
  await mock?.close();
});

/**
 * The default plan's cases a bug run takes, the ones that read what the bug spoils: the walks of a Status filter
 * (its links, its later pages, the durations of the disconnected), the partition by Status (the default list),
 * the date filters.
 */
const WALK = 'Status=disconnected: walk';
const BUG_CASES: Record<Bug, string> = {
  'next-link-drops-status': WALK,
  'page2-ignores-status': WALK,
  'next-link-drops-pagesize': WALK,
  'default-status-wrong': 'Status lists partition',
  'date-filter-wrong-field': 'DateCreated',
  'duration-in-ms': WALK,
};

/**
 * Bugs that share a sandbox (one run): each spoils a part of the answer the other's rules never read (the next link's
 * query; the participants' durations), so each rule that fires is its own bug's. Every other bug has a sandbox to itself.
 */
const SHARED: Bug[][] = [['next-link-drops-status', 'duration-in-ms']];
const together = (bug: Bug): Bug[] => SHARED.find((g) => g.includes(bug)) ?? [bug];

async function liveRun(bugs: Bug[]): Promise<{ code: number; report: Report; stdout: string }> {
  // One sandbox per bug, each in front of the next: the host header goes through, so the links stay on the first one.
  const proxies = [];
  for (const bug of bugs.length > 0 ? bugs : [undefined]) proxies.push(await buggySandbox(proxies.at(-1)?.url ?? mock.url, bug));
  try {
    const dir = tmpDir(`plan-${bugs.join('+') || 'clean'}`);
    const grep = bugs.length > 0 ? ['--grep', [...new Set(bugs.map((b) => BUG_CASES[b]))].join('|')] : [];
    const r = await rollcallInProcess(['run', '--target', 'live', '--api', 'twilio-video', ...grep, '--report-dir', dir], { ...env, ROLLCALL_TWILIO_VIDEO_BASE_URL: proxies.at(-1)!.url });
    return { code: r.code, report: readReport(dir), stdout: r.stdout };
  } finally {
    for (const p of proxies) await p.close();
  }
}

const bugRuns = new Map<string, ReturnType<typeof liveRun>>();
/** The run of the sandbox that holds `bug`, made once for the bugs it holds. */
function bugRun(bug: Bug): ReturnType<typeof liveRun> {
  const bugs = together(bug);
  const key = bugs.join('+');
  if (!bugRuns.has(key)) bugRuns.set(key, liveRun(bugs));
  return bugRuns.get(key)!;
}

let clean: ReturnType<typeof liveRun> | undefined;
/** The live run through the proxy without a bug, made once. */
const cleanRun = () => (clean ??= liveRun([]));

const errorRules = (report: Report) => new Set(report.cases.flatMap((c) => c.violations.filter((v) => v.severity === 'error').map((v) => v.rule)));

/** The rules that catch each bug (an error by one of them at least): the rule whose constraint the bug breaks. */
const CAUGHT_BY: Record<Bug, string[]> = {
  'next-link-drops-status': ['pagination.link-keeps-filters'],
  'page2-ignores-status': ['filter.status'],
  'next-link-drops-pagesize': ['pagination.link-keeps-filters', 'pagination.links-consistent'],
  'default-status-wrong': ['filter.partition'],
  'date-filter-wrong-field': ['filter.date-created-after', 'filter.date-created-before', 'filter.dropped-match'],
  'duration-in-ms': ['twilio.duration-unit'],
};

describe('a live sandbox with one realistic bug: the default live run catches it', () => {
  it('no bug: exit 0, no error', async () => {
    const { code, report, stdout } = await cleanRun();
    expect(code, stdout.slice(-3000)).toBe(0);
    expect([...errorRules(report)]).toEqual([]);
  }, 120_000);

  it.each(Object.keys(BUGS) as Bug[])('%s', async (bug) => {
    const { code, report, stdout } = await bugRun(bug);
    expect(code, stdout.slice(-3000)).toBe(1);
    // Caught in a case that reads what the bug spoils.
    const rules = errorRules({ ...report, cases: report.cases.filter((c) => new RegExp(BUG_CASES[bug]).test(c.name)) });
    expect(CAUGHT_BY[bug].filter((rule) => rules.has(rule)), `${BUGS[bug]}: caught by ${[...rules].join(', ')}`).not.toEqual([]);
  }, 120_000);
});

describe('live and embedded runs plan the same cases', () => {
  it('the same fixtures give the same case list, apart from cases the live target cannot support (skipped with a reason)', async () => {
    const dir = tmpDir('plan-embedded');
    // The embedded run's cases of the room compared (its other rooms' are skipped by --grep).
    const embedded = await rollcallInProcess(['run', '--api', 'twilio-video', '--grep', 'DailyStandup', '--report-dir', dir]);
    expect(embedded.code, embedded.stdout.slice(-2000)).toBe(0);
    const mine = readReport(dir);
    const live = await cleanRun();
    const room = env.ROLLCALL_TWILIO_ROOM_SID as string;
    // The embedded run names the room by its UniqueName, the live run by its SID: compared by operation and case name.
    const embeddedRoom = mine.cases.filter((c) => c.operation === 'twilio-video.listRoomParticipants' && c.group.includes('DailyStandup'));
    const liveRoom = live.report.cases.filter((c) => c.operation === 'twilio-video.listRoomParticipants' && c.group.includes(room));
    expect(embeddedRoom.length).toBeGreaterThan(20);
    expect(liveRoom.map((c) => c.name).sort()).toEqual(embeddedRoom.map((c) => c.name).sort());
    // Planned from the same discovery, the same cases are skipped, for the same reasons.
    const skipped = (cases: Report['cases']) => cases.filter((c) => c.state === 'skipped').map((c) => c.name).sort();
    expect(skipped(liveRoom)).toEqual(skipped(embeddedRoom));
  }, 180_000);
});
