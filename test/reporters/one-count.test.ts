/**
 * One count everywhere: a single multi-fault run (two faults, every API, both vitest passes, some cases
 * skipped by vitest through --grep) with every reporter into one directory, and every number each view
 * prints compared with the problem list of the JSON report: per problem, per operation and rule, per
 * rule and path pattern, per field chart, and the totals of violations and of cases (passed, failed,
 * skipped) in the console, JSON, Markdown (and the step summary), HTML, JUnit, the GitHub annotations
 * and the coverage report. "first in" names the same case in the live line, the summary, JSON and HTML.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestResult } from 'vitest/node';
import { caseState } from '../../reporters/case.js';
import { childElements, parseXml, textOf, type XmlElement } from './xml.js';
import { tmpDir, type Run } from './support.js';
import { unwrapLines } from '../../src/run/console.js';
import { FIRST_SEEN, runInProcess } from './one-count.support.js';

interface Counts {
  violations: number;
  items: number;
  cases: number;
  exchanges: number;
}
interface Problem {
  id: string;
  severity: 'error' | 'warning';
  fingerprint: { operation: string; rule: string; pattern: string; shape: string };
  counts: Counts;
  consequenceOf?: { id: string };
  firstCase?: string;
}
interface Report {
  totals: { cases: number; passed: number; failed: number; skipped: number; errors: number; warnings: number; exchanges: number; problems: number; causes: number; violations: number };
  problems: Problem[];
  cases: Array<{ id: string; operation: string; group: string; name: string; state: 'passed' | 'failed' | 'skipped'; transportError?: string; error?: string; violationCount: number; problems: Array<{ id: string; violations: number }> }>;
}

// Cases whose names do not match are left out by vitest's test-name filter: vitest reports them skipped. The cases
// that first see each problem of the two faults (every problem of the whole run shows), and some of telnyx's, which
// pass: each state in numbers, at about 60 cases run of 466.
const GREP = `${FIRST_SEEN}|filter\\[date_left_at\\]|page\\[`;

let run: Run;
let report: Report;
let stepSummary: string;
let byId: Map<string, Problem>;
/** The console's lines as rollcall wrote them: off a terminal they are wrapped at 120 columns (src/run/console.ts). */
let stdout: string;

beforeAll(async () => {
  stepSummary = path.join(tmpDir('one-count'), 'step-summary.md');
  // COLUMNS unset (empty): the console as a CI log shows it, wrapped at 120 columns, read back by unwrapLines.
  // No consistency budget: under enum-drift the kick never shows, and its case re-read for the default 10 s.
  run = await runInProcess(['--faults', 'enum-drift,next-page-loop', '--grep', GREP], { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: stepSummary, COLUMNS: '' }, { consistencyBudgetMs: 0 });
  report = run.report as unknown as Report;
  byId = new Map(report.problems.map((p) => [p.id, p]));
  stdout = unwrapLines(run.stdout).join('\n');
}, 180_000);

const num = (text: string | undefined): number => Number((text ?? 'NaN').replace(/,/g, ''));

/** countsPhrase (src/findings/counts.ts) read back: `7,253 violations on 7,251 items in 41 cases, 179 exchanges`. */
const PHRASE = /(\d[\d,]*) violations?(?: on (\d[\d,]*) items?)?(?: in (\d[\d,]*) cases?)?, (\d[\d,]*) exchanges?/;
function phrase(text: string): Counts | undefined {
  const m = PHRASE.exec(text);
  if (!m) return undefined;
  return { violations: num(m[1]), items: m[2] === undefined ? 0 : num(m[2]), cases: m[3] === undefined ? 0 : num(m[3]), exchanges: num(m[4]) };
}
const countsOf = (p: Problem): Counts => ({ violations: p.counts.violations, items: p.counts.items, cases: p.counts.cases, exchanges: p.counts.exchanges });

