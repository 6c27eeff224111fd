/**
 * Issue 18, one count everywhere for undocumented values past the named ones (src/findings
 * fingerprint.ts ValueShapes): cases folded by the run's Outcome, as a run hands them over, fed to every
 * reporter; the coverage report's undocumented values, the JSON, Markdown, HTML, JUnit and annotation
 * counts all come to the problem list, `(other values)` included. Then the baseline round trip: the
 * entries --write-baseline writes are the report's problems, and a later run is classified by them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestCase, TestModule } from 'vitest/node';
import type { Violation } from '../../src/types.js';
import type { CaseMeta } from '../../src/report-types/case-meta.js';
import { NAMED_VALUES, OTHER_VALUES } from '../../src/findings/index.js';
import { parseBaseline, tally, writeBaseline, type Baseline } from '../../src/baseline/index.js';
import { Outcome } from '../../src/run/outcome.js';
import { Redactor } from '../../src/run/redact.js';
import { DEFAULT_SETTINGS } from '../../src/run/target.js';
import type { Session } from '../../src/run/session.js';
import { createReporters } from '../../reporters/index.js';
import type { RunMeta } from '../../src/report-types/run-meta.js';
import { childElements, parseXml, textOf } from './xml.js';
import { tmpDir } from './support.js';
import { perProblemOfCases, phrase, unescapeHtml, type Counts } from './counts.js';

const OP = 'twilio-video.listRoomParticipants';
const STATUS = '/participants/*/status';
const RUN: RunMeta = { tool: 'rollcall', rollcallVersion: '0', vitestVersion: '0', node: 'v20', target: 'unit', kind: 'mock', faults: [], strict: false, startedAt: '2026-01-01T00:00:00.000Z' };
const TODAY = '2026-03-01';

/** A word per index, letters only (an enum-like token): `waa`, `wab`, … */
const word = (i: number): string => `w${String.fromCharCode(97 + (Math.floor(i / 26) % 26))}${String.fromCharCode(97 + (i % 26))}`;
const words = (from: number, to: number): string[] => Array.from({ length: to - from }, (_, i) => word(from + i));

interface Sent {
  /** The case's name; its id is `OP > group > name`. */
  name: string;
  /** One page: the value of each item's status, in item order (`null` a value of another kind). */
  values: Array<string | null>;
  /** Another place: values at each item's `track` instead. */
  at?: string;
}

/** A case's violations as the run folds them (Outcome.keep), judged against `baseline` when given. */
function folded(sent: Sent, baseline?: Baseline): Violation[] {
  const settings = baseline ? { ...DEFAULT_SETTINGS, baseline } : DEFAULT_SETTINGS;
  const session = { target: { settings }, redactor: new Redactor([]), accountSid: () => undefined };
  const o = new Outcome(session as unknown as Session, OP);
  const request = { method: 'GET', url: `http://127.0.0.1:4010/v1/Rooms/room/Participants?page=${sent.name}` };
  sent.values.forEach((actual, i) => {
    const field = sent.at ?? 'status';
    o.addLocated('schema.enum', 'error', { path: `/participants/${i}/${field}`, expected: ['connected', 'disconnected'], actual, message: `${field} is not a documented value.`, hint: `Send a documented ${field}.`, request }, OP);
  });
  return o.violations;
}

/** A vitest TestCase as the reporters read it (reporters/case.ts caseOf): a failed case of the group `words`. */
function testCase(name: string, violations: Violation[]): TestCase {
  const meta: CaseMeta = { operation: OP, violations, exchanges: 1 };
  return {
    name,
    meta: () => ({ rollcall: meta }),
    result: () => ({ state: 'failed', errors: [{ name: 'ConformanceError', message: 'conformance' }] }),
    module: { moduleId: `/suites/${OP}.suite.ts` },
    parent: { type: 'suite', name: 'words' },
    diagnostic: () => ({ duration: 1 }),
  } as unknown as TestCase;
}

