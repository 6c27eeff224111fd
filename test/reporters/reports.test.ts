/**
 * The file reporters end to end: one `rollcall run` (Telnyx, a fault) with the default
 * reporters, then each file checked for structure and against a normalised snapshot.
 * The run is the CLI's `main` in this process (test/reporters/one-count.support.ts runInProcess: runCli's config
 * and report directory): what is under test is what the run writes, not the process; a Node start and the CLI's
 * loading less (was a child process). The binary's own wiring, stdout and exit code through bin/ are proven by
 * test/run/console.test.ts and the end-to-end files (test/package/install.test.ts, test/safety/hostile.test.ts).
 */
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/index.js';
import { listConstraints, reportCatalog } from '../../reporters/constraints.js';
import { computeCoverage } from '../../reporters/coverage.js';
import type { ReportCase } from '../../reporters/evidence.js';
import { coverageLines } from '../../reporters/markdown.js';
import { deriveObservations } from '../../reporters/observations.js';
import { formatValue } from '../../reporters/aggregate.js';
import { childElements, parseXml, textOf, type XmlElement } from './xml.js';
import { errorGroups, mockSecrets, normalise, reportTexts, type Run } from './support.js';
import { runInProcess } from './one-count.support.js';

const OPERATION = 'telnyx.listRoomSessionParticipants';
const catalog = await loadCatalog();
let run: Run;

beforeAll(async () => {
  run = await runInProcess(['--api', 'telnyx', '--faults', 'meta-inconsistent']);
}, 120_000);

/** The visible text of the HTML report, a line per row, heading and paragraph. */
function htmlOutline(text: string): string {
  return text
    .replace(/<style>[\s\S]*?<\/style>|<script>[\s\S]*?<\/script>/g, '')
    // Durations (the overview's times, each case's) change from run to run.
    .replace(/<span class="ms" data-ms="\d+">[^<]*<\/span>/g, '<MS>')
    // A chart becomes the list of its bars, as their tooltips name them.
    .replace(/<svg[\s\S]*?<\/svg>/g, (svg) => `[${[...svg.matchAll(/<g class="row"><title>([^<]*)<\/title>/g)].map((m) => m[1]).join(', ')}]\n`)
    .replace(/<\/(tr|h\d|p|dd|figcaption|li|div|summary|pre)>/g, '\n')
    .replace(/<\/dt>/g, ': ')
    .replace(/<\/t[dh]>/g, ' | ')
    .replace(/<(?!MS>)[^>]+>/g, '')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join('\n');
}

describe('rollcall run with the default reporters', () => {
  it('fails on the faults, writes every file report and no GitHub annotation outside Actions', () => {
    expect(run.code, run.stdout.slice(-2000)).toBe(1);
    expect(fs.readdirSync(run.dir).sort()).toEqual(['rollcall-coverage.json', 'rollcall-junit.xml', 'rollcall-report.html', 'rollcall-report.json', 'rollcall-summary.md']);
    expect(run.stdout.split('\n').filter((l) => l.startsWith('::'))).toEqual([]);
    expect(run.report.cases.filter((c) => c.state === 'failed').length).toBeGreaterThan(10);
  });

  it('writes no credential of the target in any report', async () => {
    const secrets = await mockSecrets();
    for (const [file, text] of reportTexts(run)) for (const secret of secrets) expect(text.includes(secret), `${file} holds a credential`).toBe(false);
  });
});

describe('junit', () => {
  const parse = (): XmlElement => parseXml(run.read('rollcall-junit.xml'));

  it('is well-formed XML: a testsuite per operation, a testcase per case, counts that add up', () => {
    const root = parse();
    expect(root.name).toBe('testsuites');
    const suites = childElements(root, 'testsuite');
    expect(suites.map((s) => s.attrs.name)).toEqual([OPERATION]);
    const testcases = childElements(suites[0] as XmlElement, 'testcase');
    expect(testcases.length).toBe(run.report.cases.length);
    expect(root.attrs.tests).toBe(String(run.report.cases.length));
    const failed = run.report.cases.filter((c) => c.state === 'failed').length;
    expect([root.attrs.failures, suites[0]?.attrs.failures]).toEqual([String(failed), String(failed)]);
    expect(testcases.filter((t) => childElements(t, 'failure').length === 1).length).toBe(failed);
    expect(new Set(testcases.map((t) => t.attrs.classname))).toEqual(new Set(run.report.cases.map((c) => `${c.operation} > ${c.group}`)));
  });

  it('gives each failing case one failure naming every rule and path with expected, actual, message and hint', () => {
    const testcases = childElements(childElements(parse(), 'testsuite')[0] as XmlElement, 'testcase');
    for (const c of run.report.cases.filter((k) => k.state === 'failed')) {
      const t = testcases.find((x) => x.attrs.name === c.name && x.attrs.classname === `${c.operation} > ${c.group}`) as XmlElement;
      const failure = childElements(t, 'failure')[0] as XmlElement;
      const text = textOf(failure);
      // The JSON report keeps the first violation of each of the case's problems: one failure block each.
      const firsts = c.violations.filter((v) => v.severity === 'error');
      expect(failure.attrs.type).toBe(errorGroups(c.violations)[0]?.rule);
      for (const v of firsts) {
        expect(text).toContain(`${v.rule} (error) at ${v.path}`);
        expect(text).toContain(`  expected: ${formatValue(v.expected, 300)}`);
        expect(text).toContain(`  actual:   ${formatValue(v.actual, 300)}`);
        expect(text).toContain(`  message:  ${v.message}`);
      }
      expect(text.split('\n  hint:     ').length - 1).toBe(firsts.length);
    }
  });

  it('matches the snapshot up to its first failing testcase', async () => {
    const xml = run.read('rollcall-junit.xml');
    const head = xml.slice(0, xml.indexOf('</testcase>') + '</testcase>'.length);
    await expect(normalise(head, run)).toMatchFileSnapshot('./__snapshots__/junit-head.xml');
  });
});

