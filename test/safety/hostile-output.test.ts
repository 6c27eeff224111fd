/**
 * Everything a server sends is data, never a command to the reader (issue 19, "one way out for
 * untrusted text"). One `rollcall run --target live` with every reporter the GitHub Action uses
 * (GITHUB_ACTIONS=true, GITHUB_STEP_SUMMARY and GITHUB_OUTPUT set) through a proxy in front of the
 * mock that plants terminal escapes, workflow commands after raw line breaks, bidi overrides and
 * markup into field values and undocumented field names, and answers each fetch with a body that
 * is not JSON holding the same bytes. Proven on the run's real outputs:
 *   - no line of stdout, stderr or the step summary that a GitHub runner would take as a command,
 *     but rollcall's own annotations, each well-formed with its data and properties escaped;
 *   - no raw control, C1, DEL or bidi character in any human channel (stdout, stderr, step summary,
 *     Markdown, JUnit, HTML text);
 *   - no executable markup in the Markdown, and none that runs in the HTML in headless Chromium;
 *   - the JSON report keeps the exact planted values and names.
 * The run is --verbose: its stdout also holds each failing case's detail (rule, path, expected, actual), the
 * server's text escaped and never split over lines.
 * Session 6 (was: this run without --verbose, and two more runs in this process: the same target with --verbose, and
 * a clean run): the console's live problem lines (what a run without --verbose prints in their place) against a
 * hostile target, every line free of raw control characters and workflow commands, are test/run/console.test.ts's
 * ('FORCE_COLOR in a pipe against a hostile target'; GITHUB_ACTIONS changes nothing on the console: it adds the
 * annotations, proven here); a clean run's console output is what it was (the sanitiser the identity on it) is
 * test/safety/hostile.test.ts's ('the same cases against a well-answering server end in none of those rules; its
 * console lines are what they were').
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../../src/mock/index.js';
import { couldBeWorkflowCommand, forCiLog, forTerminal } from '../../src/sanitize.js';
import { escapeSegment } from '../../src/json-pointer.js';
import { launchChromium, type LaunchedChromium } from '../support/chromium.js';
import { rollcall, tmpDir, type CliResult } from '../run/support.js';
import { answeringProxy, plantInParticipants, type RecordingProxy } from './proxy.js';

/** One payload per class of attack; each is planted as a field value and as an undocumented field name. */
const PAYLOADS: Record<string, string> = {
  csi: 'a\u001b[2J\u001b[31mred',
  osc: 'o\u001b]0;pwned title\u0007',
  c1: 'c1\u009b31m',
  del: 'del\u007f',
  cr: 'safe\rFAKE LINE',
  error: 'v\n::error::pwned',
  mask: 'm\n::add-mask::x',
  output: 'o\n::set-output name=a::b',
  stop: 's\n::stop-commands::tok',
  bare: '::warning file=x::bare',
  legacy: 'mid ##[error]pwned',
  bidi: 'bidi\u202Etxt.exe',
  isolate: 'iso\u2066x\u2069',
  script: '<script>alert(1)</script>',
  img: '<img src=x onerror=alert(1)>',
  ticks: 'tick`` ` ```',
  pipe: 'p|q| --- |',
};
const VALUES = Object.values(PAYLOADS);
/**
 * A body that is not JSON, with every payload in it: the quoted body of http.body-json, and V8's
 * parse error that quotes its start (`Unexpected token '<', "<script>al"...`) in the problem's title.
 */
const NOT_JSON = `${PAYLOADS.script}\u001b]0;t\u0007${VALUES.join(' ')}`;

/** Characters no human channel may hold raw: C0 but tab and line feed, DEL, C1, bidi marks, overrides and isolates. */
const RAW_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

const LIST_CASE = 'walk every page at';
const FETCH_CASE = 'each connected participant equals its fetch';
const FILTER_CASE = 'Status=connected: walk every page';
const GREP = [LIST_CASE, FETCH_CASE, FILTER_CASE].join('|');

let mock: RunningMock;
let proxy: RecordingProxy;
let env: Record<string, string>;
let dir: string;
let stepSummary: string;
let githubOutput: string;
let run: CliResult;

/** The report directory's file, as text. */
const read = (name: string): string => fs.readFileSync(path.join(dir, name), 'utf8');

/** Plants every payload into each participant: as the value of a field named after it, and (every other item) as its status. */
const plant = plantInParticipants(VALUES);

