/**
 * Baselines: the pure functions (path patterns, classification, validation, writing) table by
 * table, then `rollcall run --write-baseline / --baseline` as a user runs it, on the embedded mock
 * with faults (Twilio Insights: one suite, the quickest run).
 *
 * The runs are in this process (test/support/in-process-cli.ts) and narrowed by --grep to 4 cases (GREP
 * below): the walk at PageSize=1 only repeated the one-page conference's violations and the empty
 * conference had none, so neither runs now. Each of the four runs is a step a user takes (write from
 * nothing, pass with it, fail on a new rule, waivers and an in-place rewrite), each with its own baseline,
 * so none can share another's; the malformed baseline ends before any request.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify, matchesPath, parseBaseline, pathPattern, tally, writeBaseline, BaselineError, type Baseline, type BaselineClass, type Waiver } from '../../src/baseline/index.js';
import type { Violation } from '../../src/types.js';
import { readReport, tmpDir, writeConfig } from './support.js';
// The CLI's `main` in this process (test/support/in-process-cli.ts): the same run, without a Node start each.
import { rollcallInProcess as rollcall } from '../support/in-process-cli.js';

const LIST = 'twilio-video.listRoomParticipants';
const violation = (rule: string, p: string, extra: Partial<Violation> = {}): Violation => ({
  rule, severity: 'error', operation: LIST, path: p, expected: 'x', actual: 'y', message: 'm', hint: 'h', ...extra,
});
const waiver = (w: Partial<Waiver>): Waiver => ({ rule: 'schema.enum', path: '/participants/*/status', reason: 'ticket 1', expires: '2026-06-30', ...w });

describe('path patterns', () => {
  it.each([
    ['/participants/3/room_sid', '/participants/*/room_sid'],
    ['/data/12/links/0', '/data/*/links/*'],
    ['/meta/page_size', '/meta/page_size'],
    ['#status', '#status'],
    ['#header/content-type', '#header/content-type'],
    ['', ''],
  ])('pathPattern(%j) is %j', (p, pattern) => {
    expect(pathPattern(p)).toBe(pattern);
  });

  it.each([
    ['/participants/*/status', '/participants/7/status', true],
    ['/participants/*/status', '/participants/7/identity', false],
    ['/participants/*/status', '/participants/status', false],
    ['/participants/**', '/participants/7/links/room', true],
    ['/participants/**', '/participants', true],
    ['/**/status', '/participants/7/status', true],
    ['/**/status', '/status', true],
    ['/**/status', '/participants/7/status/x', false],
    ['**', '#status', true],
    ['**', '', true],
    ['#header/*', '#header/content-type', true],
    ['#status', '#status', true],
    ['/meta/page_size', '/meta/page_number', false],
  ])('%j matches %j: %s', (pattern, p, expected) => {
    expect(matchesPath(pattern, p)).toBe(expected);
  });
});