const unescapeHtml = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** The sum of the problems' violations under a key of their fingerprint, by severity. */
function sums(key: (p: Problem) => string): Map<string, { errors: number; warnings: number }> {
  const out = new Map<string, { errors: number; warnings: number }>();
  for (const p of report.problems) {
    const row = out.get(key(p)) ?? { errors: 0, warnings: 0 };
    if (p.severity === 'error') row.errors += p.counts.violations;
    else row.warnings += p.counts.violations;
    out.set(key(p), row);
  }
  return out;
}

/** Cases that saw any problem under a key (from the JSON report's cases and their problem ids). */
function caseCounts(key: (p: Problem) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of report.cases) {
    const keys = new Set(c.problems.map((x) => key(byId.get(x.id) as Problem)));
    for (const k of keys) out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}

const ruleKey = (p: Problem): string => `${p.fingerprint.operation} ${p.fingerprint.rule}`;
const groupKey = (p: Problem): string => `${p.fingerprint.operation} ${p.fingerprint.rule} ${p.fingerprint.pattern}`;

function statesByOperation(): Map<string, { passed: number; failed: number; skipped: number }> {
  const out = new Map<string, { passed: number; failed: number; skipped: number }>();
  for (const c of report.cases) {
    const s = out.get(c.operation) ?? { passed: 0, failed: 0, skipped: 0 };
    s[c.state]++;
    out.set(c.operation, s);
  }
  return out;
}