beforeAll(async () => {
  mock = await startMock();
  // Fetches of one participant get the body that is not JSON; lists get the planted JSON.
  proxy = await answeringProxy(mock.url, plant, (pathname) => (/\/Participants\/[^/]+$/.test(pathname) ? { status: 200, headers: { 'content-type': 'application/json' }, body: NOT_JSON } : undefined));
  const f = mock.fixtures();
  dir = tmpDir('hostile-output');
  const files = tmpDir('hostile-output-gh');
  stepSummary = path.join(files, 'step-summary.md');
  githubOutput = path.join(files, 'github-output');
  fs.writeFileSync(stepSummary, '');
  fs.writeFileSync(githubOutput, '');
  env = {
    TWILIO_ACCOUNT_SID: f.twilio.accountSid,
    TWILIO_AUTH_TOKEN: f.twilio.authToken,
    ROLLCALL_TWILIO_ROOM_SID: f.twilio.rooms.find((r) => r.participants.connected > 1 && r.participants.disconnected > 0)!.sid,
    ROLLCALL_TWILIO_VIDEO_BASE_URL: proxy.url,
  };
  run = await rollcall(['run', '--target', 'live', '--api', 'twilio-video', '--report-dir', dir, '--grep', GREP, '--verbose'], { ...env, GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: stepSummary, GITHUB_OUTPUT: githubOutput });
}, 170_000);

afterAll(async () => {
  await proxy?.close();
  await mock?.close();
});

/** The lines of a text, split the way a runner reads a log: on LF, CR LF and a bare CR. */
const lines = (text: string): string[] => text.split(/\r\n|\n|\r/);

/** An annotation rollcall writes: `::error|warning|notice title=PROPERTY::DATA`, every `%` one of the runner's escapes. */
const ANNOTATION = /^::(error|warning|notice) title=((?:[^:,%\r\n]|%25|%0D|%0A|%3A|%2C)*)::((?:[^%\r\n]|%25|%0D|%0A)*)$/u;

/** A line with the code spans (CommonMark: a run of n backticks closed by the next run of exactly n) taken out. */
function outsideCodeSpans(line: string): string {
  let out = '';
  let i = 0;
  while (i < line.length) {
    const open = /`+/g;
    open.lastIndex = i;
    const m = open.exec(line);
    if (!m) return out + line.slice(i);
    out += line.slice(i, m.index);
    const close = new RegExp(`(?<!\`)${m[0]}(?!\`)`, 'g');
    close.lastIndex = m.index + m[0].length;
    const c = close.exec(line);
    if (!c) return out + line.slice(m.index);
    i = c.index + c[0].length;
  }
  return out;
}

