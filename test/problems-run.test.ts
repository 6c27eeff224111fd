/**
 * The two-fault run, end to end (in this process, on the cases that show each of its problems: see
 * test/reporters/one-count.support.ts): the console names the causes in a few lines, the JSON report
 * stays small and matches its schema, and the console and every report give the same counts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Run } from './reporters/support.js';
import { reportSchemaValidator } from './problems.support.js';
import type { JsonReport } from '../reporters/json.js';
import { FIRST_SEEN_VIDEO, runInProcess } from './reporters/one-count.support.js';

let run: Run;
let report: JsonReport;

beforeAll(async () => {
  // No consistency budget: enum-drift keeps the kicked participant out of the disconnected list, and the kick
  // case re-read it for the default 10 s; one read judges it the same (never shown), with the same causes.
  // The cases that first see each problem (8 run of 190), not the whole suite: every problem of the whole suite shows.
  run = await runInProcess(['--api', 'twilio-video', '--faults', 'enum-drift,next-page-loop', '--grep', FIRST_SEEN_VIDEO], {}, { consistencyBudgetMs: 0 });
  report = JSON.parse(run.read('rollcall-report.json')) as JsonReport;
}, 180_000);

describe('rollcall run --api twilio-video --faults enum-drift,next-page-loop', () => {
  it('fails, printing on the order of one line per problem, not per violation', () => {
    expect(run.code, run.stderr).toBe(1);
    // (Progress lines, one every 10 s off a terminal, depend on the machine's speed, not on the problems.)
    expect(run.stdout.split('\n').filter((l) => !l.startsWith('… ')).length).toBeLessThanOrEqual(120);
    // ... for thousands of violations.
    expect(report.totals.violations).toBeGreaterThan(1000);
    // It ends with where the reports went.
    expect(run.stdout.trimEnd().split('\n').pop()).toMatch(/^reports: .*rollcall-report\.html, /);
  });

  it('names exactly the two causes; every other problem is marked as their consequence', () => {
    // The problems of the whole suite, in all three operations and both passes (the kick is a mutation).
    expect(new Set(report.problems.map((p) => p.fingerprint.operation))).toEqual(new Set(['twilio-video.listRoomParticipants', 'twilio-video.fetchRoomParticipant', 'twilio-video.updateRoomParticipant']));
    expect(report.problems.filter((p) => p.consequenceOf).map((p) => `${p.fingerprint.operation} ${p.fingerprint.rule}`).sort()).toEqual([
      'twilio-video.fetchRoomParticipant consistency.fetch-matches-list',
      'twilio-video.fetchRoomParticipant schema.enum',
      'twilio-video.listRoomParticipants filter.dropped-match',
      'twilio-video.listRoomParticipants filter.partition',
      'twilio-video.listRoomParticipants filter.status',
      'twilio-video.listRoomParticipants pagination.full-page-before-last',
      'twilio-video.listRoomParticipants pagination.next-null-at-end',
      'twilio-video.updateRoomParticipant lifecycle.kick-sets-end',
      'twilio-video.updateRoomParticipant schema.enum',
    ]);
    const causes = report.problems.filter((p) => !p.consequenceOf && p.severity === 'error');
    expect(causes).toHaveLength(2);
    expect(causes.map((p) => p.fingerprint.rule).sort()).toEqual(['pagination.next-page-cycle', 'schema.enum']);
    // The loop names the cause; read alone, the page that loops back is a short page with a next link.
    const consequenceOf = (rule: string) => report.problems.find((p) => p.fingerprint.rule === rule)?.consequenceOf?.id;
    const loop = causes.find((p) => p.fingerprint.rule === 'pagination.next-page-cycle')?.id;
    expect(consequenceOf('pagination.full-page-before-last')).toBe(loop);
    expect(consequenceOf('pagination.next-null-at-end')).toBe(loop);
    expect(causes.find((p) => p.fingerprint.rule === 'schema.enum')?.fingerprint.shape).toBe('"disconnecting"');
    const ids = new Set(causes.map((p) => p.id));
    for (const p of report.problems.filter((x) => x.consequenceOf)) expect(ids.has(p.consequenceOf?.id ?? '')).toBe(true);
    for (const c of causes) expect(run.stdout).toContain(`✗ ${c.id} `);
  });

  it('writes a JSON report under 2 MB that matches its published schema, every problem with a source and a reproduction', () => {
    expect(Buffer.byteLength(run.read('rollcall-report.json'))).toBeLessThan(2 * 1024 * 1024);
    const validate = reportSchemaValidator();
    expect(validate(report), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    for (const p of report.problems) {
      expect(p.source?.schema, p.id).toMatch(/^(schemas|specs)\//);
      expect(p.samples[0]?.curl ?? p.samples[0]?.request?.url, p.id).toBeTruthy();
    }
  });

  it('gives the same counts on the console and in every report', () => {
    const t = report.totals;
    const n = (x: number) => x.toLocaleString('en-US');
    expect(t.violations).toBe(report.problems.reduce((k, p) => k + p.counts.violations, 0));
    expect(t.violations).toBe(report.cases.reduce((k, c) => k + c.violationCount, 0));
    // Console: the summary line and each problem's counts.
    expect(run.stdout).toContain(`${t.cases} cases: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped; ${t.errors} errors, ${t.warnings} warnings in ${t.problems} problems; ${t.exchanges} exchanges`);
    for (const p of report.problems) expect(run.stdout).toContain(`${p.id} `);
    const enumCause = report.problems.find((p) => p.fingerprint.rule === 'schema.enum' && !p.consequenceOf);
    expect(run.stdout).toContain(`${n(enumCause?.counts.violations ?? -1)} violations on ${n(enumCause?.counts.items ?? -1)} items in ${enumCause?.counts.cases} cases`);
    // Markdown: totals, and the same operation x rule count as the problems.
    const md = run.read('rollcall-summary.md');
    expect(md).toContain(`**${t.problems} problems (${t.causes} causes): ${t.errors} errors, ${t.warnings} warnings** in ${t.cases} cases`);
    expect(md).toContain(`| twilio-video.listRoomParticipants | schema.enum | ${enumCause?.counts.violations} |`);
    // HTML: every problem, with its counts.
    const html = run.read('rollcall-report.html');
    for (const p of report.problems) expect(html).toContain(`id="${p.id}"`);
    expect(html).toContain(`${t.errors} errors, ${t.warnings} warnings, ${t.exchanges} exchanges`);
    // JUnit: a testcase per case, failures as the JSON report has them.
    const junit = run.read('rollcall-junit.xml');
    expect((junit.match(/<testcase /g) ?? []).length).toBe(t.cases);
    expect((junit.match(/<failure /g) ?? []).length).toBe(report.cases.filter((c) => c.state === 'failed' && !c.transportError && !c.error).length);
  });
});
