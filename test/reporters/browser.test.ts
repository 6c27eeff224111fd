/**
 * The HTML report in a real browser: a Chromium that is never downloaded (Debian's when installed,
 * else the one inside the npm package @sparticuz/chromium; test/support/chromium.ts) through
 * playwright-core, headless, with a fresh profile, 1280 px wide. The page must open on the overview
 * (per API and operation, the counts of the JSON report), list its problems (causes first, their
 * consequences under them) and every case of the run, filter the cases by status and the cases and
 * problems by the search box, link a failing case to its problems and samples and back, copy a curl
 * line, keep the field charts folded, open a problem to a sample with its request and the offending
 * value highlighted in the body, never overflow sideways, send no request and run its script without
 * error. It leaves screenshots (the overview, the whole page) and the page's measurements in
 * $TMPDIR/rollcall-html-report/; with ROLLCALL_UPDATE_SCREENSHOT=1 it also writes the README's
 * docs/img/report-overview.png from a run of every API.
 *
 * The run is in this process (test/reporters/one-count.support.ts runInProcess: runCli's config and report
 * directory, the same arguments): what is under test is the page the run writes, not the process (a child
 * process once cost a Node start and the CLI's loading more; the binary's wiring is proven by
 * test/run/console.test.ts). One browser and one page serve every test, as before. The browser is launched
 * before the run starts, not beside it: an in-process run swaps process.env while it lasts, which a browser
 * spawned meanwhile would inherit.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonCase } from '../../reporters/case.js';
import { ROOT, runCli, tmpDir, type Run } from './support.js';
import { runInProcess } from './one-count.support.js';
import { launchChromium, type LaunchedChromium } from '../support/chromium.js';

const ARTIFACTS = path.join(os.tmpdir(), 'rollcall-html-report');
const WIDTH = 1280;
const UPDATE_DOCS = process.env.ROLLCALL_UPDATE_SCREENSHOT === '1';
const DOCS_PNG = path.join(ROOT, 'docs', 'img', 'report-overview.png');

interface ReportProblem {
  id: string;
  consequenceOf?: { id: string };
  fingerprint: { operation: string };
  samples: Array<{ case?: string; path: string; actual: unknown; curl?: string; request?: { url: string }; body?: unknown }>;
}
/** A case of the JSON report as this test reads it: the reporter's own shape, with the problems it links to. */
type ReportCase = Pick<JsonCase, 'id' | 'operation' | 'group' | 'name' | 'state' | 'skipReason'> & { problems: Array<{ id: string }> };
interface Report {
  totals: { cases: number; passed: number; failed: number; skipped: number; problems: number };
  problems: ReportProblem[];
  cases: ReportCase[];
}
const report = (): Report => run.report as unknown as Report;
/** A case row as the page shows it: its name, and its operation and group. */
const rowKey = (c: Pick<ReportCase, 'operation' | 'group' | 'name'>): string => `${c.name} | ${[c.operation, c.group].filter(Boolean).join(' › ')}`;
const visibleCases = (): Promise<number> => page.locator('tr.case:not([hidden])').count();

let run: Run;
let context: BrowserContext;
let browser: LaunchedChromium | undefined;
let page: Page;
let profile: string;
const requests: string[] = [];
const errors: string[] = [];

/** Why the page could not be opened: every test then fails with it (a missing browser is a failure, not a skip). */
let setupError: Error | undefined;

function ready(): void {
  if (setupError) throw setupError;
}

beforeAll(async () => {
  try {
    profile = tmpDir('chromium-profile');
    // The browser first, then the run (in this process: see the header). launchPersistentContext is how playwright
    // takes --user-data-dir: a fresh, empty profile. A failed launch throws before any run starts.
    ({ context } = browser = await launchChromium(profile, { width: WIDTH, height: 900 }));
    run = await runInProcess(['--api', 'twilio-insights', '--faults', 'enum-drift,type-change']);
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    page = await context.newPage();
    page.on('request', (r) => void requests.push(r.url()));
    page.on('pageerror', (e) => void errors.push(e.message));
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    await page.goto(`file://${path.join(run.dir, 'rollcall-report.html')}`, { waitUntil: 'load' });
  } catch (err) {
    setupError = err as Error;
  }
}, 120_000);