/** 20 distinct words in one case, 20 more (10 of them the same) and a null in a second. */
const RUN_SENT: Sent[] = [
  { name: 'first page', values: words(0, 20) },
  { name: 'second page', values: [...words(10, 30), null] },
];

interface JsonProblem { id: string; severity: string; fingerprint: { operation: string; rule: string; pattern: string; shape: string }; counts: Counts; consequenceOf?: { id: string } }
interface JsonReport { totals: Record<string, number>; problems: JsonProblem[]; cases: Array<{ id: string; problems: Array<{ id: string; violations: number }> }> }

let dir: string;
let report: JsonReport;
let annotations: string[];
let cases: Array<{ id: string; violations: Violation[] }>;
const read = (file: string): string => fs.readFileSync(path.join(dir, file), 'utf8');

beforeAll(async () => {
  dir = tmpDir('other-values');
  cases = RUN_SENT.map((s) => ({ id: `${OP} > words > ${s.name}`, violations: folded(s) }));
  const out: string[] = [];
  const reporters = createReporters(['json', 'junit', ['markdown', { env: {} }], 'html', 'coverage', ['github', { write: (t: string) => void out.push(t), env: { GITHUB_ACTIONS: 'true' } }]], { reportDir: dir, run: RUN });
  for (const r of reporters) for (const [i, s] of RUN_SENT.entries()) r.onTestCaseResult?.(testCase(s.name, cases[i]?.violations ?? []));
  for (const r of reporters) await r.onTestRunEnd?.([] as ReadonlyArray<TestModule>, [], 'failed');
  report = JSON.parse(read('rollcall-report.json')) as JsonReport;
  annotations = out.join('').split('\n').filter((l) => /^::(error|warning) /.test(l));
}, 60_000);

const countsOf = (p: JsonProblem): Counts => ({ violations: p.counts.violations, items: p.counts.items, cases: p.counts.cases, exchanges: p.counts.exchanges });
const byId = (): Map<string, JsonProblem> => new Map(report.problems.map((p) => [p.id, p]));