describe('one multi-fault run, every reporter', () => {
  it('fails on the faults, skips the cases the name filter leaves out, and finds problems of several rules and operations', () => {
    expect(run.code, run.stdout.slice(-2000) + run.stderr.slice(-2000)).toBe(1);
    expect(report.totals.skipped).toBeGreaterThan(20);
    expect(report.totals.passed).toBeGreaterThan(20);
    expect(report.totals.failed).toBeGreaterThan(20);
    expect(new Set(report.problems.map((p) => p.fingerprint.operation)).size).toBeGreaterThanOrEqual(3);
    expect(report.problems.some((p) => p.fingerprint.rule === 'schema.enum')).toBe(true);
    expect(report.problems.some((p) => p.fingerprint.rule === 'pagination.next-page-cycle')).toBe(true);
  });

  it('JSON: the totals, the cases and each case\'s problems add up to the problem list', () => {
    const t = report.totals;
    expect(t.violations).toBe(report.problems.reduce((n, p) => n + p.counts.violations, 0));
    expect(t.errors + t.warnings).toBe(t.violations);
    expect(t.errors).toBe(report.problems.filter((p) => p.severity === 'error').reduce((n, p) => n + p.counts.violations, 0));
    expect(t.problems).toBe(report.problems.length);
    expect(t.causes).toBe(report.problems.filter((p) => !p.consequenceOf).length);
    expect(t.cases).toBe(report.cases.length);
    for (const state of ['passed', 'failed', 'skipped'] as const) expect(t[state], state).toBe(report.cases.filter((c) => c.state === state).length);
    expect(t.violations).toBe(report.cases.reduce((n, c) => n + c.violationCount, 0));
    const perProblem = new Map<string, { violations: number; cases: number }>();
    for (const c of report.cases) {
      for (const x of c.problems) {
        const e = perProblem.get(x.id) ?? { violations: 0, cases: 0 };
        e.violations += x.violations;
        e.cases++;
        perProblem.set(x.id, e);
      }
    }
    for (const p of report.problems) expect(perProblem.get(p.id), p.id).toEqual({ violations: p.counts.violations, cases: p.counts.cases });
  });

  it('console: the summary counts each problem, its consequences and the totals as the JSON report does', () => {
    const t = report.totals;
    const n = (x: number) => x.toLocaleString('en-US');
    const lines = stdout.split('\n');
    const head = lines.findIndex((l) => /^\d[\d,]* problems? \(/.test(l));
    expect(head, stdout.slice(-3000)).toBeGreaterThan(0);
    expect(lines[head]).toBe(`${n(t.problems)} problems (${n(t.causes)} causes, ${n(t.problems - t.causes)} consequences): ${n(t.errors)} error violations, ${n(t.warnings)} warning violations`);
    expect(stdout).toContain(`\n${t.cases} cases: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped; ${t.errors} errors, ${t.warnings} warnings in ${t.problems} problems; ${t.exchanges} exchanges\n`);
    const seen = new Set<string>();
    for (let i = head + 1; i < lines.length; i++) {
      const line = lines[i] as string;
      const cause = /^ {2}[✗!] (P[0-9a-f]{8}) (\S+): /.exec(line);
      if (cause) {
        const p = byId.get(cause[1] as string) as Problem;
        expect(p, line).toBeDefined();
        expect(cause[2]).toBe(p.fingerprint.operation);
        expect(phrase(lines[i + 1] ?? ''), p.id).toEqual(countsOf(p));
        seen.add(p.id);
      }
      const consequence = /^ {6}↳ (P[0-9a-f]{8}) consequence: (\S+) (\S+) at (\S+): (.*)$/.exec(line);
      if (consequence) {
        const p = byId.get(consequence[1] as string) as Problem;
        expect([consequence[2], consequence[3], consequence[4]]).toEqual([p.fingerprint.operation, p.fingerprint.rule, p.fingerprint.pattern || '(body)']);
        expect(phrase(consequence[5] as string), p.id).toEqual(countsOf(p));
        seen.add(p.id);
      }
    }
    expect([...seen].sort()).toEqual(report.problems.map((p) => p.id).sort());
    // The live line of each suite: its cases by state.
    const suites = [...stdout.matchAll(/^[✓✗-] (\S+): (\d+) passed, (\d+) failed, (\d+) skipped$/gm)].map((m) => [m[1], { passed: Number(m[2]), failed: Number(m[3]), skipped: Number(m[4]) }] as const);
    expect(new Map(suites)).toEqual(statesByOperation());
  });

  it('"first in": the live line, the summary, the JSON report and HTML name the same case, the first that saw the problem', () => {
    // The live line ends `  (first in CASE)` (a wrap there leaves one space).
    const live = new Map([...stdout.matchAll(/^ {2}[✗!] (P[0-9a-f]{8}) .* {1,2}\(first in (.*)\)$/gm)].map((m) => [m[1] as string, m[2] as string]));
    const summary = new Map([...stdout.matchAll(/^ {2}[✗!] (P[0-9a-f]{8}) .*\n {4}.*; first in (.*)$/gm)].map((m) => [m[1] as string, m[2] as string]));
    expect(live.size).toBe(report.problems.length);
    expect(summary.size).toBe(report.problems.filter((p) => !p.consequenceOf).length);
    for (const [id, c] of summary) expect(c, id).toBe(live.get(id));
    for (const p of report.problems) expect(p.firstCase, p.id).toBe(live.get(p.id));
    const html = run.read('rollcall-report.html');
    const htmlFirst = new Map([...html.matchAll(/<details class="problem[^"]*" id="(P[0-9a-f]{8})"[\s\S]*?<dd class="first-in">([^<]*)<\/dd>/g)].map((m) => [m[1] as string, unescapeHtml(m[2] as string)]));
    expect(htmlFirst).toEqual(live);
  });

  it('Markdown (and the step summary): totals, each problem shown, its consequences, the operation x rule table', () => {
    const t = report.totals;
    const md = run.read('rollcall-summary.md');
    expect(fs.readFileSync(stepSummary, 'utf8')).toBe(md);
    expect(md).toContain(`**${t.problems} problems (${t.causes} causes): ${t.errors} errors, ${t.warnings} warnings** in ${t.cases} cases (${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped), ${t.exchanges} exchanges.`);
    const shown = [...md.matchAll(/^\d+\. [✗⚠] .* `(P[0-9a-f]{8})`\): (.*)$/gm)];
    expect(shown.length).toBeGreaterThan(0);
    for (const m of shown) expect(phrase(m[2] as string), m[1]).toEqual(countsOf(byId.get(m[1] as string) as Problem));
    const more = /^and (\d+) more problems \((\d+) violations\)/m.exec(md);
    const causes = report.problems.filter((p) => !p.consequenceOf);
    if (more) expect(causes.slice(shown.length).reduce((n, p) => n + p.counts.violations, 0)).toBe(Number(more[2]));
    else expect(shown.length).toBe(causes.length);
    const rules = sums(ruleKey);
    const cases = caseCounts(ruleKey);
    const rows = [...md.matchAll(/^\| (\S+) \| (\S+) \| (\d+) \| (\d+) \| (\d+) \|$/gm)];
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      const key = `${r[1]} ${r[2]}`;
      expect({ ...rules.get(key), cases: cases.get(key) }, key).toEqual({ errors: Number(r[3]), warnings: Number(r[4]), cases: Number(r[5]) });
    }
    const rest = /^and (\d+) more rows \((\d+) errors, (\d+) warnings\)\.$/m.exec(md);
    const shownErrors = rows.reduce((n, r) => n + Number(r[3]), 0) + Number(rest?.[2] ?? 0);
    const shownWarnings = rows.reduce((n, r) => n + Number(r[4]), 0) + Number(rest?.[3] ?? 0);
    expect([shownErrors, shownWarnings]).toEqual([t.errors, t.warnings]);
    expect(rows.length + Number(rest?.[1] ?? 0)).toBe(rules.size);
  });

  it('HTML: header, problems, and per operation its rules, groups by path pattern and field charts add up to the problem list', () => {
    const t = report.totals;
    const html = run.read('rollcall-report.html');
    expect(html).toContain(`${t.errors} errors, ${t.warnings} warnings, ${t.exchanges} exchanges (${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped).`);
    const details = [...html.matchAll(/<details class="problem[^"]*" id="(P[0-9a-f]{8})"[^>]*><summary>.*?<span class="counts">([^<]*)<\/span>/g)];
    expect(details.map((m) => m[1]).sort()).toEqual(report.problems.map((p) => p.id).sort());
    for (const m of details) expect(phrase(unescapeHtml(m[2] as string)), m[1]).toEqual(countsOf(byId.get(m[1] as string) as Problem));

    const rules = sums(ruleKey);
    const ruleCases = caseCounts(ruleKey);
    const groups = sums(groupKey);
    const groupCases = caseCounts(groupKey);
    const fields = sums((p) => `${p.fingerprint.operation} ${p.fingerprint.pattern} ${p.fingerprint.rule}`);
    const states = statesByOperation();
    const sections = [...html.matchAll(/<section class="operation" id="[^"]*" data-operation="([^"]+)">([\s\S]*?)<\/section>/g)];
    expect(sections.map((s) => s[1]).sort()).toEqual([...new Set([...report.cases.map((c) => c.operation), ...report.problems.map((p) => p.fingerprint.operation)])].sort());
    let ruleRows = 0;
    let groupRows = 0;
    let bars = 0;
    const totals = { errors: 0, warnings: 0 };
    for (const [, operation, body] of sections as Array<[string, string, string]>) {
      const own = report.problems.filter((p) => p.fingerprint.operation === operation);
      const s = states.get(operation) ?? { passed: 0, failed: 0, skipped: 0 };
      const errors = own.filter((p) => p.severity === 'error').reduce((n, p) => n + p.counts.violations, 0);
      const warnings = own.filter((p) => p.severity === 'warning').reduce((n, p) => n + p.counts.violations, 0);
      expect(body, operation).toContain(`${s.passed + s.failed + s.skipped} cases: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped;`);
      expect(body, operation).toContain(`Its problems: ${errors} errors, ${warnings} warnings.`);
      const rulesTable = /<table class="rules">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(body)?.[1] ?? '';
      for (const r of rulesTable.matchAll(/<tr><td class="sev-[a-z]+">([^<]+)<\/td><td class="n">(\d+)<\/td><td class="n">(\d+)<\/td><td class="n">(\d+)<\/td><\/tr>/g)) {
        const key = `${operation} ${unescapeHtml(r[1] as string)}`;
        expect({ ...rules.get(key), cases: ruleCases.get(key) }, key).toEqual({ errors: Number(r[2]), warnings: Number(r[3]), cases: Number(r[4]) });
        totals.errors += Number(r[2]);
        totals.warnings += Number(r[3]);
        ruleRows++;
      }
      const groupsTable = /<table class="groups">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(body)?.[1] ?? '';
      for (const r of groupsTable.matchAll(/<tr><td><code>([^<]*)<\/code><\/td><td class="sev-[a-z]+">([^<]+)<\/td><td class="n">(\d+)<\/td><td class="n">(\d+)<\/td>/g)) {
        const pattern = unescapeHtml(r[1] as string);
        const key = `${operation} ${unescapeHtml(r[2] as string)} ${pattern === '(body)' ? '' : pattern}`;
        const g = groups.get(key);
        expect({ count: (g?.errors ?? NaN) + (g?.warnings ?? 0), cases: groupCases.get(key) }, key).toEqual({ count: Number(r[3]), cases: Number(r[4]) });
        groupRows++;
      }
      // Each field's "violations by rule" chart: one bar per rule, the problems at that field summed.
      for (const chart of body.matchAll(/<svg class="chart" role="img" aria-label="violations at ([^"]+)"[\s\S]*?<\/svg>/g)) {
        const pointer = unescapeHtml(chart[1] as string);
        for (const bar of (chart[0] as string).matchAll(/<g class="row"><title>([^<]+): (\d+)<\/title>/g)) {
          const key = `${operation} ${pointer} ${unescapeHtml(bar[1] as string)}`;
          const f = fields.get(key);
          expect((f?.errors ?? NaN) + (f?.warnings ?? 0), key).toBe(Number(bar[2]));
          bars++;
        }
      }
    }
    expect(ruleRows).toBe(rules.size);
    expect(groupRows).toBe(groups.size);
    expect(totals).toEqual({ errors: t.errors, warnings: t.warnings });
    expect(bars).toBeGreaterThan(0);
    expect(bars).toBe(report.problems.filter((p) => p.fingerprint.pattern.startsWith('/')).length === 0 ? 0 : new Set(report.problems.filter((p) => p.fingerprint.pattern.startsWith('/')).map((p) => `${p.fingerprint.operation} ${p.fingerprint.pattern} ${p.fingerprint.rule}`)).size);
  });

  it('HTML overview: per operation, per API and for the run, its cases by state and its problems, causes, errors and warnings add up to the problem list', () => {
    const html = run.read('rollcall-report.html');
    const overview = /<section id="overview">[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    const numbers = (cells: string): number[] => [...cells.matchAll(/<td class="n[^"]*">(?:<a [^>]*>|<span class="zero">)?(\d+)</g)].map((m) => Number(m[1]));
    const states = statesByOperation();
    const expected = (problems: Problem[], s: { passed: number; failed: number; skipped: number }): number[] => [
      s.passed + s.failed + s.skipped,
      s.passed,
      s.failed,
      s.skipped,
      problems.length,
      problems.filter((p) => !p.consequenceOf).length,
      problems.filter((p) => p.severity === 'error').reduce((n, p) => n + p.counts.violations, 0),
      problems.filter((p) => p.severity === 'warning').reduce((n, p) => n + p.counts.violations, 0),
    ];
    const rows = [...overview.matchAll(/<tr class="(op|api|total)"(?: data-(?:operation|api)="([^"]+)")?>([\s\S]*?)<\/tr>/g)];
    const operations = [...new Set([...report.cases.map((c) => c.operation), ...report.problems.map((p) => p.fingerprint.operation)])].sort();
    expect(rows.filter((r) => r[1] === 'op').map((r) => r[2])).toEqual(operations);
    expect(rows.filter((r) => r[1] === 'api').map((r) => r[2])).toEqual([...new Set(operations.map((o) => o.split('.')[0]))]);
    for (const row of rows) {
      const [kind, name, cells] = [row[1] as string, row[2], row[3] as string];
      const inRow = (operation: string): boolean => kind === 'total' || (kind === 'op' ? operation === name : operation.split('.')[0] === name);
      const s = { passed: 0, failed: 0, skipped: 0 };
      for (const [operation, x] of states) if (inRow(operation)) for (const k of ['passed', 'failed', 'skipped'] as const) s[k] += x[k];
      expect(numbers(cells).slice(0, 8), `${kind} ${name ?? ''}`).toEqual(expected(report.problems.filter((p) => inRow(p.fingerprint.operation)), s));
    }
    const t = report.totals;
    expect(numbers(rows.find((r) => r[1] === 'total')?.[3] ?? '').slice(0, 8)).toEqual([t.cases, t.passed, t.failed, t.skipped, t.problems, t.causes, t.errors, t.warnings]);
  });

  it('HTML case list: every case of the JSON report, its state, and links to exactly its problems', () => {
    const html = run.read('rollcall-report.html');
    const rows = [...html.matchAll(/<tr class="case" id="[^"]+" data-status="([a-z]+)">[\s\S]*?<span class="name">([^<]*)<\/span> <span class="where">([^<]*)<\/span>([\s\S]*?)<\/tr>/g)];
    const key = (state: string, name: string, where: string): string => `${state} ${name} | ${where}`;
    expect(rows.map((r) => key(r[1] as string, unescapeHtml(r[2] as string), unescapeHtml(r[3] as string))).sort()).toEqual(
      report.cases.map((c) => key(c.state, c.name, [c.operation, c.group].filter(Boolean).join(' › '))).sort(),
    );
    const linked = new Map(rows.map((r) => [key(r[1] as string, unescapeHtml(r[2] as string), unescapeHtml(r[3] as string)), [...(r[4] as string).matchAll(/<li><a href="#(P[0-9a-f]{8})">/g)].map((m) => m[1]).sort()]));
    for (const c of report.cases) {
      const k = key(c.state, c.name, [c.operation, c.group].filter(Boolean).join(' › '));
      expect(linked.get(k), k).toEqual(c.problems.map((p) => p.id).sort());
    }
  });

  it('JUnit: cases by state, and every problem\'s blocks add up to its count', () => {
    const t = report.totals;
    const root = parseXml(run.read('rollcall-junit.xml'));
    const failures = report.cases.filter((c) => c.state === 'failed' && !c.transportError && !c.error).length;
    const errors = report.cases.filter((c) => c.state === 'failed' && (c.transportError || c.error)).length;
    expect({ tests: root.attrs.tests, failures: root.attrs.failures, errors: root.attrs.errors, skipped: root.attrs.skipped }).toEqual({ tests: String(t.cases), failures: String(failures), errors: String(errors), skipped: String(t.skipped) });
    expect(failures + errors).toBe(t.failed);
    const states = statesByOperation();
    const perProblem = new Map<string, number>();
    let skippedElements = 0;
    for (const suite of childElements(root, 'testsuite')) {
      const s = states.get(suite.attrs.name as string);
      const testcases = childElements(suite, 'testcase');
      expect({ tests: Number(suite.attrs.tests), skipped: Number(suite.attrs.skipped), failedOrError: Number(suite.attrs.failures) + Number(suite.attrs.errors) }, suite.attrs.name).toEqual({ tests: testcases.length, skipped: s?.skipped, failedOrError: s?.failed });
      for (const tc of testcases) {
        if (childElements(tc, 'skipped').length > 0) skippedElements++;
        for (const el of [...childElements(tc, 'failure'), ...childElements(tc, 'system-out')] as XmlElement[]) {
          const text = textOf(el);
          expect(text).not.toMatch(/more problems \(see rollcall-report\.json\)/);
          for (const b of text.matchAll(/^\S+ \((?:error|warning)\) at .*?(?: \(and (\d+) more at [^\n]*\))? \[problem (P[0-9a-f]{8})\]$/gm)) {
            perProblem.set(b[2] as string, (perProblem.get(b[2] as string) ?? 0) + 1 + Number(b[1] ?? 0));
          }
        }
      }
    }
    expect(skippedElements).toBe(t.skipped);
    expect(perProblem).toEqual(new Map(report.problems.map((p) => [p.id, p.counts.violations])));
  });

  it('GitHub annotations: one per cause, with the run\'s counts (both passes), and its consequences\' counts', () => {
    const annotations = run.stdout.split('\n').filter((l) => /^::(error|warning) /.test(l));
    const unescape = (s: string): string => s.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
    const causes = report.problems.filter((p) => !p.consequenceOf);
    expect(annotations.length).toBe(Math.min(causes.filter((p) => p.severity === 'error').length, 10) + Math.min(causes.filter((p) => p.severity === 'warning').length, 10));
    for (const a of annotations) {
      const m = /^::(error|warning) title=([^:]+) \((P[0-9a-f]{8})\)::(.*)$/.exec(a);
      expect(m, a).not.toBeNull();
      const p = byId.get(m?.[3] as string) as Problem;
      const [first, ...more] = unescape(m?.[4] as string).split('\n');
      expect([m?.[1], m?.[2]]).toEqual([p.severity, p.fingerprint.rule]);
      expect(phrase((first as string).slice((first as string).lastIndexOf(' ('))), p.id).toEqual(countsOf(p));
      const consequences = report.problems.filter((c) => c.consequenceOf?.id === p.id);
      const listed = more.find((l) => l.startsWith('Consequences: '));
      expect(listed ? [...listed.matchAll(/ \((\d+)\)/g)].map((x) => Number(x[1])) : [], p.id).toEqual(consequences.map((c) => c.counts.violations));
    }
  });

  it('coverage: the run\'s results and the undocumented values add up to the problem list', () => {
    const t = report.totals;
    const coverage = JSON.parse(run.read('rollcall-coverage.json')) as {
      results: Record<string, number>;
      undocumentedValues: Array<{ operation: string; pointer: string; value: string; count: number }>;
    };
    expect(coverage.results).toEqual({ cases: t.cases, passed: t.passed, failed: t.failed, skipped: t.skipped, exchanges: t.exchanges, problems: t.problems, causes: t.causes, violations: t.violations, errors: t.errors, warnings: t.warnings });
    const values = new Map<string, number>();
    for (const u of coverage.undocumentedValues) values.set(`${u.operation} ${u.pointer}`, (values.get(`${u.operation} ${u.pointer}`) ?? 0) + u.count);
    const enums = sums((p) => (p.fingerprint.rule === 'schema.enum' ? `${p.fingerprint.operation} ${p.fingerprint.pattern}` : ''));
    enums.delete('');
    expect(values).toEqual(new Map([...enums].map(([k, v]) => [k, v.errors + v.warnings])));
  });
});

describe('caseState', () => {
  it.each([
    ['passed', 'passed'],
    ['failed', 'failed'],
    ['skipped', 'skipped'],
    ['pending', 'skipped'],
  ] as const)('vitest %s -> %s (a case vitest skipped or never ran is never passed)', (state, expected) => {
    expect(caseState({ state } as unknown as TestResult)).toBe(expected);
  });
});
