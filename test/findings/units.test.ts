/**
 * src/findings, module by module: fingerprints, counts, titles, excerpts, consequences and the first
 * case of each problem. The model end to end is test/problems.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { Violation } from '../../src/types.js';
import { firstIndex, fingerprintKey, fingerprintOf, pathPattern, problemId, valueShape } from '../../src/findings/fingerprint.js';
import { countsPhrase, problemTotals, weight } from '../../src/findings/counts.js';
import { problemTitle } from '../../src/findings/titles.js';
import { excerptAt } from '../../src/findings/excerpt.js';
import { markConsequences, type ConsequenceInput } from '../../src/findings/consequences.js';
import { compareProblems, type Problem } from '../../src/findings/problem.js';
import { firstCases, problemsOfCases } from '../../src/findings/cases.js';

const OP = 'twilio-video.listRoomParticipants';

function violation(rule: string, path: string, actual: unknown, extra: Partial<Violation> = {}): Violation {
  return { rule, severity: 'error', operation: OP, path, expected: 'x', actual, message: `${path} is wrong`, hint: 'fix it', ...extra };
}

describe('fingerprint.ts', () => {
  it.each([
    ['/participants/3/sid', '/participants/*/sid'],
    ['/participants/12/a/0', '/participants/*/a/*'],
    ['/meta/page_size', '/meta/page_size'],
    ['/a1/2b', '/a1/2b'],
    ['#status', '#status'],
    ['', ''],
  ])('pathPattern(%j) is %j', (pointer, pattern) => expect(pathPattern(pointer)).toBe(pattern));

  it.each<[string, number | undefined]>([
    ['/participants/3/sid', 3],
    ['/participants/17', 17],
    ['/meta/page', undefined],
    ['#status', undefined],
  ])('firstIndex(%j) is %j', (path, index) => expect(firstIndex(path)).toBe(index));

  it.each<[unknown, unknown, string]>([
    [null, 'x', 'null'],
    [undefined, 'x', 'missing'],
    ['(missing)', 'x', 'missing'],
    [true, 'x', 'boolean'],
    [3, 'x', 'number'],
    [[1], 'x', 'array'],
    [{}, 'x', 'object'],
    ['(object)', 'x', 'object'],
    ['(array of 4)', 'x', 'array'],
    ['disconnecting', ['connected', 'disconnected'], '"disconnecting"'],
    ['RM123', ['connected'], 'string'],
    ['disconnecting', '^RM[0-9a-f]{32}$', 'string'],
  ])('valueShape(%j, %j) is %s', (actual, expected, shape) => expect(valueShape(actual, expected)).toBe(shape));

  it('the key and the id depend on the fingerprint only; the id is P and 8 hex digits', () => {
    const a = fingerprintOf(violation('schema.enum', '/participants/1/status', 'gone', { expected: ['connected'] }));
    const b = fingerprintOf(violation('schema.enum', '/participants/7/status', 'gone', { expected: ['connected'], message: 'another message' }));
    expect(fingerprintKey(a)).toBe(`${OP} schema.enum /participants/*/status "gone"`);
    expect(problemId(a)).toBe(problemId(b));
    expect(problemId(a)).toMatch(/^P[0-9a-f]{8}$/);
    expect(problemId({ ...a, shape: '"other"' })).not.toBe(problemId(a));
    expect(fingerprintKey({ ...a, pattern: '' })).toBe(`${OP} schema.enum (body) "gone"`);
  });
});

