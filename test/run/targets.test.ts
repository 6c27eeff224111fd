/**
 * `rollcall run` against each kind of target, as a user runs it: live (a second mock on loopback,
 * reached through the base-URL overrides, exactly as a sandbox would be), a recording, and the
 * configuration that steers them. The live run (with --allow-mutations and --record: compared with the
 * embedded run, its lifecycle and its recording in one run) runs the real binary (this file's end-to-end
 * run), beside the embedded run; every other run, one after another, runs the same `main` in this process
 * (test/support/in-process-cli.ts), which saves a Node start and the CLI's loading each. Every run takes
 * the few cases its assertion reads (--grep): what is proven here is the target, not the cases (every case
 * on the embedded mock: test/run/clean-and-faults.test.ts; the installed binary live, replayed, sharded:
 * test/package/install.test.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../../src/mock/index.js';
import { readReport, rollcall, tmpDir, writeConfig, type CliResult, type Report, type ReportCase } from './support.js';
import { rollcallInProcess } from '../support/in-process-cli.js';

let mock: RunningMock;
let liveEnv: Record<string, string>;
let embedded: Report;
/** A few cases of every operation (the first page; a fetch; an update): what a run needs to show its wiring. */
const FEW = ['--grep', 'first page, no parameters|unknown participant: 404|update without credentials'];
/**
 * FEW, the walks of each list at a page size (next-page links followed on the target) and the lifecycle (a
 * kick, polled until visible): the cases the live, embedded and replayed runs compare. (Every Video case
 * live: test/run/live-plan.test.ts, "no bug: exit 0, no error".)
 */
const COMPARED = ['--grep', `${FEW[1]}|walk every page at |kick a connected participant, then kick it again`];

beforeAll(async () => {
  mock = await startMock();
  const f = mock.fixtures();
  liveEnv = {
    TWILIO_ACCOUNT_SID: f.twilio.accountSid,
    TWILIO_AUTH_TOKEN: f.twilio.authToken,
    TELNYX_API_KEY: f.telnyx.apiKey,
    ROLLCALL_TWILIO_ROOM_SID: (f.twilio.rooms.find((r) => r.uniqueName === 'DailyStandup') ?? f.twilio.rooms[0])!.sid,
    ROLLCALL_TWILIO_CONFERENCE_SID: f.twilio.conferences[0]!.sid,
    ROLLCALL_TELNYX_ROOM_SESSION_ID: f.telnyx.roomSessions[f.telnyx.roomSessions.length - 1]!.id,
    ROLLCALL_TWILIO_VIDEO_BASE_URL: mock.url,
    ROLLCALL_TWILIO_INSIGHTS_BASE_URL: mock.url,
    ROLLCALL_TELNYX_BASE_URL: `${mock.url}/v2`,
  };
  const dir = tmpDir('embedded');
  // The live binary starts beside the embedded run (its own process): the two wait on each other's servers, not in turn.
  const [r] = await Promise.all([rollcallInProcess(['run', ...COMPARED, '--report-dir', dir]), recorded()]);
  expect(r.code, r.stdout.slice(-2000)).toBe(0);
  embedded = readReport(dir);
}, 240_000);

afterAll(async () => {
  // Nothing left running, even when a filter left the replay's test out.
  await replaying;
  await mock?.close();
}, 180_000);

// http.slow depends on the machine's load at the time, not on the fixtures: left out of the comparison.
const key = (c: ReportCase) => `${c.state} ${c.violations.filter((v) => v.rule !== 'http.slow').map((v) => `${v.rule} ${v.path}`).sort().join(',')}`;

