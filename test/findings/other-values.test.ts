/**
 * Issue 18, bounded whatever the values: an undocumented value is a problem of its own (its value is
 * in the fingerprint), but only for the first NAMED_VALUES values of a place (operation, rule, path
 * pattern); further values share one OTHER_VALUES problem that counts them, so that a target sending a
 * new word per item costs a bounded number of problems. Every violation is still counted, the same way
 * by ProblemSet, firstCases and a case's fold (src/run/outcome.ts Outcome.keep).
 */
import { describe, expect, it } from 'vitest';
import type { Violation } from '../../src/types.js';
import { firstCases, NAMED_VALUES, OTHER_VALUES, problemsOfCases, ProblemSet, problemTotals, weight, type Problem } from '../../src/findings/index.js';
import { Outcome } from '../../src/run/outcome.js';
import { Redactor } from '../../src/run/redact.js';
import { DEFAULT_SETTINGS } from '../../src/run/target.js';
import type { Session } from '../../src/run/session.js';

const OP = 'twilio-video.listRoomParticipants';
const REQUEST = { method: 'GET', url: 'http://127.0.0.1:4010/v1/Rooms/RM1/Participants?PageSize=50' };

/** A word per index, letters only (an enum-like token): `wab`, `wac`, … */
const word = (i: number): string => `w${String.fromCharCode(97 + Math.floor(i / 26) % 26)}${String.fromCharCode(97 + (i % 26))}`;

/** A distinct word for any index: base 26, its digits as capitals. */
const anyWord = (i: number): string => `w${i.toString(26).replace(/\d/g, (d) => String.fromCharCode(65 + Number(d)))}`;

function undocumented(actual: string, index: number, extra: Partial<Violation> = {}): Violation {
  return { rule: 'schema.enum', severity: 'error', operation: OP, path: `/participants/${index}/status`, expected: ['documented'], actual, message: 'status is not a documented value.', hint: 'Send a documented status.', request: REQUEST, ...extra };
}

function problemsOf(violations: Violation[]): Problem[] {
  const set = new ProblemSet();
  for (const v of violations) set.add(v, { case: 'case' });
  return set.list();
}

const shapes = (problems: Problem[]) => problems.map((p) => p.fingerprint.shape).sort();

