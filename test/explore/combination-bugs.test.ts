/**
 * `rollcall run --explore`: against a sandbox whose bugs only show in combinations of parameters
 * (sandbox.ts), the fixed cases pass, the generated cases fail with the rules each bug breaks, the
 * failures are shrunk to the parameters that matter, every printed replay command reproduces its
 * case, and the same seed gives the same cases and the same result.
 *
 * The seed and N are chosen so that a handful of cases per operation reach all three bugs (N is
 * kept small for the test's time; `--explore 300` finds them under most seeds).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readReport, rollcall, tmpDir, type Report } from '../run/support.js';
import { startSandbox, type Sandbox } from './sandbox.js';

const SEED = '286';
const N = '11';

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
    .map((c) => ({ id: c.id, state: c.state, violations: c.violations.map((v) => `${v.rule} ${v.path}`).sort() }))
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

  it('passes every fixed case and fails generated ones with the rule of each bug', async () => {
    const dir = tmpDir('explore-bugs');
    const r = await rollcall(['run', '--target', 'live', '--explore', N, '--seed', SEED, '--report-dir', dir], sandbox.env);
    stdout = r.stdout;
    expect(r.code, r.stdout.slice(-3000)).toBe(1);
    expect(r.stdout).toContain(`seed ${SEED}`);
    first = readReport(dir);
    const fixed = first.cases.filter((c) => !c.group.startsWith('explore'));
    expect(fixed.filter((c) => c.state === 'failed').map((c) => c.id)).toEqual([]);
    expect(first.cases.filter((c) => c.state === 'failed').every((c) => c.group.startsWith('explore'))).toBe(true);
    expect(rulesOf(first, 'telnyx.listRoomSessionParticipants')).toContain('filter.context');
    expect(rulesOf(first, 'twilio-insights.listConferenceParticipants')).toContain('pagination.missing-item');
    expect([...rulesOf(first, 'twilio-video.listRoomParticipants')]).toContain('consistency.fetch-matches-list');
  }, 170_000);

  it('shrinks each failure to the parameters that matter', () => {
    const shrunk = generatedCases(first).filter((g) => g.shrunk);
    const of = (op: string) => shrunk.filter((g) => g.id.startsWith(`${op}/`)).map((g) => g.description);
    // Telnyx: a date filter with filter[context], nothing else.
    expect(of('telnyx.listRoomSessionParticipants')).toContainEqual(expect.stringMatching(/^(page|walk) filter\[date_[a-z_]+\]\[(eq|gte|lte)\]=\d{4}-\d{2}-\d{2} filter\[context\]=\S+$/));
    // Insights: a walk at a page size the bug breaks, no filter.
    const sizes = of('twilio-insights.listConferenceParticipants').map((d) => /^walk PageSize=(\d+)$/.exec(d)?.[1]).filter(Boolean).map(Number);
    expect(sizes.length).toBeGreaterThan(0);
    expect(sizes.every((n) => n % 7 === 0)).toBe(true);
    // Video: one page under DateCreatedBefore alone.
    expect(of('twilio-video.listRoomParticipants')).toContainEqual(expect.stringMatching(/^page DateCreatedBefore=\S+$/));
    expect(stdout).toMatch(/replay it with: rollcall run --target live --explore 11 --seed 286 --api \S+ --replay-case \S+/);
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
      const original = first.cases.flatMap((c) => c.violations).filter((v) => (v as { hint?: string }).hint?.includes(`Generated case ${g.id} `)).map((v) => v.rule);
      expect(new Set(report.cases.flatMap((c) => c.violations.map((v) => v.rule)))).toEqual(new Set(original));
    }
  }, 170_000);
});