describe('classify', () => {
  const CASE = `${LIST} > room DailyStandup (in-progress, one page) > PageSize=1`;
  const baseline: Baseline = {
    known: [
      { operation: LIST, rule: 'schema.enum', path: '/participants/*/status' },
      { operation: LIST, rule: 'twilio.sid-pattern', path: '/participants/*/sid', case: 'room DailyStandup (in-progress, one page) > PageSize=1' },
      { operation: LIST, rule: 'http.content-type', path: '#header/content-type', case: CASE },
    ],
    waivers: [
      waiver({ rule: 'schema.required', path: '/participants/**', expires: '2026-06-30' }),
      waiver({ rule: 'filter.status', path: '/participants/*/status', operation: 'twilio-video.fetchRoomParticipant', expires: '2026-06-30' }),
      waiver({ rule: 'schema.format', path: '/participants/*/date_created', expires: '2026-01-31' }),
      waiver({ rule: 'schema.enum', path: '/participants/*/status', operation: LIST, expires: '2020-01-01' }),
    ],
  };
  it.each<[string, Violation, string, string, BaselineClass]>([
    ['a known fingerprint, at another index', violation('schema.enum', '/participants/41/status'), CASE, '2026-03-01', 'known'],
    ['a known fingerprint of another operation', violation('schema.enum', '/participants/4/status', { operation: 'twilio-video.fetchRoomParticipant' }), CASE, '2026-03-01', 'new'],
    ['a case-bound fingerprint in its case (trailing part of the id)', violation('twilio.sid-pattern', '/participants/2/sid'), CASE, '2026-03-01', 'known'],
    ['a case-bound fingerprint in its case (whole id)', violation('http.content-type', '#header/content-type'), CASE, '2026-03-01', 'known'],
    ['a case-bound fingerprint in another case', violation('twilio.sid-pattern', '/participants/2/sid'), `${LIST} > room DailyStandup (in-progress, one page) > PageSize=50`, '2026-03-01', 'new'],
    ['a waiver in force, any depth', violation('schema.required', '/participants/3/links/room'), CASE, '2026-03-01', 'waived'],
    ['a waiver on its expiry day', violation('schema.required', '/participants/3/identity'), CASE, '2026-06-30', 'waived'],
    ['a waiver the day after its expiry', violation('schema.required', '/participants/3/identity'), CASE, '2026-07-01', 'expired-waiver'],
    ['a waiver past its date', violation('schema.format', '/participants/0/date_created'), CASE, '2026-03-01', 'expired-waiver'],
    ['a waiver of another operation', violation('filter.status', '/participants/0/status'), CASE, '2026-03-01', 'new'],
    ['a known fingerprint whose expired waiver also matches', violation('schema.enum', '/participants/0/status'), CASE, '2026-03-01', 'known'],
    ['nothing matches', violation('pagination.page-size-echo', '/meta/page_size'), CASE, '2026-03-01', 'new'],
  ])('%s', (_what, v, caseId, today, expected) => {
    expect(classify(v, caseId, baseline, today)).toBe(expected);
  });

  it('tallies a run by the marks the suites set, and names every expired waiver and unseen known entry', () => {
    const cases = [
      { id: CASE, violations: [violation('schema.enum', '/participants/0/status', { baseline: 'known' }), violation('schema.required', '/participants/0/sid', { baseline: 'waived' })] },
      { id: `${LIST} > other`, violations: [violation('schema.format', '/participants/1/date_created'), violation('http.status', '#status')] },
    ];
    const t = tally(cases, baseline, '2026-03-01');
    expect({ ...t, expiredWaivers: t.expiredWaivers.map((w) => `${w.rule} ${w.expires}`) }).toEqual({
      file: undefined, new: 1, known: 1, waived: 1, expired: 1, unseenKnown: 2,
      expiredWaivers: ['schema.format 2026-01-31', 'schema.enum 2020-01-01'],
    });
  });
});

describe('parseBaseline: errors name the file and the entry', () => {
  const known = { operation: LIST, rule: 'schema.enum', path: '/participants/*/status' };
  it.each<[string, unknown, string]>([
    ['a missing reason', { version: 1, known: [], waivers: [{ rule: 'schema.enum', path: '/a', expires: '2026-01-01' }] }, '/waivers/0 (waiver for schema.enum at /a): missing "reason"'],
    ['an expiry that is not a date', { version: 1, known: [], waivers: [waiver({ expires: 'next week' })] }, '/waivers/0 (waiver for schema.enum at /participants/*/status): "expires" must be a date YYYY-MM-DD, not "next week"'],
    ['an expiry that is no real day', { version: 1, known: [], waivers: [waiver({}), waiver({ rule: 'twilio.sid-pattern', expires: '2026-02-30' })] }, '/waivers/1 (waiver for twilio.sid-pattern at /participants/*/status): "expires" is not a real date: "2026-02-30"'],
    ['a rule that is not a rule id', { version: 1, known: [known, { ...known, rule: 'enum' }], waivers: [] }, '/known/1 (known enum at /participants/*/status): "rule" must be a rule id (area.rule-name, e.g. twilio.sid-pattern), not "enum"'],
    ['a path that is not a pointer', { version: 1, known: [{ ...known, path: 'participants.status' }], waivers: [] }, '/known/0 (known schema.enum at participants.status): "path" must be a JSON Pointer (/participants/*/sid), #status, #header/NAME or **, not "participants.status"'],
    ['an unknown field', { version: 1, known: [{ ...known, count: 3 }], waivers: [] }, '/known/0 (known schema.enum at /participants/*/status): unknown field "count"'],
    ['no version', { known: [], waivers: [] }, '(top level): missing "version"'],
    ['a list that is not one', { version: 1, known: {}, waivers: [] }, '/known: "known" must be an array, not {}'],
  ])('%s', (_what, data, message) => {
    expect(() => parseBaseline(data, 'ci/baseline.json')).toThrow(BaselineError);
    expect(() => parseBaseline(data, 'ci/baseline.json')).toThrow(`ci/baseline.json is not a valid rollcall baseline:\n  ${message}`);
  });
});