afterAll(async () => {
  await context?.close();
  if (profile) fs.rmSync(profile, { recursive: true, force: true });
});

describe('the HTML report in headless Chromium', () => {
  it('launches a Chromium that npm ci brought or the system has, never a downloaded one', () => {
    ready();
    expect(['system', 'npm']).toContain(browser?.source);
    expect(fs.existsSync(browser?.executablePath ?? '')).toBe(true);
  });

  it('loads with no request but the file itself and no script error', () => {
    ready();
    expect(run.code, run.stdout.slice(-1500)).toBe(1);
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('opens on the overview: per API and operation the cases by state, problems and time, as the JSON report counts them', async () => {
    ready();
    const r = report();
    const order = await page.evaluate(() => [...document.querySelectorAll('body > section')].map((s) => (s.classList.contains('operation') ? 'operation' : s.id)));
    expect(order.slice(0, 3)).toEqual(['overview', 'problems', 'cases']);
    expect(order.slice(3).every((x) => x === 'operation')).toBe(true);
    const rows = await page.locator('table.overview tbody tr.op').evaluateAll((trs) =>
      trs.map((tr) => [tr.getAttribute('data-operation'), [...tr.querySelectorAll('td.n')].map((td) => td.textContent ?? '')] as const),
    );
    const operations = [...new Set([...r.cases.map((c) => c.operation), ...r.problems.map((p) => p.fingerprint.operation)])].sort();
    expect(rows.map(([o]) => o)).toEqual(operations);
    for (const [operation, cells] of rows) {
      const own = r.cases.filter((c) => c.operation === operation);
      const problems = r.problems.filter((p) => p.fingerprint.operation === operation);
      const count = (state: ReportCase['state']): string => String(own.filter((c) => c.state === state).length);
      // cases, passed, failed, skipped, problems, causes, errors, warnings, time
      expect(cells.slice(0, 6), operation ?? '').toEqual([String(own.length), count('passed'), count('failed'), count('skipped'), String(problems.length), String(problems.filter((p) => !p.consequenceOf).length)]);
      expect(cells[8]).toMatch(/^\d+(\.\d)? (ms|s)$|^\d+ min \d\d s$/);
    }
    const total = await page.locator('table.overview tfoot tr.total td.n').allTextContents();
    expect(total.slice(0, 5)).toEqual([r.totals.cases, r.totals.passed, r.totals.failed, r.totals.skipped, r.totals.problems].map(String));
    // The overview is what a reader sees first: on the first screen.
    const box = await page.locator('#overview').boundingBox();
    expect((box?.y ?? Infinity) + (box?.height ?? Infinity)).toBeLessThan(900);
  });

  it('fits 1280 px without sideways scrolling, keeps the field charts folded, and leaves a screenshot of the overview', async () => {
    ready();
    const size = await page.evaluate(() => ({ width: document.scrollingElement?.scrollWidth ?? Infinity, height: document.scrollingElement?.scrollHeight ?? Infinity }));
    expect(size.width).toBeLessThanOrEqual(WIDTH);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(path.join(ARTIFACTS, 'metrics.json'), JSON.stringify({ viewportWidth: WIDTH, scrollWidth: size.width, pageHeight: size.height, cases: report().cases.length, problems: report().problems.length }, null, 2));
    console.info(`HTML report at ${WIDTH} px: ${size.height} px high, ${size.width} px wide (${report().cases.length} cases, ${report().problems.length} problems); artifacts in ${ARTIFACTS}`);
    // Folded: the charts are a click away, not the page's length (it was 13,500-16,800 px of them).
    const folds = await page.locator('details.field-charts').evaluateAll((ds) => ds.map((d) => (d as HTMLDetailsElement).open));
    expect(folds.length).toBeGreaterThan(0);
    expect(folds.every((open) => !open)).toBe(true);
    expect(await page.locator('svg.chart').first().isVisible()).toBe(false);
    expect(size.height).toBeLessThan(13_500);
    const png = path.join(ARTIFACTS, 'report-overview.png');
    await page.screenshot({ path: png });
    expect(fs.readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
  });

  it('lists every case of the run, each with its duration, a skipped one with its reason', async () => {
    ready();
    const r = report();
    const rows = await page.locator('tr.case').evaluateAll((trs) =>
      trs.map((tr) => ({
        key: `${tr.querySelector('.name')?.textContent} | ${tr.querySelector('.where')?.textContent}`,
        status: tr.getAttribute('data-status'),
        ms: tr.querySelector('.ms')?.textContent ?? '',
        reason: tr.querySelector('.skip-reason')?.textContent ?? undefined,
      })),
    );
    expect(rows.length).toBe(r.cases.length);
    expect(rows.map((x) => `${x.key} ${x.status}`).sort()).toEqual(r.cases.map((c) => `${rowKey(c)} ${c.state}`).sort());
    for (const x of rows) expect(x.ms, x.key).toMatch(/^\d+(\.\d)? (ms|s)$|^\d+ min \d\d s$/);
    const skipped = r.cases.filter((c) => c.state === 'skipped');
    expect(skipped.length).toBeGreaterThan(0);
    for (const c of skipped) expect(rows.find((x) => x.key === rowKey(c))?.reason, rowKey(c)).toBe(c.skipReason ? `skipped: ${c.skipReason}` : 'skipped (no reason given)');
    // A case name the issue looked for in vain.
    expect(await page.locator('tr.case .name', { hasText: 'PageSize=1001' }).count()).toBe(r.cases.filter((c) => c.name.includes('PageSize=1001')).length);
    expect(await page.locator('tr.case .name', { hasText: 'PageSize=1001' }).count()).toBeGreaterThan(0);
  });

  it('filters the case list by status with the buttons of the toolbar', async () => {
    ready();
    const r = report();
    for (const state of ['failed', 'passed', 'skipped'] as const) {
      await page.click(`.status-filter button[data-status="${state}"]`);
      expect(await visibleCases(), state).toBe(r.cases.filter((c) => c.state === state).length);
      expect(await page.locator(`tr.case:not([hidden]):not([data-status="${state}"])`).count()).toBe(0);
      expect(await page.getAttribute(`.status-filter button[data-status="${state}"]`, 'aria-pressed')).toBe('true');
    }
    await page.click('.status-filter button[data-status="all"]');
    expect(await visibleCases()).toBe(r.cases.length);
  });

  it('searches the case list and the problems with one box (and the rows of the tables per operation)', async () => {
    ready();
    const r = report();
    const problems = (): Promise<string[]> => page.locator('#problems details.problem:not([hidden])').evaluateAll((ds) => ds.map((d) => d.id));
    await page.fill('#filter', 'PageSize=1001');
    const expected = r.cases.filter((c) => `${c.name} ${c.group}`.toLowerCase().includes('pagesize=1001'));
    expect(expected.length).toBeGreaterThan(0);
    expect(await visibleCases()).toBe(expected.length);
    // A cause's id: the cause, the consequences that name it, and the cases that saw it.
    const cause = r.problems.find((p) => !p.consequenceOf && r.problems.some((q) => q.consequenceOf?.id === p.id)) ?? r.problems.find((p) => !p.consequenceOf);
    expect(cause).toBeDefined();
    const id = cause?.id ?? '';
    await page.fill('#filter', id);
    expect((await problems()).sort()).toEqual(r.problems.filter((p) => p.id === id || p.consequenceOf?.id === id).map((p) => p.id).sort());
    expect(await visibleCases()).toBe(r.cases.filter((c) => c.problems.some((x) => x.id === id)).length);
    expect(await page.locator('#shown').textContent()).toBe(`${await visibleCases()} of ${r.cases.length} cases, ${(await problems()).length} of ${r.problems.length} problems shown`);
    // Status and search together.
    await page.click('.status-filter button[data-status="passed"]');
    expect(await visibleCases()).toBe(r.cases.filter((c) => c.state === 'passed' && c.problems.some((x) => x.id === id)).length);
    await page.click('.status-filter button[data-status="all"]');
    await page.fill('#filter', 'schema.enum');
    const rows = await page.locator('section.operation tbody tr:not([hidden])').allTextContents();
    expect(rows.length).toBeGreaterThan(0);
    for (const text of rows) expect(text.toLowerCase()).toContain('schema.enum');
    await page.fill('#filter', 'no such text anywhere');
    expect(await visibleCases()).toBe(0);
    expect(await problems()).toEqual([]);
    expect(await page.locator('#no-case').isVisible()).toBe(true);
    await page.fill('#filter', '');
    expect(await visibleCases()).toBe(r.cases.length);
    expect((await problems()).length).toBe(r.problems.length);
  });

  it('lists the problems after the overview, causes before their consequences, those boxed under their cause, one per problem of the JSON report', async () => {
    ready();
    const report = run.report as unknown as { problems: Array<{ id: string; consequenceOf?: { id: string } }> };
    const order = await page.evaluate(() => [...document.querySelectorAll('body > section')].map((s) => s.id || s.className));
    expect(order.indexOf('problems')).toBe(1);
    const ids = await page.locator('#problems details.problem').evaluateAll((ds) => ds.map((d) => d.id));
    expect(new Set(ids)).toEqual(new Set(report.problems.map((p) => p.id)));
    for (const p of report.problems.filter((x) => x.consequenceOf)) expect(ids.indexOf(p.id)).toBeGreaterThan(ids.indexOf(p.consequenceOf?.id ?? ''));
    // A consequence sits in the box under its cause.
    for (const p of report.problems.filter((x) => x.consequenceOf && ids.includes(x.consequenceOf.id))) {
      expect(await page.locator(`.consequences[data-of="${p.consequenceOf?.id}"] > .cause-group > details.problem[id="${p.id}"]`).count(), p.id).toBe(1);
    }
    const problemsTop = (await page.locator('#problems').boundingBox())?.y ?? Infinity;
    const firstOperationTop = (await page.locator('section.operation').first().boundingBox())?.y ?? -1;
    expect(problemsTop).toBeLessThan(firstOperationTop);
  });

  it('links a failing case to its problems and samples, and a problem to its cases', async () => {
    ready();
    const r = report();
    const failed = r.cases.filter((c) => c.state === 'failed' && c.problems.length > 0);
    expect(failed.length).toBeGreaterThan(0);
    const rows = await page.locator('tr.case').evaluateAll((trs) => trs.map((tr) => ({ key: `${tr.querySelector('.name')?.textContent} | ${tr.querySelector('.where')?.textContent}`, links: [...tr.querySelectorAll('ul.case-problems a')].map((a) => a.getAttribute('href')) })));
    for (const c of failed) {
      const links = rows.find((x) => x.key === rowKey(c))?.links ?? [];
      for (const p of c.problems) expect(links, rowKey(c)).toContain(`#${p.id}`);
    }
    // A sample link opens its problem and the sample.
    const sampled = r.problems.find((p) => p.samples[0]?.case);
    const sampleCase = r.cases.find((c) => c.id === sampled?.samples[0]?.case) as ReportCase;
    const row = page.locator('tr.case').filter({ has: page.locator('.name', { hasText: sampleCase.name }) }).filter({ has: page.locator('.where', { hasText: [sampleCase.operation, sampleCase.group].join(' › ') }) });
    await row.locator(`a[href="#${sampled?.id}-s0"]`).click();
    await expect.poll(() => page.locator(`details.sample[id="${sampled?.id}-s0"]`).isVisible()).toBe(true);
    expect(await page.locator(`details.problem[id="${sampled?.id}"]`).evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    // ... and the sample's case links back to the row, shown even when the status filter had hidden it.
    await page.click('.status-filter button[data-status="passed"]');
    expect(await row.isVisible()).toBe(false);
    await page.locator(`details.sample[id="${sampled?.id}-s0"] dl.facts a`).first().click();
    await expect.poll(() => row.isVisible()).toBe(true);
    expect(await page.evaluate(() => window.location.hash)).toBe(`#${await row.getAttribute('id')}`);
    // A problem lists the cases that saw it, the first its "first in".
    const listed = await page.locator(`details.problem[id="${sampled?.id}"] ul.problem-cases a`).allTextContents();
    const seenBy = r.cases.filter((c) => c.problems.some((x) => x.id === sampled?.id));
    expect(listed.length).toBe(Math.min(8, seenBy.length));
    for (const text of listed) expect(seenBy.map((c) => c.id)).toContain(text);
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => ((d as HTMLDetailsElement).open = false)));
  });

  it('expands a problem to a sample with its request and the response body, the offending value highlighted', async () => {
    ready();
    const report = run.report as unknown as { problems: Array<{ id: string; samples: Array<{ path: string; actual: unknown; request?: { url: string }; body?: unknown }> }> };
    const problem = report.problems.find((p) => p.samples[0]?.body !== undefined && p.samples[0]?.request);
    expect(problem, 'a problem with a sample body').toBeDefined();
    const sample = problem?.samples[0];
    const details = page.locator(`details.problem[id="${problem?.id}"]`);
    expect(await details.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await details.locator(':scope > summary').click();
    expect(await details.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    const first = details.locator('details.sample').first();
    await first.locator(':scope > summary').click();
    await expect.poll(() => first.locator('code.request').isVisible()).toBe(true);
    expect(await first.locator('code.request').textContent()).toContain(sample?.request?.url ?? '(none)');
    const mark = first.locator('pre.json mark.offending');
    await expect.poll(() => mark.isVisible()).toBe(true);
    const pointer = await mark.getAttribute('data-pointer');
    expect(sample?.path.startsWith(pointer ?? '(none)')).toBe(true);
    if (pointer === sample?.path && typeof sample?.actual === 'string' && !sample.actual.startsWith('(')) expect(await mark.textContent()).toContain(sample.actual);
    const box = await mark.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(0);
    // Opening samples sent nothing anywhere.
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
  });

  it('shows a curl line whole (wrapped, no sideways scroll) and its copy button puts it in the clipboard', async () => {
    ready();
    const problem = report().problems.find((p) => p.samples[0]?.curl) as ReportProblem;
    const curl = problem.samples[0]?.curl as string;
    const sample = page.locator(`details.sample[id="${problem.id}-s0"]`);
    await page.evaluate((id) => {
      for (let d = document.getElementById(id); d; d = d.parentElement) if (d.tagName === 'DETAILS') (d as HTMLDetailsElement).open = true;
    }, `${problem.id}-s0`);
    const pre = sample.locator('pre.curl');
    await expect.poll(() => pre.isVisible()).toBe(true);
    expect(await pre.textContent()).toBe(curl);
    const fits = await pre.evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth, lines: Math.round(e.getBoundingClientRect().height) }));
    expect(fits.scroll).toBeLessThanOrEqual(fits.client);
    await sample.locator('button.copy').click();
    await expect.poll(() => sample.locator('button.copy').textContent()).not.toBe('copy');
    // What is testable headless: the line is selected, and in the clipboard when the browser grants it.
    expect(await page.evaluate(() => window.getSelection()?.toString())).toBe(curl);
    const clipboard = await page.evaluate(() => navigator.clipboard.readText().catch((e: Error) => `(unreadable: ${e.message})`));
    expect(clipboard).toBe(curl);
    expect(await sample.locator('button.copy').textContent()).toBe('copied');
  });

  it('renders a table of rules and of violation groups per operation, with the rows the JSON report implies', async () => {
    ready();
    const violations = run.report.cases.flatMap((c) => c.violations);
    const section = page.locator('section.operation[data-operation="twilio-insights.listConferenceParticipants"]');
    await expect.poll(() => section.count()).toBe(1);
    // Coverage is folded: opened here to measure its table.
    await section.locator('details.coverage > summary').click();
    expect(await section.locator('table.rules tbody tr').count()).toBe(new Set(violations.map((v) => v.rule)).size);
    expect(await section.locator('table.groups tbody tr').count()).toBe(new Set(violations.map((v) => `${v.rule} ${v.path.replace(/\/\d+(?=\/|$)/g, '/*')}`)).size);
    const coverage = JSON.parse(run.read('rollcall-coverage.json')) as { operations: Array<{ constraints: unknown[] }> };
    expect(await section.locator('table.coverage tbody tr').count()).toBe(coverage.operations[0]?.constraints.length);
    for (const table of ['rules', 'groups', 'coverage']) {
      const box = await section.locator(`table.${table}`).boundingBox();
      expect(box?.width ?? 0, table).toBeGreaterThan(300);
      expect(box?.height ?? 0, table).toBeGreaterThan(40);
    }
  });

  it('draws every bar of every chart with a non-zero size, a documented value never seen as a stub', async () => {
    ready();
    for (const fold of await page.locator('details.field-charts:not([open]) > summary').all()) await fold.click();
    const bars = await page.locator('svg.chart rect.bar').evaluateAll((rects) =>
      rects.map((r) => {
        const b = r.getBoundingClientRect();
        return { value: Number(r.getAttribute('data-value')), tone: r.getAttribute('class'), width: b.width, height: b.height };
      }),
    );
    expect(bars.length).toBeGreaterThan(20);
    for (const b of bars) {
      expect(b.width).toBeGreaterThan(0);
      expect(b.height).toBeGreaterThan(0);
    }
    const seen = bars.filter((b) => b.value > 0);
    expect(Math.max(...seen.map((b) => b.width))).toBeGreaterThanOrEqual(100);
    expect(bars.some((b) => b.tone === 'bar never' && b.value === 0)).toBe(true);
    expect(bars.some((b) => b.tone === 'bar bad' && b.value > 0)).toBe(true);
    // The undocumented call_status value is charted next to the documented ones.
    const callStatus = page.locator('figure.field[data-pointer="/participants/*/call_status"]');
    await expect.poll(() => callStatus.locator('rect.bar.bad').count()).toBeGreaterThan(0);
    expect(await callStatus.locator('rect.bar.ok').count()).toBeGreaterThan(0);
  });

  it('stays within 1280 px with every fold open, after every interaction without a script error, and leaves a full-page screenshot', async () => {
    ready();
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => ((d as HTMLDetailsElement).open = true)));
    const width = await page.evaluate(() => document.scrollingElement?.scrollWidth ?? Infinity);
    expect(width).toBeLessThanOrEqual(WIDTH);
    expect(errors).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => ((d as HTMLDetailsElement).open = false)));
    const png = path.join(ARTIFACTS, 'report.png');
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: png, fullPage: true });
    const bytes = fs.readFileSync(png);
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(bytes.length).toBeGreaterThan(20_000);
  });

  // The README's picture: a run of every API with two faults, its first screen. Run with ROLLCALL_UPDATE_SCREENSHOT=1
  // (a tool, not a check: registered only when asked for, so that an ordinary run counts no skipped test).
  if (UPDATE_DOCS) it('writes docs/img/report-overview.png from a run of every API', async () => {
    ready();
    const all = await runCli(['--faults', 'enum-drift,next-page-loop']);
    expect(all.code, all.stdout.slice(-1500)).toBe(1);
    const docsPage = await context.newPage();
    try {
      await docsPage.goto(`file://${path.join(all.dir, 'rollcall-report.html')}`, { waitUntil: 'load' });
      expect(await docsPage.evaluate(() => document.scrollingElement?.scrollWidth)).toBeLessThanOrEqual(WIDTH);
      fs.mkdirSync(path.dirname(DOCS_PNG), { recursive: true });
      await docsPage.screenshot({ path: DOCS_PNG });
      fs.copyFileSync(DOCS_PNG, path.join(ARTIFACTS, 'report-overview-all-apis.png'));
    } finally {
      await docsPage.close();
    }
    expect(fs.readFileSync(DOCS_PNG).subarray(1, 4).toString()).toBe('PNG');
  }, 180_000);
});