describe('--target live, pointed at a second mock on loopback', () => {
  it('sees the same results as the embedded run, case by case, for the same fixtures', async () => {
    const { r, dir } = await recorded();
    expect(r.code, r.stdout.slice(-2000)).toBe(0);
    const live = readReport(dir);
    expect(live.kind).toBe('live');
    const ids = new Map([[liveEnv.ROLLCALL_TWILIO_ROOM_SID, 'DailyStandup']]);
    let compared = 0;
    for (const c of live.cases.filter((x) => x.state !== 'skipped')) {
      // Live groups are named by id (size unknown); the embedded run names the same fixture by its UniqueName and kind.
      const fixture = c.group.split(' ')[1] ?? '';
      const twin = embedded.cases.find((e) => e.operation === c.operation && e.name === c.name && e.group.split(' ')[1] === (ids.get(fixture) ?? fixture));
      if (!twin) continue;
      compared++;
      expect(key(c), `${c.id}`).toBe(key(twin));
    }
    const ran = live.cases.filter((x) => x.state !== 'skipped').length;
    expect(compared).toBeGreaterThan(0.85 * ran);
    // Every API and operation ran live.
    expect(new Set(live.cases.filter((x) => x.state !== 'skipped').map((c) => c.operation.split('.')[0]))).toEqual(new Set(['twilio-video', 'twilio-insights', 'telnyx']));
  }, 240_000);

  it('finds violations on a live target too (a second mock with a fault)', async () => {
    const faulty = await startMock({ faults: ['bad-sid-pattern'] });
    try {
      const f = faulty.fixtures();
      const env = { ...liveEnv, TWILIO_ACCOUNT_SID: f.twilio.accountSid, TWILIO_AUTH_TOKEN: f.twilio.authToken, ROLLCALL_TWILIO_VIDEO_BASE_URL: faulty.url };
      const dir = tmpDir('live-fault');
      const r = await rollcallInProcess(['run', '--target', 'live', '--api', 'twilio-video', ...FEW, '--report-dir', dir], env);
      expect(r.code).toBe(1);
      const report = readReport(dir);
      expect(report.cases.flatMap((c) => c.violations.map((v) => v.rule))).toContain('twilio.sid-pattern');
      // Read-only without --allow-mutations: the update suite is skipped, saying why (one case in its place).
      expect(report.cases.filter((c) => c.operation === 'twilio-video.updateRoomParticipant').map((c) => `${c.state} ${c.name}`)).toEqual([
        'skipped twilio-video.updateRoomParticipant: skipped, mutations are not allowed on this target (see --allow-mutations)',
      ]);
    } finally {
      await faulty.close();
    }
  });

  it('skips an API whose settings are missing, with one line naming the variables', async () => {
    const { TELNYX_API_KEY: _k, ...withoutTelnyx } = liveEnv;
    const r = await rollcallInProcess(['run', '--target', 'live', '--api', 'telnyx,twilio-insights', ...FEW], withoutTelnyx);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('skipped telnyx:'))).toEqual(['skipped telnyx: set TELNYX_API_KEY to probe telnyx']);
  });

  it('exits 2 when every selected API is unconfigured', async () => {
    const r = await rollcallInProcess(['run', '--target', 'live']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('skipped twilio-video: set TWILIO_ACCOUNT_SID + TWILIO_AUTH_TOKEN (or TWILIO_API_KEY + TWILIO_API_SECRET) and ROLLCALL_TWILIO_ROOM_SID');
    expect(r.stdout).toMatch(/nothing to run/);
  });

  it('runs the lifecycle only on the room --allow-mutations names', async () => {
    // The live run above is this run (all APIs, the room named by --allow-mutations, recorded): one run for all three.
    const { r, dir } = await recorded();
    const update = readReport(dir).cases.filter((c) => c.operation === 'twilio-video.updateRoomParticipant');
    expect(update.map((c) => `${c.state} ${c.name}`)).toContain('passed kick a connected participant, then kick it again');
    expect(r.code, r.stdout.slice(-2000)).toBe(0);
  }, 240_000);
});

/** The live run of the real binary with --allow-mutations and --record, once for the tests that read it. */
let recording: Promise<{ r: CliResult; dir: string; rec: string }> | undefined;
function recorded(): Promise<{ r: CliResult; dir: string; rec: string }> {
  recording ??= (async () => {
    const rec = tmpDir('recording');
    const dir = tmpDir('recorded-run');
    const r = await rollcall(['run', '--target', 'live', '--allow-mutations', liveEnv.ROLLCALL_TWILIO_ROOM_SID!, ...COMPARED, '--record', rec, '--report-dir', dir], liveEnv);
    return { r, dir, rec };
  })();
  return recording;
}