describe('ProblemSet: named values, then one problem for the other values', () => {
  it(`20 distinct words: ${NAMED_VALUES} named problems and one "${OTHER_VALUES}" problem counting the other 12, totals exact`, () => {
    const violations = Array.from({ length: 20 }, (_, i) => undocumented(word(i), i));
    const set = new ProblemSet();
    for (const v of violations) set.add(v, { case: 'case' });
    const problems = set.list();
    expect(problems).toHaveLength(NAMED_VALUES + 1);
    expect(shapes(problems)).toEqual([...Array.from({ length: NAMED_VALUES }, (_, i) => JSON.stringify(word(i))), OTHER_VALUES].sort());
    const other = problems.find((p) => p.fingerprint.shape === OTHER_VALUES);
    expect(other?.counts).toMatchObject({ violations: 12, items: 12, exchanges: 1, cases: 1, new: 12 });
    expect(other?.fingerprint).toMatchObject({ operation: OP, rule: 'schema.enum', pattern: '/participants/*/status' });
    // The title says how many and quotes the first few other values.
    expect(other?.title).toBe(`/participants/*/status holds undocumented values past the ${NAMED_VALUES} named (12 other values: "${word(8)}", "${word(9)}", "${word(10)}", …) (schema.enum)`);
    // Its samples are other values, distinct.
    expect(other?.samples.map((s) => s.actual)).toEqual([word(8), word(9), word(10)]);
    for (const p of problems.filter((x) => x !== other)) expect(p.counts.violations).toBe(1);
    expect(set.totals()).toMatchObject({ problems: NAMED_VALUES + 1, violations: 20, errors: 20 });
    expect(problemTotals(problems)).toMatchObject({ problems: NAMED_VALUES + 1, violations: 20, errors: 20 });
  });

  it('3 distinct words: 3 named problems, no other-values problem', () => {
    const problems = problemsOf(Array.from({ length: 30 }, (_, i) => undocumented(word(i % 3), i)));
    expect(shapes(problems)).toEqual([word(0), word(1), word(2)].map((w) => JSON.stringify(w)).sort());
    expect(problems.map((p) => p.counts.violations)).toEqual([10, 10, 10]);
    expect(problems.every((p) => p.title.includes('holds the undocumented value'))).toBe(true);
  });

  it(`exactly ${NAMED_VALUES} words, each sent many times: all named`, () => {
    const problems = problemsOf(Array.from({ length: 400 }, (_, i) => undocumented(word(i % NAMED_VALUES), i)));
    expect(problems).toHaveLength(NAMED_VALUES);
    expect(problems.some((p) => p.fingerprint.shape === OTHER_VALUES)).toBe(false);
  });

  it('a named value stays named after the cap; the cap is per place (another path or operation names its own)', () => {
    const here = Array.from({ length: 12 }, (_, i) => undocumented(word(i), i));
    const again = undocumented(word(0), 50);
    const elsewhere = Array.from({ length: 12 }, (_, i) => undocumented(word(i + 100), i, { path: `/participants/${i}/track`, message: 'track is not a documented value.' }));
    const problems = problemsOf([...here, again, ...elsewhere]);
    const at = (pattern: string) => problems.filter((p) => p.fingerprint.pattern === pattern);
    expect(at('/participants/*/status').find((p) => p.fingerprint.shape === JSON.stringify(word(0)))?.counts.violations).toBe(2);
    expect(at('/participants/*/status').find((p) => p.fingerprint.shape === OTHER_VALUES)?.counts.violations).toBe(4);
    expect(at('/participants/*/track')).toHaveLength(NAMED_VALUES + 1);
    expect(at('/participants/*/track').find((p) => p.fingerprint.shape === OTHER_VALUES)?.counts.violations).toBe(4);
  });

  it('values that are not enum-like (no list of documented values) are not capped: one "string" problem', () => {
    const problems = problemsOf(Array.from({ length: 20 }, (_, i) => undocumented(word(i), i, { rule: 'schema.pattern', expected: '^PA' })));
    expect(shapes(problems)).toEqual(['string']);
  });

  it('holds a bounded number of problems however many distinct words come', () => {
    const sizes = [200, 5_000].map((n) => {
      const set = new ProblemSet();
      for (let i = 0; i < n; i++) set.add(undocumented(anyWord(i), i), { case: 'case' });
      return { problems: set.size, violations: set.totals().violations };
    });
    expect(sizes).toEqual([
      { problems: NAMED_VALUES + 1, violations: 200 },
      { problems: NAMED_VALUES + 1, violations: 5_000 },
    ]);
  });

  it('"first in" names the case that first saw the other-values problem, by the id every report uses', () => {
    const a = { id: 'case a', violations: Array.from({ length: NAMED_VALUES }, (_, i) => undocumented(word(i), i)) };
    const b = { id: 'case b', violations: [undocumented(word(40), 0), undocumented(word(41), 1)] };
    const c = { id: 'case c', violations: [undocumented(word(42), 0)] };
    const problems = problemsOfCases([a, b, c]).list();
    const first = firstCases([a, b, c]);
    const other = problems.find((p) => p.fingerprint.shape === OTHER_VALUES);
    expect(other?.counts).toMatchObject({ violations: 3, cases: 2 });
    expect(first.get(other?.id ?? '')).toBe('case b');
    // Every problem has its "first in", and no id is left without a problem.
    expect([...first.keys()].sort()).toEqual(problems.map((p) => p.id).sort());
  });
});

/** An Outcome that holds only what its fold reads (findings added with addLocated need no catalog). */
function outcome(): Outcome {
  const session = { target: { settings: DEFAULT_SETTINGS }, redactor: new Redactor([]), accountSid: () => undefined };
  return new Outcome(session as unknown as Session, OP);
}

describe('a case folds distinct words as the problems count them (Outcome.keep)', () => {
  it.each([200, 5_000])('%i distinct words on a page: a bounded number of entries, the same problems as every violation unfolded', (n) => {
    const o = outcome();
    const all: Violation[] = [];
    for (let i = 0; i < n; i++) {
      const v = undocumented(anyWord(i), i);
      all.push(v);
      o.addLocated(v.rule, v.severity, v, OP);
    }
    // Per named value one entry (each sent once); for the other values 5 whole and one that counts the rest.
    expect(o.violations).toHaveLength(NAMED_VALUES + 6);
    expect(o.violations.reduce((s, v) => s + weight(v), 0)).toBe(n);
    const folded = problemsOfCases([{ id: 'case', violations: o.violations }]).list();
    const raw = problemsOfCases([{ id: 'case', violations: all }]).list();
    const counts = (ps: Problem[]) => Object.fromEntries(ps.map((p) => [p.id, { ...p.counts, title: p.title }]));
    expect(counts(folded)).toEqual(counts(raw));
    expect(folded.find((p) => p.fingerprint.shape === OTHER_VALUES)?.counts).toMatchObject({ violations: n - NAMED_VALUES, items: n - NAMED_VALUES });
  });
});
