/**
 * The HTML report's parts on hand-built input: the problem tree (a consequence of a consequence, a
 * cycle: every problem once, under its cause), case anchors, durations, the case list (every case,
 * its skip reason, links to its problems; a case's text escaped), the overview's rows.
 */
import { describe, expect, it } from 'vitest';
import type { ReportCase } from '../../reporters/evidence.js';
import { caseAnchors, casesByProblem, casesSection, duration, problemsOfCase } from '../../reporters/html-cases.js';
import { overviewSection } from '../../reporters/html-overview.js';
import { problemsSection } from '../../reporters/html-problems.js';
import { fingerprintOf, problemId, type Problem } from '../../src/findings/index.js';
import type { Violation } from '../../src/types.js';

function problem(id: string, consequenceOf?: string, operation = 'twilio-video.listRoomParticipants'): Problem {
  return {
    id,
    fingerprint: { operation, rule: 'schema.enum', pattern: '/participants/*/status', shape: '"x"' },
    severity: 'error',
    title: `title of ${id}`,
    hint: 'hint',
    counts: { violations: 1, items: 1, cases: 1, exchanges: 1, known: 0, waived: 0, new: 1 },
    samples: [],
    ...(consequenceOf ? { consequenceOf: { id: consequenceOf, reason: 'because' } } : {}),
  };
}

const violation = (operation: string, rule: string, path: string): Violation =>
  ({ rule, severity: 'error', operation, path, expected: ['a'], actual: 'b', message: 'm', hint: 'h' }) as Violation;

function reportCase(name: string, state: ReportCase['state'], extra: Partial<ReportCase> = {}): ReportCase {
  const operation = extra.operation ?? 'twilio-video.listRoomParticipants';
  return { id: `${operation} > g > ${name}`, operation, group: 'g', name, state, violations: [], exchanges: 1, durationMs: 12, evidence: {}, ...extra };
}