describe('writeBaseline', () => {
  it('writes one sorted entry per operation, rule and path pattern, and leaves what a waiver in force covers under its waiver', () => {
    const active = waiver({ rule: 'schema.required', path: '/participants/**', expires: '2099-12-31' });
    const expired = waiver({ rule: 'schema.format', path: '/**', expires: '2020-01-01' });
    const doc = writeBaseline(
      [
        { violations: [violation('twilio.sid-pattern', '/participants/2/sid'), violation('schema.enum', '/participants/0/status'), violation('schema.required', '/participants/0/sid')] },
        { violations: [violation('schema.enum', '/participants/9/status'), violation('schema.format', '/participants/1/date_created'), violation('http.status', '#status', { operation: 'telnyx.listRoomSessionParticipants' })] },
      ],
      { waivers: [active, expired], now: new Date('2026-03-01T10:00:00Z') },
    );
    expect(doc.known.map(({ problem: _problem, ...k }) => k)).toEqual([
      { operation: LIST, rule: 'schema.enum', path: '/participants/*/status', shape: 'string' },
      { operation: LIST, rule: 'schema.format', path: '/participants/*/date_created', shape: 'string' },
      { operation: LIST, rule: 'twilio.sid-pattern', path: '/participants/*/sid', shape: 'string' },
      { operation: 'telnyx.listRoomSessionParticipants', rule: 'http.status', path: '#status', shape: 'string' },
    ].sort((a, b) => a.operation.localeCompare(b.operation) || a.rule.localeCompare(b.rule)));
    expect(doc.known.every((k) => /^P[0-9a-f]{8}$/.test(k.problem ?? ''))).toBe(true);
    expect(doc.waivers).toEqual([active, expired]);
    expect(doc.generatedAt).toBe('2026-03-01T10:00:00.000Z');
    // What it writes is a valid baseline.
    expect(parseBaseline(JSON.parse(JSON.stringify(doc)), 'written.json').known).toHaveLength(4);
  });
});

/**
 * `rollcall run` on Twilio Insights only: enum-drift breaks call_status (schema.enum), missing-field drops processing_state (schema.required).
 * Two kinds of case, not the suite: the first page (where a baseline below binds an entry to its case) and the walk at
 * PageSize=50 (where it does not), in the two conferences that have participants (the one-page and the many-pages one;
 * the name vitest matches is the suite's names and the case's, space-separated). 4 cases of the 7 these runs once
 * had: the walk at PageSize=1 (the longest case) and the empty conference's two, which saw no violation, no longer run
 * (about 0.2 s of CPU a run less; what is left of a run is mostly its start).
 */
const GREP = 'pages?\\) (first page, no parameters|walk every page at PageSize=50)$';
const run = (dir: string, faults: string, ...args: string[]) => rollcall(['run', '--api', 'twilio-insights', '--faults', faults, '--grep', GREP, '--report-dir', dir, ...args]);
const violationsOf = (dir: string) => readReport(dir).cases.flatMap((c) => c.violations as Array<Violation>);
/** The report's problems: exact counts (a case's violations in the report are the first of each problem). */
const problemsOf = (dir: string) => (readReport(dir) as unknown as { problems: Array<{ fingerprint: { rule: string }; counts: { violations: number; known: number; waived: number; new: number } }> }).problems;