describe('markdown', () => {
  it('is short enough for a PR comment and counts what the JSON report holds', () => {
    const md = run.read('rollcall-summary.md');
    expect(md.split('\n').length).toBeLessThan(60);
    const violations = run.report.cases.flatMap((c) => c.violations);
    const t = (run.report as unknown as { totals: { problems: number; causes: number; errors: number; warnings: number } }).totals;
    expect(md).toContain(`**${t.problems} problems (${t.causes} causes): ${t.errors} errors, ${t.warnings} warnings** in ${run.report.cases.length} cases`);
    for (const rule of new Set(violations.map((v) => v.rule))) expect(md).toContain(`| ${OPERATION} | ${rule} |`);
  });

  it('matches the snapshot', async () => {
    await expect(normalise(run.read('rollcall-summary.md'), run)).toMatchFileSnapshot('./__snapshots__/rollcall-summary.md');
  });
});

describe('html', () => {
  it('is self-contained: inline style and script, no resource from the network', () => {
    const page = run.read('rollcall-report.html');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).not.toMatch(/<link\b/i);
    expect(page).not.toMatch(/<script[^>]*\bsrc=/i);
    expect(page).not.toMatch(/@import|url\(/i);
    const references = [...page.matchAll(/\b(?:src|href)\s*=\s*["']?([^"'\s>]+)/gi)].map((m) => m[1] ?? '');
    expect(references.filter((r) => /^(?:https?:)?\/\//i.test(r))).toEqual([]);
    expect(references.every((r) => r.startsWith('#'))).toBe(true);
  });

  it('has per operation a table of rules, the violations grouped by path pattern, field charts and coverage', () => {
    const page = run.read('rollcall-report.html');
    const violations = run.report.cases.flatMap((c) => c.violations);
    const section = page.slice(page.indexOf(`<section class="operation" id="op-${OPERATION.replace(/\./g, '-')}"`));
    const rows = (table: string): number => (section.match(new RegExp(`<table class="${table}">[\\s\\S]*?</table>`))?.[0].match(/<tr>/g)?.length ?? 0) - 1;
    expect(page.match(/<section class="operation"/g)?.length).toBe(1);
    expect(rows('rules')).toBe(new Set(violations.map((v) => v.rule)).size);
    expect(rows('groups')).toBe(new Set(violations.map((v) => `${v.rule} ${v.path.replace(/\/\d+(?=\/|$)/g, '/*')}`)).size);
    expect(section).toContain('<code>/meta/total_pages</code>');
    // A figure per field the responses held, those that broke a rule among them, counted over every body.
    const figures = [...section.matchAll(/<figure class="field" data-pointer="([^"]+)" data-basis="([a-z]+)"/g)].map((m) => [m[1], m[2]]);
    for (const pattern of new Set(violations.filter((v) => v.path.startsWith('/')).map((v) => v.path.replace(/\/\d+(?=\/|$)/g, '/*')))) {
      expect(figures).toContainEqual([pattern, 'responses']);
    }
    expect(figures).toContainEqual(['/data/*/left_at', 'responses']);
    // The field chart of the largest problem counts what the problem counts (the run's figure, not a number written here).
    const problems = (JSON.parse(run.read('rollcall-report.json')) as { problems: Array<{ fingerprint: { operation: string; pattern: string }; counts: { violations: number } }> }).problems;
    const largest = Math.max(...problems.filter((p) => p.fingerprint.operation === OPERATION && p.fingerprint.pattern === '/meta/total_pages').map((p) => p.counts.violations));
    expect(section).toMatch(new RegExp(`<rect class="bar bad" data-value="${largest}"`));
    const coverage = JSON.parse(run.read('rollcall-coverage.json')) as { operations: Array<{ constraints: unknown[] }> };
    expect(rows('coverage')).toBe(coverage.operations[0]?.constraints.length);
  });

  it('matches the snapshot of its text', async () => {
    await expect(normalise(htmlOutline(run.read('rollcall-report.html')), run)).toMatchFileSnapshot('./__snapshots__/rollcall-report.html.txt');
  });
});

describe('coverage', () => {
  interface Entry { kind: string; subject: string; value?: string; state: string; count: number }
  const read = () => JSON.parse(run.read('rollcall-coverage.json')) as {
    evidence: { requests: string; responses: string; missingMeta: string[] };
    totals: Record<string, number>;
    operations: Array<{ operation: string; constraints: Entry[] }>;
    operationsNotRun: string[];
  };

  it('lists the constraints of the catalog: every query parameter (deepObject keys apart) and documented status', () => {
    const coverage = read();
    expect(coverage.operations.map((o) => o.operation)).toEqual([OPERATION]);
    expect(coverage.operationsNotRun).toEqual(catalog.operations.map((o) => o.id).filter((id) => id !== OPERATION).sort());
    const entries = coverage.operations[0]?.constraints ?? [];
    const op = catalog.operation(OPERATION);
    const keys = op.parameters
      .filter((p) => p.in === 'query')
      .flatMap((p) => {
        const properties = catalog.parameterSchema(OPERATION, p.name)?.properties as Record<string, unknown> | undefined;
        return properties ? Object.keys(properties).map((k) => `${p.name}[${k}]`) : [p.name];
      });
    expect(entries.filter((e) => e.kind === 'query-parameter').map((e) => e.subject).sort()).toEqual(keys.sort());
    // A range (4XX) documents every status in it with its schema: the constraints name the statuses written one by one.
    expect(entries.filter((e) => e.kind === 'response-status').map((e) => e.subject)).toEqual(op.responses.filter((r) => !r.range).map((r) => String(r.status)));
    const pageSize = catalog.parameterSchema(OPERATION, 'page[size]') as { minimum: number; maximum: number };
    const bounds = entries.filter((e) => e.kind === 'parameter-bound' && e.subject === 'page[size]').map((e) => e.value);
    expect(bounds).toEqual(expect.arrayContaining([`minimum ${pageSize.minimum}`, `maximum ${pageSize.maximum}`, `above maximum (> ${pageSize.maximum})`]));
  });

  it('is complete with the requests and bodies the cases send: each constraint exercised or never', () => {
    const coverage = read();
    expect(coverage.evidence).toEqual({ requests: 'complete', responses: 'complete', missingMeta: [] });
    const entries = coverage.operations[0]?.constraints ?? [];
    const stateOf = (subject: string, value?: string) => entries.find((e) => e.subject === subject && e.value === value)?.state;
    expect(entries.filter((e) => e.state === 'unknown')).toEqual([]);
    expect([stateOf('page[size]', 'maximum 250'), stateOf('page[size]', 'above maximum (> 250)'), stateOf('page[size]', 'not an integer')]).toEqual(['exercised', 'exercised', 'exercised']);
    expect([stateOf('200'), stateOf('400'), stateOf('401'), stateOf('404'), stateOf('429')]).toEqual(['exercised', 'exercised', 'exercised', 'exercised', 'never']);
    expect(coverage.totals.exercised + coverage.totals.never).toBe(coverage.totals.constraints);
  });

  it('degrades without CaseMeta.requests and fields: only the requests of violations count, the rest is unknown', async () => {
    // The JSON report's cases carry no evidence: what older suites (or another runner) send.
    const cases = run.report.cases.map((c) => ({ ...c, exchanges: 0, durationMs: 0, evidence: {} })) as unknown as ReportCase[];
    const coverage = computeCoverage(listConstraints(await reportCatalog()), cases);
    expect(coverage.evidence).toEqual({ requests: 'partial', responses: 'none', missingMeta: ['requests', 'fields'] });
    const entries = coverage.operations[0]?.constraints ?? [];
    expect(entries.filter((e) => e.state === 'never')).toEqual([]);
    expect(entries.find((e) => e.subject === 'page[size]' && e.value === 'maximum 250')?.state).toBe('exercised');
    expect(entries.filter((e) => e.kind === 'response-status').map((e) => e.state)).toEqual(['unknown', 'unknown', 'unknown', 'unknown', 'unknown', 'unknown', 'unknown']); // 200, 400, 401, 403, 404, 422, 429
    expect(coverageLines(coverage, 6)[1]).toBe('Unknown: the cases did not send CaseMeta.requests and CaseMeta.fields; only the requests named by violations are known.');
    const observations = deriveObservations(cases, coverage);
    // The JSON report keeps the first violation of each problem per case: the rules are all there, the counts are samples.
    expect(observations.map((o) => [o.pointer, o.basis, Object.keys(o.rules).sort()])).toEqual([
      ['/data', 'violations', ['pagination.full-page-before-last', 'pagination.page-not-full']],
      ['/meta/page_number', 'violations', ['pagination.next-null-at-end']],
      ['/meta/total_pages', 'violations', ['telnyx.total-pages', 'telnyx.totals-match-walk']],
    ]);
  });

  it('matches the snapshot', async () => {
    await expect(normalise(run.read('rollcall-coverage.json'), run)).toMatchFileSnapshot('./__snapshots__/rollcall-coverage.json');
  });
});
