/**
 * The HTML report in a real browser: a Chromium that is never downloaded (Debian's when installed,
 * else the one inside the npm package @sparticuz/chromium; test/support/chromium.ts) through
 * playwright-core, headless, with a fresh profile. The page must list its problems first, open a
 * problem to a sample with its request and the offending value highlighted in the body, render its
 * tables and charts without any request leaving the file, run its script without error, and leave a screenshot in
 * test-results/report.png (git-ignored, a CI artifact).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, tmpDir, type Run } from './support.js';
import { launchChromium, type LaunchedChromium } from '../support/chromium.js';

const SCREENSHOT = path.join(ROOT, 'test-results', 'report.png');

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
    run = await runCli(['--api', 'twilio-insights', '--faults', 'enum-drift,type-change']);
    profile = tmpDir('chromium-profile');
    // launchPersistentContext is how playwright takes --user-data-dir: a fresh, empty profile.
    browser = await launchChromium(profile);
    context = browser.context;
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

  it('renders a table of rules and of violation groups per operation, with the rows the JSON report implies', async () => {
    ready();
    const violations = run.report.cases.flatMap((c) => c.violations);
    const section = page.locator('section.operation[data-operation="twilio-insights.listConferenceParticipants"]');
    await expect.poll(() => section.count()).toBe(1);
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

  it('filters the rows of every table with the inline script', async () => {
    ready();
    const rows = page.locator('tbody tr');
    const total = await rows.count();
    await page.fill('#filter', 'schema.enum');
    const visible = await page.locator('tbody tr:not([hidden])').allTextContents();
    expect(visible.length).toBeGreaterThan(0);
    expect(visible.length).toBeLessThan(total);
    for (const text of visible) expect(text.toLowerCase()).toContain('schema.enum');
    await page.fill('#filter', '');
    expect(await page.locator('tbody tr:not([hidden])').count()).toBe(total);
  });

  it('lists the problems first, causes before their consequences, one per problem of the JSON report', async () => {
    ready();
    const report = run.report as unknown as { problems: Array<{ id: string; consequenceOf?: { id: string } }> };
    const order = await page.evaluate(() => [...document.querySelectorAll('body > section')].map((s) => s.id || s.className));
    expect(order[0]).toBe('problems');
    const ids = await page.locator('#problems details.problem').evaluateAll((ds) => ds.map((d) => d.id));
    expect(new Set(ids)).toEqual(new Set(report.problems.map((p) => p.id)));
    for (const p of report.problems.filter((x) => x.consequenceOf)) expect(ids.indexOf(p.id)).toBeGreaterThan(ids.indexOf(p.consequenceOf?.id ?? ''));
    const problemsTop = (await page.locator('#problems').boundingBox())?.y ?? Infinity;
    const firstOperationTop = (await page.locator('section.operation').first().boundingBox())?.y ?? -1;
    expect(problemsTop).toBeLessThan(firstOperationTop);
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

  it('leaves a full-page screenshot in test-results/report.png', async () => {
    ready();
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    const png = fs.readFileSync(SCREENSHOT);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(20_000);
  });
});