describe('rollcall run --write-baseline / --baseline', () => {
  const work = tmpDir('baseline');
  const file = path.join(work, 'baseline.json');

  it('writes the violations of a faulty run as a baseline; the same run with it passes, every violation marked known', async () => {
    // A slowMs no load reaches: an http.slow of the first run only would be a known entry the second does not see.
    const notSlow = ['--config', writeConfig(tmpDir('baseline-config'), { slowMs: 60_000 })];
    const first = await run(path.join(work, 'first'), 'enum-drift', ...notSlow, '--write-baseline', file);
    expect(first.code, first.stdout.slice(-1500)).toBe(1);
    expect(first.stdout).toMatch(new RegExp(`rollcall run: wrote the baseline ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\d+ known violations, 0 waivers`));
    const written = JSON.parse(fs.readFileSync(file, 'utf8')) as { version: number; known: Array<Record<string, unknown>>; waivers: unknown[] };
    // One entry per problem (a slow response on a busy machine is a problem of its own, http.slow).
    expect(written.known.filter((k) => k.rule !== 'http.slow').map(({ problem: _p, ...k }) => k)).toEqual([{ operation: 'twilio-insights.listConferenceParticipants', rule: 'schema.enum', path: '/participants/*/call_status', shape: '"failed"' }]);
    expect(written.waivers).toEqual([]);

    const dir = path.join(work, 'second');
    const second = await run(dir, 'enum-drift', ...notSlow, '--baseline', file);
    expect(second.code, second.stdout.slice(-1500)).toBe(0);
    const violations = violationsOf(dir);
    expect(violations.length).toBeGreaterThan(0);
    expect(new Set(violations.map((v) => `${v.rule} ${v.baseline}`))).toEqual(new Set(['schema.enum known']));
    // Every case passed, or was skipped for what a fixture lacks: none failed.
    expect(readReport(dir).cases.filter((c) => c.state === 'failed').map((c) => c.id)).toEqual([]);
    const known = problemsOf(dir).reduce((n, p) => n + p.counts.known, 0);
    expect(known).toBeGreaterThanOrEqual(violations.length);
    expect(second.stdout).toMatch(new RegExp(`baseline ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\d+ new, ${known} known, 0 waived, 0 under an expired waiver\n`));
  }, 120_000);

  it('a run with one more fault fails on the new rule only', async () => {
    const dir = path.join(work, 'more');
    const r = await run(dir, 'enum-drift,missing-field', '--baseline', file);
    expect(r.code, r.stdout.slice(-1500)).toBe(1);
    const report = readReport(dir);
    const failing = report.cases.filter((c) => c.state === 'failed');
    expect(failing.length).toBeGreaterThan(0);
    // Every failing case fails on something new, and what is new is the new rule.
    const fresh = (c: { violations: unknown[] }) => (c.violations as Violation[]).filter((v) => !v.baseline);
    expect(failing.every((c) => fresh(c).length > 0)).toBe(true);
    expect(new Set(report.cases.flatMap((c) => fresh(c).map((v) => v.rule)))).toEqual(new Set(['schema.required']));
    expect(new Set(violationsOf(dir).filter((v) => v.baseline).map((v) => `${v.rule} ${v.baseline}`))).toEqual(new Set(['schema.enum known']));
    // Per problem: the known one has no new violation, each new one only new violations; the summary says so.
    const problems = problemsOf(dir);
    const enumProblem = problems.find((p) => p.fingerprint.rule === 'schema.enum');
    expect(enumProblem?.counts).toMatchObject({ new: 0, known: enumProblem?.counts.violations });
    for (const p of problems.filter((x) => x.fingerprint.rule === 'schema.required')) expect(p.counts.new).toBe(p.counts.violations);
    // The known problem is folded into one count line, not printed with a ✗ and its detail; the new ones are in full.
    const n = (x: number | undefined) => (x ?? -1).toLocaleString('en-US');
    expect(r.stdout).toContain(`  known: 1 problem in the baseline (${n(enumProblem?.counts.known)} violations, none new), not failing the run: `);
    const enumId = (readReport(dir) as unknown as { problems: Array<{ id: string; fingerprint: { rule: string } }> }).problems.find((p) => p.fingerprint.rule === 'schema.enum')?.id as string;
    expect(r.stdout).not.toMatch(new RegExp(`^ {2}✗ ${enumId} `, 'm'));
    for (const p of problems.filter((x) => x.fingerprint.rule === 'schema.required')) expect(r.stdout).toContain(`${n(p.counts.violations)} violations`);
  }, 120_000);

  it('a waiver in force waives; an expired one stops waiving and prints its line (baseline from rollcall.config.json)', async () => {
    const waivers = path.join(work, 'waivers.json');
    fs.writeFileSync(waivers, JSON.stringify({
      version: 1,
      // Known in one case only (the case id's trailing name): elsewhere the expired waiver is all that covers it.
      known: [{ operation: 'twilio-insights.listConferenceParticipants', rule: 'schema.required', path: '/participants/*/processing_state', case: 'first page, no parameters' }],
      waivers: [
        { rule: 'schema.enum', path: '/participants/*/call_status', reason: 'vendor ticket 123: call_status gains values', expires: '2099-12-31' },
        { rule: 'schema.required', path: '/participants/**', operation: 'twilio-insights.listConferenceParticipants', reason: 'vendor ticket 456', expires: '2020-01-31' },
      ],
    }));
    const dir = path.join(work, 'waived');
    fs.mkdirSync(dir);
    const config = writeConfig(dir, { baseline: waivers });
    // Refreshed in place (--write-baseline on the file in use): the waivers stay.
    const r = await run(dir, 'enum-drift,missing-field', '--config', config, '--write-baseline', waivers);
    expect(r.code, r.stdout.slice(-1500)).toBe(1);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('waiver for'))).toEqual(['waiver for schema.required at /participants/** expired on 2020-01-31: vendor ticket 456']);
    const violations = violationsOf(dir);
    expect(new Set(violations.map((v) => `${v.rule} ${v.baseline ?? 'new'}`))).toEqual(new Set(['schema.enum waived', 'schema.required new', 'schema.required known']));
    const knownIn = readReport(dir).cases.filter((c) => (c.violations as Violation[]).some((v) => v.baseline === 'known'));
    expect(knownIn.length).toBeGreaterThan(0);
    expect(knownIn.every((c) => c.id.endsWith(' > first page, no parameters'))).toBe(true);
    const problems = problemsOf(dir);
    const count = (rule: string, field: 'known' | 'waived' | 'new') => problems.filter((p) => p.fingerprint.rule === rule).reduce((n, p) => n + p.counts[field], 0);
    expect(r.stdout).toMatch(new RegExp(`: \\d+ new, ${count('schema.required', 'known')} known, ${count('schema.enum', 'waived')} waived, ${count('schema.required', 'new')} under an expired waiver\n`));
    // What the waiver in force covers stays under it; what the expired one covered is now known.
    const rewritten = JSON.parse(fs.readFileSync(waivers, 'utf8')) as { known: unknown[]; waivers: Array<{ rule: string }> };
    expect((rewritten.known as Array<Record<string, unknown>>).filter((k) => k.rule !== 'http.slow').map(({ operation, rule, path: p, shape }) => ({ operation, rule, path: p, shape }))).toEqual([{ operation: 'twilio-insights.listConferenceParticipants', rule: 'schema.required', path: '/participants/*/processing_state', shape: 'missing' }]);
    expect(rewritten.waivers.map((w) => w.rule)).toEqual(['schema.enum', 'schema.required']);
  }, 120_000);

  it('a malformed baseline stops the run before any request (exit 2), naming the file and the entry', async () => {
    const bad = path.join(work, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ version: 1, known: [], waivers: [{ rule: 'schema.enum', path: '/participants/*/call_status', reason: 'r', expires: 'soon' }] }));
    const r = await rollcall(['run', '--api', 'twilio-insights', '--baseline', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`rollcall run: ${bad} is not a valid rollcall baseline:\n  /waivers/0 (waiver for schema.enum at /participants/*/call_status): "expires" must be a date YYYY-MM-DD, not "soon"\n`);
    expect(r.stdout).not.toMatch(/cases:/);
  });
});