describe('a hostile target through every reporter of the GitHub Action', () => {
  it('ran to a verdict on the planted answers (exit 1), every planted class reaching the run', () => {
    expect(run.code, run.stdout.slice(-3000) + run.stderr).toBe(1);
    const report = JSON.parse(read('rollcall-report.json')) as { cases: Array<{ name: string; state: string }> };
    expect(report.cases.map((c) => c.name).some((n) => n.includes(FETCH_CASE))).toBe(true);
    expect(proxy.seen.some((s) => /\/Participants\/[^/?]+(\?|$)/.test(s.url))).toBe(true);
  });

  it('the JSON report keeps the exact planted values and field names', () => {
    const report = JSON.parse(read('rollcall-report.json')) as { cases: Array<{ violations: Array<{ rule: string; path: string; actual: unknown; message: string }> }> };
    const violations = report.cases.flatMap((c) => c.violations);
    const undocumented = violations.filter((v) => v.rule === 'drift.undocumented-field');
    for (const value of VALUES) {
      // The name, escaped only as a JSON Pointer segment, and the value, byte for byte.
      expect(undocumented.some((v) => v.path.endsWith(`/${escapeSegment(value)}`) && v.actual === value), JSON.stringify(value)).toBe(true);
    }
    expect(violations.filter((v) => v.rule === 'schema.enum').map((v) => v.actual)).toEqual(expect.arrayContaining([expect.any(String)]));
    for (const v of violations.filter((x) => x.rule === 'schema.enum')) expect(VALUES).toContain(v.actual);
    const notJson = violations.filter((v) => v.rule === 'http.body-json');
    expect(notJson.length).toBeGreaterThan(0);
    expect(notJson.every((v) => NOT_JSON.startsWith(String(v.actual).replace(/…$/, '')))).toBe(true);
    expect(notJson.some((v) => RAW_CONTROL.test(String(v.actual)))).toBe(true);
  });

  it('no line of stdout or stderr is a workflow command but rollcall\'s own annotations, each well-formed and escaped', () => {
    const annotations: string[] = [];
    for (const [name, text] of [['stdout', run.stdout], ['stderr', run.stderr]] as const) {
      for (const line of lines(text)) {
        if (!couldBeWorkflowCommand(line)) continue;
        expect(name === 'stdout' && ANNOTATION.test(line), `${name}: ${JSON.stringify(line)}`).toBe(true);
        annotations.push(line);
      }
    }
    expect(annotations.length).toBeGreaterThan(0);
    for (const a of annotations) {
      const [, , title, data] = ANNOTATION.exec(a) as RegExpExecArray;
      // What the runner shows once it decodes them: no control character from the server, line breaks only rollcall's.
      const shownTitle = decodeURIComponent(title ?? '');
      const shownData = decodeURIComponent(data ?? '');
      expect(shownTitle, a).not.toMatch(/[\r\n]/);
      expect(RAW_CONTROL.test(shownTitle) || RAW_CONTROL.test(shownData), a).toBe(false);
      expect(shownData.split('\n').every((l) => forCiLog(l) === l), a).toBe(true);
    }
    // Annotations quote the server: its payloads are in them, escaped.
    expect(annotations.join('\n')).toMatch(/\\u001b|\\n::error::pwned|\\u202e/);
  });

  it('no raw control character from the server in stdout or stderr; each payload shows escaped', () => {
    for (const [name, text] of [['stdout', run.stdout], ['stderr', run.stderr]] as const) {
      const bad = lines(text).filter((l) => RAW_CONTROL.test(l));
      expect(bad, name).toEqual([]);
      expect(text, name).not.toContain('\r');
    }
    // The live lines and the summary name the planted fields, escaped where they are put into the line.
    expect(run.stdout).toContain(forTerminal(PAYLOADS.error as string));
    expect(run.stdout).toContain(forTerminal(PAYLOADS.csi as string));
    expect(run.stdout).toContain(forTerminal(PAYLOADS.bidi as string));
  });

  it('the step summary: no workflow command, no raw control character, no markup outside code spans; GITHUB_OUTPUT untouched', () => {
    const summary = fs.readFileSync(stepSummary, 'utf8');
    expect(summary).toContain('## rollcall');
    expect(summary).toBe(read('rollcall-summary.md'));
    for (const line of lines(summary)) {
      expect(couldBeWorkflowCommand(line), JSON.stringify(line)).toBe(false);
      expect(RAW_CONTROL.test(line), JSON.stringify(line)).toBe(false);
      // A tag, comment or declaration could start only at a raw `<` followed by a letter, `/`, `!` or `?`.
      expect(outsideCodeSpans(line), JSON.stringify(line)).not.toMatch(/<[A-Za-z/!?]/);
    }
    // The planted markup is there as text: entities in prose, literal inside a code span.
    expect(summary).toMatch(/&lt;script&gt;|`[^`]*<script>alert\\?\(1\\?\)<\/script>[^`]*`/);
    expect(fs.readFileSync(githubOutput, 'utf8')).toBe('');
  });

  it('JUnit: valid text with no raw control character; the payloads shown as escapes', () => {
    const xml = read('rollcall-junit.xml');
    expect(RAW_CONTROL.test(xml)).toBe(false);
    expect(xml).not.toContain('\r');
    expect(xml).not.toMatch(/<script|<img/);
    expect(xml).toContain('\\u001b');
  });

  it('HTML: no raw control character, no markup from the server in the file', () => {
    const html = read('rollcall-report.html');
    expect(RAW_CONTROL.test(html)).toBe(false);
    expect(html.match(/<script\b/g)).toHaveLength(1);
    // No tag from the server (an <img onerror> would be one); its handlers are looked for in the browser below.
    expect(html).not.toMatch(/<img\b/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('the HTML report of the hostile run in headless Chromium', () => {
  let browser: LaunchedChromium | undefined;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const dialogs: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    profile = tmpDir('hostile-chromium');
    browser = await launchChromium(profile);
    context = browser.context;
    page = await context.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => void errors.push(e.message));
    // Any planted script or handler would call alert: record it before the page's own code runs.
    await page.addInitScript(() => {
      const w = window as unknown as { __alerts: unknown[]; alert: (m?: unknown) => void };
      w.__alerts = [];
      w.alert = (m?: unknown) => void w.__alerts.push(m);
    });
    await page.goto(`file://${path.join(dir, 'rollcall-report.html')}`, { waitUntil: 'load' });
    // Open every details element, so that every sample's markup is rendered.
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => d.setAttribute('open', '')));
    await page.waitForTimeout(300);
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
  });

  it('no planted script ran, no dialog opened, no element came from the server', async () => {
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __alerts: unknown[] }).__alerts.length)).toBe(0);
    expect(await page.locator('script').count()).toBe(1);
    expect(await page.locator('img').count()).toBe(0);
    const handlers = await page.evaluate(() => [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].filter((a) => a.name.startsWith('on')).map((a) => `${e.tagName} ${a.name}`)));
    expect(handlers).toEqual([]);
    // The planted markup is on the page as text, escaped for the eye too.
    const text = await page.evaluate(() => document.body.innerText);
    expect(text).toContain('<script>alert(1)</script>');
    expect(RAW_CONTROL.test(text)).toBe(false);
  });
});

describe('--verbose', () => {
  it('prints each failing case\'s detail with the server\'s text escaped: no split line', () => {
    // No command line and no raw control character on any line: above, on the same stdout and stderr.
    for (const line of lines(`${run.stdout}\n${run.stderr}`)) {
      // A payload's raw line break would leave its second half on a line of its own.
      expect(line, JSON.stringify(line)).not.toMatch(/^(::|\\::)(error::pwned|add-mask|set-output|stop-commands)/);
    }
    // The detail lines (rule, path, expected, actual) carry the planted text, escaped.
    expect(run.stdout).toMatch(/^ {6}schema\.enum \(error\) at \/participants\/\d+\/status: /m);
    expect(run.stdout).toMatch(/^ {8}actual: {3}".*\\u001b/m);
  });
});