const order = (page: string): string[] => [...page.matchAll(/<details class="problem[^"]*" id="(P\w+)"/g)].map((m) => m[1] as string);

describe('problemsSection', () => {
  it.each([
    ['a cause with a consequence of a consequence', [problem('P1'), problem('P2', 'P1'), problem('P3', 'P2')], ['P1', 'P2', 'P3']],
    ['two causes, consequences listed after their own cause', [problem('P1'), problem('P4'), problem('P2', 'P4'), problem('P3', 'P1')], ['P1', 'P3', 'P4', 'P2']],
    ['a consequence whose cause is not in the list stands as a cause', [problem('P2', 'P9')], ['P2']],
    ['a cycle of consequences still lists each problem once', [problem('P1', 'P2'), problem('P2', 'P1')], ['P1', 'P2']],
  ])('%s', (_name, problems, expected) => {
    const page = problemsSection(problems);
    expect(order(page)).toEqual(expected);
  });

  it('boxes a consequence under its cause', () => {
    const page = problemsSection([problem('P1'), problem('P2', 'P1'), problem('P3', 'P2')]);
    expect(page).toMatch(/<div class="consequences" data-of="P1"><p class="consequences-title">↳ 1 consequence of P1: it follows from it; fix it first\.<\/p><div class="cause-group"><details class="problem sev-error consequence" id="P2"/);
    expect(page).toMatch(/<div class="consequences" data-of="P2">[^]*id="P3"/);
  });
});

describe('case anchors and durations', () => {
  it('gives each case id its own anchor, the same from run to run', () => {
    const cases = Array.from({ length: 2000 }, (_, i) => ({ id: `op > g > case ${i}` }));
    const a = caseAnchors(cases);
    expect(new Set(a.values()).size).toBe(cases.length);
    expect(caseAnchors(cases)).toEqual(a);
    for (const anchor of a.values()) expect(anchor).toMatch(/^case-[0-9a-f]{8}(-\d+)?$/);
  });

  it.each([
    [0, '0 ms'],
    [12.4, '12 ms'],
    [999.4, '999 ms'],
    [1000, '1.0 s'],
    [3240, '3.2 s'],
    [125_000, '2 min 05 s'],
  ])('%d ms reads %s', (ms, text) => {
    expect(duration(ms)).toBe(`<span class="ms" data-ms="${Math.round(ms)}">${text}</span>`);
  });
});

describe('casesSection', () => {
  const op = 'twilio-video.listRoomParticipants';
  const enumViolation = violation(op, 'schema.enum', '/participants/0/status');
  const id = problemId(fingerprintOf(enumViolation));
  const cases = [
    reportCase('PageSize=1001 (out of bounds)', 'passed'),
    reportCase('Status=connected', 'failed', { violations: [enumViolation, { ...enumViolation, path: '/participants/1/status', repeat: 4 }] }),
    reportCase('walk every page at PageSize=1', 'skipped', { skipReason: 'the default list holds 0 participants', durationMs: 0, exchanges: 0 }),
    reportCase('<img src=x onerror=alert(1)>', 'skipped'),
  ];
  const cause: Problem = { ...problem(id), samples: [{ case: cases[1]?.id, path: '/participants/0/status', expected: ['a'], actual: 'b', message: 'm' }] };
  const page = casesSection(cases, [cause], caseAnchors(cases));

  it('lists every case with its state, name, duration and exchanges', () => {
    const rows = [...page.matchAll(/<tr class="case" id="(case-[0-9a-f]{8})" data-status="([a-z]+)">/g)];
    expect(rows.map((r) => r[2])).toEqual(['passed', 'failed', 'skipped', 'skipped']);
    expect(page).toContain('<span class="name">PageSize=1001 (out of bounds)</span>');
    expect(page).toContain('<td class="n"><span class="ms" data-ms="12">12 ms</span></td><td class="n">1</td>');
  });

  it('links a failing case to its problem (violations counted with repeat) and to the sample it gave', () => {
    expect(problemsOfCase(cases[1] as ReportCase)).toEqual(new Map([[id, 5]]));
    expect(casesByProblem(cases)).toEqual(new Map([[id, [cases[1]?.id]]]));
    expect(page).toContain(`<li><a href="#${id}">${id}</a> <code>schema.enum</code> at <code>/participants/*/status</code> <span class="note">×5</span> <a href="#${id}-s0">sample 1</a></li>`);
  });

  it('says why a case was skipped, and that no reason was given when none was', () => {
    expect(page).toContain('<span class="skip-reason">skipped: the default list holds 0 participants</span>');
    expect(page).toContain('<span class="skip-reason">skipped (no reason given)</span>');
  });

  it('escapes a case name: no markup from it', () => {
    expect(page).not.toContain('<img');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('overviewSection', () => {
  it('sums an API over its operations, and the run over every API', () => {
    const a = 'twilio-video.listRoomParticipants';
    const b = 'twilio-video.fetchRoomParticipant';
    const c = 'telnyx.listRoomSessionParticipants';
    const byOp = new Map([
      [a, [reportCase('1', 'passed', { operation: a }), reportCase('2', 'failed', { operation: a })]],
      [b, [reportCase('3', 'skipped', { operation: b })]],
      [c, [reportCase('4', 'passed', { operation: c })]],
    ]);
    const page = overviewSection([c, b, a], byOp, [problem('P1', undefined, a), problem('P2', 'P1', b)], (o) => `op-${o}`);
    const row = (re: RegExp): number[] => [...(re.exec(page)?.[1] ?? '').matchAll(/<td class="n[^"]*">(?:<a [^>]*>|<span class="zero">)?(\d+)</g)].map((m) => Number(m[1]));
    // cases, passed, failed, skipped, problems, causes, errors, warnings
    expect(row(/<tr class="api" data-api="twilio-video">(.*?)<\/tr>/)).toEqual([3, 1, 1, 1, 2, 1, 2, 0]);
    expect(row(/<tr class="api" data-api="telnyx">(.*?)<\/tr>/)).toEqual([1, 1, 0, 0, 0, 0, 0, 0]);
    expect(row(/<tr class="op" data-operation="twilio-video.fetchRoomParticipant">(.*?)<\/tr>/)).toEqual([1, 0, 0, 1, 1, 0, 1, 0]);
    expect(row(/<tr class="total">(.*?)<\/tr>/)).toEqual([4, 2, 1, 1, 2, 1, 2, 0]);
    expect(page).toContain('<a class="count" href="#cases" data-status="failed" data-q="twilio-video.listRoomParticipants">1</a>');
  });
});