describe('counts.ts', () => {
  it('weight is what a violation stands for', () => {
    expect(weight({})).toBe(1);
    expect(weight({ repeat: 40 })).toBe(40);
  });

  it('problemTotals counts a problem by its strongest severity, and its consequences apart', () => {
    const p = (severity: Problem['severity'], violations: number, fresh: number, consequence = false) =>
      ({ severity, counts: { violations, new: fresh }, ...(consequence ? { consequenceOf: { id: 'P0', reason: 'r' } } : {}) }) as Problem;
    expect(problemTotals([p('error', 5, 5), p('warning', 3, 1), p('error', 2, 0, true)])).toEqual({ problems: 3, causes: 2, violations: 10, errors: 7, warnings: 3, new: 6 });
    expect(problemTotals([])).toEqual({ problems: 0, causes: 0, violations: 0, errors: 0, warnings: 0, new: 0 });
  });

  it.each([
    [{ violations: 7253, items: 7251, cases: 41, exchanges: 179 }, '7,253 violations on 7,251 items in 41 cases, 179 exchanges'],
    [{ violations: 1, items: 0, cases: 1, exchanges: 1 }, '1 violation in 1 case, 1 exchange'],
    [{ violations: 2, items: 1, cases: 0, exchanges: 2 }, '2 violations on 1 item, 2 exchanges'],
  ])('countsPhrase(%j)', (c, phrase) => expect(countsPhrase({ known: 0, waived: 0, new: 0, ...c })).toBe(phrase));
});

describe('titles.ts', () => {
  it.each([
    [{ operation: OP, rule: 'schema.enum', pattern: '/participants/*/status', shape: '"gone"' }, 'x', '/participants/*/status holds the undocumented value "gone" (schema.enum)'],
    [{ operation: OP, rule: 'schema.required', pattern: '/participants/*/sid', shape: 'missing' }, 'x', '/participants/*/sid is missing (schema.required)'],
    [{ operation: OP, rule: 'http.status', pattern: '#status', shape: 'number' }, 'The  API\nanswered 500.', '#status: The API answered 500. (http.status)'],
    [{ operation: OP, rule: 'http.body-json', pattern: '', shape: 'string' }, 'Not JSON.', '(body): Not JSON. (http.body-json)'],
  ])('%j', (f, message, title) => expect(problemTitle(f, { message })).toBe(title));
});