/** The replay of that recording, once. */
let replaying: Promise<{ r: CliResult; dir: string }> | undefined;
function replayed(): Promise<{ r: CliResult; dir: string }> {
  replaying ??= recorded().then(async ({ rec }) => {
    const dir = tmpDir('replayed-run');
    return { r: await rollcallInProcess(['run', '--target', 'replay', '--from', rec, ...COMPARED, '--report-dir', dir]), dir };
  });
  return replaying;
}

describe('--record DIR and --target replay --from DIR', () => {
  it('replays a recording offline with the same results, and the recording holds no secret', async () => {
    const { r: r1, dir: first, rec } = await recorded();
    expect(r1.code, r1.stdout.slice(-2000)).toBe(0);
    const { r: r2, dir: second } = await replayed();
    expect(r2.code, r2.stdout.slice(-2000)).toBe(0);
    const a = readReport(first).cases.map((c) => `${c.id} ${key(c)} ${c.exchanges}`);
    const b = readReport(second).cases.map((c) => `${c.id.replace(/^.*? > /, '')} ${key(c)} ${c.exchanges}`);
    // Workers report in their own order: compare as sets of lines.
    expect(b.sort()).toEqual(a.map((x) => x.replace(/^.*? > /, '')).sort());
    for (const file of fs.readdirSync(rec)) {
      const text = fs.readFileSync(path.join(rec, file), 'utf8');
      for (const secret of [liveEnv.TWILIO_AUTH_TOKEN!, liveEnv.TELNYX_API_KEY!, Buffer.from(`${liveEnv.TWILIO_ACCOUNT_SID}:${liveEnv.TWILIO_AUTH_TOKEN}`).toString('base64')]) {
        expect(text.includes(secret), `${file} holds a secret`).toBe(false);
      }
    }
  }, 240_000);

  it('refuses a directory that is not a recording', async () => {
    const r = await rollcallInProcess(['run', '--target', 'replay', '--from', tmpDir('empty')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not a rollcall recording/);
  });
});

describe('rollcall.config.json', () => {
  it.each([
    [{ target: 'staging' }, /\/target: must be one of "mock", "live", "replay"/],
    [{ pageSize: 5 }, /unknown option "pageSize"/],
    [{ severity: { 'schema.enum': 'fatal' } }, /\/severity\/schema\.enum: must be one of "error", "warning", "off"/],
    [{ severity: { enum: 'off' } }, /"enum" is not a rule id/],
  ])('%j is refused with a message naming the file and the option (exit 2)', async (config, message) => {
    const dir = tmpDir('config');
    const file = writeConfig(dir, config);
    const r = await rollcallInProcess(['run', '--config', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toMatch(message);
  });

  it('a severity override for an unknown rule is refused, listing the known ones', async () => {
    const dir = tmpDir('config');
    const r = await rollcallInProcess(['run', '--config', writeConfig(dir, { severity: { 'schema.nope': 'off' } })]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown rule "schema.nope"; known rules: .*twilio\.sid-pattern/);
  });

  it('holds what flags hold, and a per-rule severity override turns an error into a warning', async () => {
    const dir = tmpDir('config');
    // wrong-content-type breaks one promise (http.content-type); downgraded, the run passes and reports it.
    // (slowMs: a loaded machine must not add http.slow warnings to the one this test looks for.)
    const file = writeConfig(dir, { api: 'telnyx', faults: ['wrong-content-type'], reportDir: dir, severity: { 'http.content-type': 'warning' }, slowMs: 60_000 });
    const r = await rollcallInProcess(['run', '--config', file, ...FEW]);
    const report = readReport(dir);
    const rules = new Set(report.cases.flatMap((c) => c.violations.map((v) => `${v.severity} ${v.rule}`)));
    expect([...rules]).toEqual(['warning http.content-type']);
    expect(r.code, r.stdout.slice(-1500)).toBe(0);
    // The same run under --strict fails: warnings count.
    const strict = await rollcallInProcess(['run', '--config', file, ...FEW, '--strict']);
    expect(strict.code).toBe(1);
  });
});
