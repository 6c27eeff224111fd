/**
 * `rollcall run --explore` end to end, under a seed drawn at random (printed): against a sandbox whose
 * bugs only show in combinations of parameters, at one page-boundary position or with a bound between
 * disagreeing timestamps (sandbox.ts), the covering cases fail with the rules each bug breaks, each
 * failure is shrunk and printed with its replay command, every printed replay command reproduces its
 * case, and the same seed gives the same cases and the same result. N reaches the covering class of
 * every bug, the same for every seed; test/explore/seeds.test.ts shows in-process, under several seeds,
 * that each is found and shrunk to the parameters it needs. The fixed cases are not judged here (issue
 * 20 makes them catch some of these).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readReport, rollcall, tmpDir, type Report } from '../run/support.js';
import { startSandbox, type Sandbox } from './sandbox.js';

const SEED = String(Math.floor(Math.random() * 2 ** 31));
const N = '75';

interface Generated {
  id: string;
  description: string;
  shrunk: boolean;
  command: string;
}

/** The generated cases a report names in its hints: id, the request it was shrunk to, and its replay command. */
function generatedCases(report: Report): Generated[] {
  const out = new Map<string, Generated>();
  for (const c of report.cases) {
    for (const v of c.violations as Array<{ hint?: string }>) {
      const m = /Generated case (\S+) \(seed \d+\): "([^"]*)"(.*); replay it with: (rollcall run .*)$/.exec(v.hint ?? '');
      if (m) out.set(m[1] as string, { id: m[1] as string, description: m[2] as string, shrunk: !/not shrunk/.test(m[3] as string), command: m[4] as string });
    }
  }
  return [...out.values()];
}

const rulesOf = (report: Report, operation: string) =>
  new Set(report.cases.filter((c) => c.operation === operation || c.violations.some((v) => (v as { operation?: string }).operation === operation)).flatMap((c) => c.violations.map((v) => v.rule)));

const exploreCases = (report: Report) =>
  report.cases
    .filter((c) => c.group.startsWith('explore'))
    // Errors only: a warning such as http.slow depends on the machine's load, not on the case.
    .map((c) => ({ id: c.id, state: c.state, violations: c.violations.filter((v) => v.severity === 'error').map((v) => `${v.rule} ${v.path}`).sort() }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));

describe('rollcall run --explore against a sandbox with combination bugs', () => {
  let sandbox: Sandbox;
  let first: Report;
  let stdout: string;

  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('fails generated cases with the rule of each bug', async () => {
    console.log(`explore end to end: random seed ${SEED}`);
    const dir = tmpDir('explore-bugs');
    const r = await rollcall(['run', '--target', 'live', '--explore', N, '--seed', SEED, '--grep', 'explore', '--report-dir', dir], sandbox.env);
    stdout = r.stdout;
    expect(r.code, r.stdout.slice(-3000)).toBe(1);
    expect(r.stdout).toContain(`seed ${SEED}`);
    first = readReport(dir);
    expect(first.cases.filter((c) => c.state === 'failed').every((c) => c.group.startsWith('explore'))).toBe(true);
    expect(rulesOf(first, 'telnyx.listRoomSessionParticipants')).toContain('filter.context');
    expect(rulesOf(first, 'twilio-insights.listConferenceParticipants')).toContain('pagination.missing-item');
    expect([...rulesOf(first, 'twilio-video.listRoomParticipants')]).toEqual(expect.arrayContaining(['consistency.fetch-matches-list', 'filter.date-created-after', 'filter.partition']));
  }, 170_000);

  it('prints each shrunk failure with the command that replays it', () => {
    const shrunk = generatedCases(first).filter((g) => g.shrunk);
    // Which requests they shrink to, under several seeds: seeds.test.ts.
    for (const op of ['telnyx.listRoomSessionParticipants', 'twilio-insights.listConferenceParticipants', 'twilio-video.listRoomParticipants']) {
      expect(shrunk.filter((g) => g.id.startsWith(`${op}/`)).length, op).toBeGreaterThan(0);
    }
    expect(stdout).toMatch(new RegExp(`replay it with: rollcall run --target live --explore ${N} --seed ${SEED} --api \\S+ --replay-case \\S+`));
  });

  it('reproduces each shrunk case with its printed command; the same seed gives the same cases and result', async () => {
    const shrunk = generatedCases(first).filter((g) => g.shrunk);
    // One per operation: the first case shrunk for it.
    const perOperation = [...new Map(shrunk.map((g) => [g.id.split('/')[0], g])).values()];
    expect(perOperation.length).toBe(3);
    // The replays and a second run with the same seed, side by side (each is its own process).
    const againDir = tmpDir('explore-again');
    const [again, results] = await Promise.all([
      rollcall(['run', '--target', 'live', '--explore', N, '--seed', SEED, '--grep', 'explore', '--report-dir', againDir], sandbox.env),
      Promise.all(perOperation.map(async (g) => {
        const dir = tmpDir('explore-replay');
        const args = g.command.split(' ').slice(1);
        const r = await rollcall([...args, '--report-dir', dir], sandbox.env);
        return { g, r, report: readReport(dir) };
      })),
    ]);
    expect(again.code).toBe(1);
    expect(exploreCases(readReport(againDir))).toEqual(exploreCases(first));
    for (const { g, r, report } of results) {
      expect(r.code, `${g.command}\n${r.stdout.slice(-2000)}`).toBe(1);
      const replayed = generatedCases(report);
      expect(replayed.map((x) => [x.id, x.description])).toEqual([[g.id, g.description]]);
      const original = first.cases.flatMap((c) => c.violations).filter((v) => v.severity === 'error' && (v as { hint?: string }).hint?.includes(`Generated case ${g.id} `)).map((v) => v.rule);
      expect(new Set(report.cases.flatMap((c) => c.violations.filter((v) => v.severity === 'error').map((v) => v.rule)))).toEqual(new Set(original));
    }
  }, 170_000);
});