describe('baselines match problems by fingerprint', () => {
  const enumValue = (i: number, actual: unknown) => violation('schema.enum', `/participants/${i}/status`, { expected: ['connected', 'disconnected'], actual });
  const today = '2026-03-01';

  it('writes one entry per problem, however many items it touches; an undocumented value and null are two', () => {
    const doc = writeBaseline([{ violations: [...Array.from({ length: 5000 }, (_, i) => enumValue(i, 'disconnecting')), enumValue(1, null)] }]);
    expect(doc.known.map((k) => k.shape)).toEqual(['"disconnecting"', 'null']);
  });

  it('keeps a known problem known at any volume, and a new value new', () => {
    const baseline: Baseline = { known: writeBaseline([{ violations: [enumValue(0, 'disconnecting')] }]).known, waivers: [] };
    for (const i of [0, 7, 99_999]) expect(classify(enumValue(i, 'disconnecting'), `${LIST} > a`, baseline, today)).toBe('known');
    expect(classify(enumValue(3, 'kicked'), `${LIST} > a`, baseline, today)).toBe('new');
  });

  it('loads an entry written before problems (no shape) and lets it cover any value', () => {
    const baseline = parseBaseline({ version: 1, known: [{ operation: LIST, rule: 'schema.enum', path: '/participants/*/status' }], waivers: [] }, 'old.json');
    expect(classify(enumValue(2, 'kicked'), `${LIST} > a`, baseline, today)).toBe('known');
    expect(classify(enumValue(2, null), `${LIST} > a`, baseline, today)).toBe('known');
  });
});