describe('20 distinct words and more: every view counts the problem list', () => {
  it(`the problem list: ${NAMED_VALUES} named words, one "${OTHER_VALUES}" problem with the other 22 words' 32 violations, and the null`, () => {
    expect(report.problems.map((p) => p.fingerprint.shape).sort()).toEqual([...words(0, NAMED_VALUES).map((w) => JSON.stringify(w)), OTHER_VALUES, 'null'].sort());
    const other = report.problems.find((p) => p.fingerprint.shape === OTHER_VALUES);
    expect(other?.counts).toMatchObject({ violations: 12 + 20, cases: 2 });
    expect(report.totals.violations).toBe(20 + 21);
  });

  it('JSON: each case\'s problems are ids of the problem list, and add up to each problem\'s violations and cases', () => {
    expect(perProblemOfCases(report.cases)).toEqual(new Map(report.problems.map((p) => [p.id, { violations: p.counts.violations, cases: p.counts.cases }])));
  });

  it('coverage: one undocumented value per schema.enum problem, its count the problem\'s; past the named words "(other values)", never a word carrying the rest', () => {
    const coverage = JSON.parse(read('rollcall-coverage.json')) as { results: Record<string, number>; undocumentedValues: Array<{ operation: string; pointer: string; value: string; count: number; problem: string }> };
    const expected = report.problems.map((p) => ({ operation: OP, pointer: STATUS, value: p.fingerprint.shape === 'null' ? '(null)' : p.fingerprint.shape === OTHER_VALUES ? OTHER_VALUES : (JSON.parse(p.fingerprint.shape) as string), count: p.counts.violations, problem: p.id }));
    expect([...coverage.undocumentedValues].sort((a, b) => a.problem.localeCompare(b.problem))).toEqual(expected.sort((a, b) => a.problem.localeCompare(b.problem)));
    expect(coverage.undocumentedValues.find((u) => u.value === OTHER_VALUES)?.count).toBe(32);
    // The fold keeps a few of the other words whole and counts the rest on one of them: none of those is a value here.
    for (const w of words(NAMED_VALUES, 30)) expect(coverage.undocumentedValues.some((u) => u.value === w), w).toBe(false);
    const t = report.totals;
    expect(coverage.results).toMatchObject({ problems: t.problems, violations: t.violations, errors: t.errors, warnings: t.warnings, cases: t.cases, failed: t.failed });
  });

  it('Markdown: the totals, each problem shown and the operation x rule row are the problem list\'s; the undocumented values line names "(other values)"', () => {
    const t = report.totals;
    const md = read('rollcall-summary.md');
    expect(md).toContain(`**${t.problems} problems (${t.causes} causes): ${t.errors} errors, ${t.warnings} warnings** in ${t.cases} cases`);
    const shown = [...md.matchAll(/^\d+\. [✗⚠] .* `(P[0-9a-f]{8})`\): (.*)$/gm)];
    expect(shown.length).toBeGreaterThan(0);
    for (const m of shown) expect(phrase(m[2] as string), m[1]).toEqual(countsOf(byId().get(m[1] as string) as JsonProblem));
    expect(md).toContain(`| ${OP} | schema.enum | ${t.errors} | 0 | 2 |`);
    expect(md).toMatch(/Undocumented enum values seen: .*`\(other values\)` at `\/participants\/\*\/status`/);
  });

  it('HTML: every problem with its counts, and the rule table\'s row', () => {
    const html = read('rollcall-report.html');
    const details = [...html.matchAll(/<details class="problem[^"]*" id="(P[0-9a-f]{8})"[^>]*><summary>.*?<span class="counts">([^<]*)<\/span>/g)];
    expect(details.map((m) => m[1]).sort()).toEqual(report.problems.map((p) => p.id).sort());
    for (const m of details) expect(phrase(unescapeHtml(m[2] as string)), m[1]).toEqual(countsOf(byId().get(m[1] as string) as JsonProblem));
    // The case list links each case to exactly its problems of the list.
    const linked = [...html.matchAll(/<tr class="case" id="[^"]+" data-status="[a-z]+">[\s\S]*?<span class="name">([^<]*)<\/span>[\s\S]*?<\/tr>/g)].map((r) => [unescapeHtml(r[1] as string), [...(r[0] as string).matchAll(/<li><a href="#(P[0-9a-f]{8})">/g)].map((m) => m[1]).sort()] as const);
    expect(new Map(linked)).toEqual(new Map(report.cases.map((c) => [c.id.replace(/^.* > /, ''), c.problems.map((p) => p.id).sort()])));
    expect(new Set(linked.flatMap(([, ids]) => ids))).toEqual(new Set(report.problems.map((p) => p.id)));
    expect(html).toContain(`<tr><td class="sev-error">schema.enum</td><td class="n">${report.totals.errors}</td><td class="n">0</td><td class="n">2</td></tr>`);
  });

  it('JUnit: each problem\'s blocks add up to its violations', () => {
    const perProblem = new Map<string, number>();
    for (const suite of childElements(parseXml(read('rollcall-junit.xml')), 'testsuite')) {
      for (const tc of childElements(suite, 'testcase')) {
        for (const el of [...childElements(tc, 'failure'), ...childElements(tc, 'system-out')]) {
          for (const b of textOf(el).matchAll(/^\S+ \((?:error|warning)\) at .*?(?: \(and (\d+) more at [^\n]*\))? \[problem (P[0-9a-f]{8})\]$/gm)) {
            perProblem.set(b[2] as string, (perProblem.get(b[2] as string) ?? 0) + 1 + Number(b[1] ?? 0));
          }
        }
      }
    }
    expect(perProblem).toEqual(new Map(report.problems.map((p) => [p.id, p.counts.violations])));
  });

  it('GitHub annotations: one per cause, with its problem\'s counts', () => {
    const causes = report.problems.filter((p) => !p.consequenceOf);
    expect(annotations).toHaveLength(Math.min(causes.length, 10));
    for (const a of annotations) {
      const m = /^::error title=[^:]+ \((P[0-9a-f]{8})\)::([^%]*)/.exec(a);
      expect(m, a).not.toBeNull();
      const first = (m?.[2] as string).replace(/%25/g, '%');
      expect(phrase(first.slice(first.lastIndexOf(' ('))), m?.[1]).toEqual(countsOf(byId().get(m?.[1] as string) as JsonProblem));
    }
  });
});

/** A run's cases against a baseline: its violations as Outcome marks them, and the tally a run prints. */
function rerun(sent: Sent[], baseline: Baseline) {
  const judged = sent.map((s) => ({ id: `${OP} > words > ${s.name}`, violations: folded(s, baseline) }));
  return tally(judged, baseline, TODAY);
}

/** A baseline as --write-baseline writes it and --baseline reads it back (schema-validated). */
const baselineOf = (sent: Sent[]): Baseline => parseBaseline(JSON.parse(JSON.stringify(writeBaseline(sent.map((s) => ({ violations: folded(s) }))))), 'baseline.json');

describe('baseline: the report\'s problems, and a later run matched against them', () => {
  it('--write-baseline writes one entry per problem of the report, by its id and shape, "(other values)" included', () => {
    const doc = writeBaseline(cases);
    expect(doc.known.map((k) => k.problem).sort()).toEqual(report.problems.map((p) => p.id).sort());
    expect(doc.known.map((k) => k.shape).sort()).toEqual(report.problems.map((p) => p.fingerprint.shape).sort());
    expect(doc.known.find((k) => k.shape === OTHER_VALUES)).toMatchObject({ operation: OP, rule: 'schema.enum', path: STATUS });
  });

  it('silent: a re-run with the same words, in either order, is all known', () => {
    const baseline = baselineOf(RUN_SENT);
    expect(rerun(RUN_SENT, baseline)).toMatchObject({ new: 0, known: 41, unseenKnown: 0 });
    // Reversed, other words come first and are named in the new report; each is still known (by its own entry or the other values').
    const reversed = RUN_SENT.map((s) => ({ ...s, values: [...s.values].reverse() })).reverse();
    expect(rerun(reversed, baseline)).toMatchObject({ new: 0, known: 41 });
  });

  it('a further word where the baseline has "(other values)" is that known problem grown, not new', () => {
    const baseline = baselineOf(RUN_SENT);
    expect(rerun([{ name: 'more', values: [...words(0, 20), word(40), word(41)] }], baseline)).toMatchObject({ new: 0, known: 22 });
  });

  it('firing: a new word where the baseline names every word (no "(other values)") is new, as is a value of another kind', () => {
    const few: Sent[] = [{ name: 'few', values: words(0, 5) }];
    const baseline = baselineOf(few);
    expect(baseline.known.some((k) => k.shape === OTHER_VALUES)).toBe(false);
    expect(rerun(few, baseline)).toMatchObject({ new: 0, known: 5 });
    expect(rerun([{ name: 'few', values: [...words(0, 5), word(50), word(50)] }], baseline)).toMatchObject({ new: 2, known: 5 });
    // "(other values)" covers words only, and only at its own place.
    const wide = baselineOf([{ name: 'first page', values: words(0, 20) }]);
    expect(wide.known.some((k) => k.shape === OTHER_VALUES)).toBe(true);
    expect(rerun([{ name: 'kinds', values: [...words(0, 3), word(60), null] }, { name: 'track', values: [word(2)], at: 'track' }], wide)).toMatchObject({ new: 2, known: 4 });
  });
});