describe('excerpt.ts', () => {
  it('keeps the way to the pointer, nulls the other items of an array on the way, cuts long strings', () => {
    const body = { meta: { key: 'participants' }, participants: [{ sid: 'a' }, { sid: 'b', note: 'x'.repeat(300) }, { sid: 'c' }] };
    expect(excerptAt(body, '/participants/1/sid')).toEqual({ meta: { key: 'participants' }, participants: [null, { sid: 'b', note: `${'x'.repeat(199)}…` }] });
  });

  it('keeps three items of an array off the way, and a __proto__ key as a key', () => {
    const body = JSON.parse('{"list": [1, 2, 3, 4, 5], "__proto__": {"polluted": true}}') as unknown;
    const out = excerptAt(body, '/other') as Record<string, unknown>;
    expect(out.list).toEqual([1, 2, 3]);
    expect(Object.keys(out)).toEqual(['list', '__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('consequences.ts', () => {
  const problem = (id: string, rule: string, shape: string, violations: number, extra: Partial<Problem> = {}, operation = OP): Problem => ({
    id,
    fingerprint: { operation, rule, pattern: '/p', shape },
    severity: 'error',
    title: id,
    hint: '',
    counts: { violations, items: 0, cases: 1, exchanges: 1, known: 0, waived: 0, new: violations },
    samples: [],
    ...extra,
  });
  const input = (p: Problem, exchanges: string[], values: string[] = [], valuesOverflow = false): ConsequenceInput => ({
    problem: p,
    exchanges: new Map(exchanges.map((k) => [k, null])),
    values: new Set(values),
    valuesOverflow,
  });
  const ex = (url: string) => `case\u0000GET ${url}`;

  it('the same undocumented value in another operation follows from the most widespread one', () => {
    const a = input(problem('PA', 'schema.enum', '"gone"', 9), [ex('http://x/a')], ['gone']);
    const b = input(problem('PB', 'schema.enum', '"gone"', 2, {}, 'twilio-video.fetchRoomParticipant'), [ex('http://x/b')], ['gone']);
    markConsequences([b, a]);
    expect(a.problem.consequenceOf).toBeUndefined();
    expect(b.problem.consequenceOf?.id).toBe('PA');
  });

  it('a problem of another rule whose every value is the undocumented one, or whose requests ask for it, follows from it', () => {
    const value = input(problem('PV', 'schema.enum', '"gone"', 9), [ex('http://x/a')], ['gone']);
    const sameValues = input(problem('PF', 'filter.status', 'string', 3), [ex('http://x/c')], ['gone']);
    const asked = input(problem('PQ', 'filter.kept', 'number', 3), [ex('http://x/d?Status=gone')], [], true);
    const mixed = input(problem('PM', 'filter.other', 'string', 3), [ex('http://x/e')], ['gone', 'other']);
    markConsequences([value, sameValues, asked, mixed]);
    expect([sameValues, asked, mixed].map((e) => e.problem.consequenceOf?.id)).toEqual(['PV', 'PV', undefined]);
  });

  it('a walk rule explains what it declares when the responses are shared (pagination.next-page-cycle)', () => {
    const cycle = input(problem('PC', 'pagination.next-page-cycle', 'string', 1), [ex('http://x/1')]);
    const full = input(problem('PF', 'pagination.full-page-before-last', 'number', 5), [ex('http://x/1'), ex('http://x/2')]);
    markConsequences([cycle, full]);
    expect(full.problem.consequenceOf?.id).toBe('PC');
    expect(full.problem.consequenceOf?.reason).toContain('pagination.next-page-cycle explains it');
  });

  it('a warning never explains an error, an informational rule explains nothing, and marks are recomputed', () => {
    const warning = input(problem('PW', 'schema.enum', '"gone"', 9, { severity: 'warning' }), [ex('http://x/a')], ['gone']);
    const error = input(problem('PE', 'filter.status', 'string', 3), [ex('http://x/c')], ['gone']);
    const churn = input(problem('PH', 'pagination.churn-observed', 'object', 9, { severity: 'warning' }), [ex('http://x/1')]);
    const walkWarning = input(problem('PK', 'pagination.page-not-full', 'number', 1, { severity: 'warning', consequenceOf: { id: 'stale', reason: 'stale' } }), [ex('http://x/1')]);
    markConsequences([warning, error, churn, walkWarning]);
    expect([error, churn, walkWarning].map((e) => e.problem.consequenceOf?.id)).toEqual([undefined, undefined, undefined]);
  });
});

describe('problem.ts and cases.ts', () => {
  it('problems are listed errors first, causes before consequences, then by count', () => {
    const p = (id: string, severity: Problem['severity'], violations: number, consequence = false) =>
      ({ id, severity, counts: { violations }, ...(consequence ? { consequenceOf: { id: 'x', reason: '' } } : {}) }) as Problem;
    const sorted = [p('P4', 'warning', 100), p('P3', 'error', 1, true), p('P2', 'error', 5), p('P1', 'error', 5)].sort(compareProblems);
    expect(sorted.map((x) => x.id)).toEqual(['P1', 'P2', 'P3', 'P4']);
  });

  it('the first case of each problem is the first, in the order given, that saw it; its first sample comes from there', () => {
    const v = violation('schema.type', '/participants/0/sid', 3);
    const cases = [
      { id: 'b', violations: [violation('schema.enum', '/participants/0/status', 'gone', { expected: ['connected'] })] },
      { id: 'a', violations: [v, { ...v, path: '/participants/4/sid', repeat: 3 }] },
      { id: 'c', violations: [v] },
    ];
    const first = firstCases(cases);
    const set = problemsOfCases(cases);
    const type = set.list().find((p) => p.fingerprint.rule === 'schema.type');
    expect(first.get(type?.id ?? '')).toBe('a');
    expect(type?.samples[0]?.case).toBe('a');
    expect(type?.counts).toMatchObject({ violations: 5, cases: 2, items: 3 }) // items per exchange: 0 and 4 in a, 0 again in c;
    expect(set.totals()).toMatchObject({ problems: 2, violations: 6, errors: 6 });
  });
});
