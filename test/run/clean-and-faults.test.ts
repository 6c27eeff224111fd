/**
 * The self-test of `rollcall run`: a clean run against the embedded mock passes with zero
 * violations, and every mock fault makes the run fail with the rule that fault breaks.
 *
 * The faults run in three groups, one `rollcall run` each, instead of one run per fault (18 runs of
 * about 14 s of CPU each were this suite's slowest file). A group holds faults whose rules no other
 * fault of the group produces on its own: measured with one run per fault (2026-12-06), the side rules
 * of a fault alone were
 *   bad-sid-pattern: consistency.*, filter.dropped-match, pagination.missing-item, pagination.churn-observed, lifecycle.*, http.invalid-parameter
 *   enum-drift: consistency.fetch-matches-list, filter.status, filter.dropped-match, filter.partition, lifecycle.kick-sets-end
 *   missing-field, type-change, undocumented-field: consistency.fetch-matches-list
 *   page-size-ignored: pagination.links-consistent, pagination.page-not-full, pagination.next-null-at-end
 *   next-page-loop: pagination.full-page-before-last, pagination.next-null-at-end
 *   dropped-item: filter.dropped-match;  filter-ignored: filter.partition, lifecycle.kick-moves-filter
 *   meta-inconsistent: pagination.full-page-before-last, pagination.page-not-full, pagination.next-null-at-end, telnyx.totals-match-walk
 *   error-format: drift.undocumented-field, pagination.page-size-out-of-range
 *   the other faults: their own rule only
 * so enum-drift and filter-ignored (filter.status), bad-sid-pattern and dropped-item (pagination.missing-item),
 * error-format and undocumented-field (drift.undocumented-field), and the two rate-limit faults
 * (http.rate-limited) are in different groups, and each fault's rule in a group's run is that fault's doing.
 * The paging faults have a group of their own: beside them the page-size, rate-limit and error faults hid
 * pagination.duplicate-item and telnyx.total-pages (measured 2026-12-06 with the groups merged).
 *
 * A group's run is narrowed to the cases that catch its faults (GREP): the walks over three pages of each
 * list (items, paging, filters, every response's status, type and timing) and the 404 of an unknown parent
 * (the error body, and a path of its own for the rate limits). A narrower run only drops cases, so it can
 * only drop side rules: each fault's rule stays its own doing. That a fault-free mock gives none of these
 * rules on any case is the clean run, which stays the full default run (every API, every case) and the
 * file's one run of the real binary; the groups run `main` in this process.
 *
 * What a fault breaks on one response, rule by rule, is test/mock/faults.test.ts; that the verdict follows
 * the rule's severity (an error fails a run, a warning only under --strict) is the check below on
 * each fault's violations plus test/run/verdict.test.ts and the summary tests.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { FAULTS } from '../../src/mock/index.js';
import { loadCatalog } from '../../src/index.js';
import { readReport, rollcall, tmpDir, writeConfig, type CliResult } from './support.js';
import { rollcallInProcess } from '../support/in-process-cli.js';

const catalog = await loadCatalog();
const severityOf = new Map(catalog.rules().map((r) => [r.id, r.severity]));

/**
 * Every run of this file starts at once (beforeAll below): the clean run is a child process, and the fault
 * groups run in this process one after another while it runs.
 */
let cleanRun: Promise<{ r: CliResult; dir: string }>;
const groupRuns = new Map<string, Promise<{ r: CliResult; dir: string }>>();

describe('a clean run against the embedded mock', () => {
  it('passes every case of every operation with zero violations', async () => {
    const { r, dir } = await cleanRun;
    expect(r.code, r.stdout.slice(-3000)).toBe(0);
    const report = readReport(dir);
    const violations = report.cases.flatMap((c) => c.violations);
    expect(violations).toEqual([]);
    // Every case passed, or was skipped for what a fixture lacks (with its reason): none failed, none passed on nothing.
    for (const c of report.cases as Array<(typeof report.cases)[number] & { skipReason?: string }>) {
      expect(c.state === 'passed' || (c.state === 'skipped' && !!c.skipReason), `${c.id}: ${c.state}`).toBe(true);
      if (c.state === 'passed') expect(c.exchanges, c.id).toBeGreaterThan(0);
    }
    const operations = new Set(report.cases.map((c) => c.operation));
    expect([...operations].sort()).toEqual(catalog.operations.map((o) => o.id).sort());
    expect(report.cases.length).toBeGreaterThan(200);
    expect(r.stdout).toMatch(/\d+ cases: \d+ passed, 0 failed, \d+ skipped; 0 errors, 0 warnings in 0 problems; \d+ exchanges/);
  }, 240_000);
});

/**
 * The groups. Those with a fault whose rule is a warning run under --strict (as a gate would set it);
 * the others without it, so that their errors alone fail the run. Only the group with `slow` lets a
 * response count as slow: elsewhere the machine's load must not add http.slow.
 */
const GROUPS: Array<{ faults: string[]; apis: string; strict: boolean }> = [
  { faults: ['bad-sid-pattern', 'missing-field', 'type-change', 'filter-ignored', 'duplicate-across-pages', 'error-format', 'rate-limited-no-retry-after'], apis: 'twilio-video', strict: true },
  { faults: ['page-size-ignored', 'next-page-loop', 'meta-inconsistent'], apis: 'twilio-video,telnyx', strict: false },
  { faults: ['dropped-item', 'enum-drift', 'wrong-content-type', 'server-error-burst', 'rate-limited', 'slow', 'undocumented-field'], apis: 'twilio-video', strict: true },
];
/** The cases of a group's run: each list's walks over three pages (every item, page and response) and the 404 of an unknown parent. */
const GREP = 'walk over at least three pages|unknown parent: 404';
const ruleOf = (name: string) => FAULTS.find((f) => f.name === name)?.rule as string;

/** A fault group's run, `main` in this process: its own report directory and config, the JSON report only. */
function runGroup(group: (typeof GROUPS)[number]): Promise<{ r: CliResult; dir: string }> {
  const dir = tmpDir('faults');
  const slow = group.faults.includes('slow');
  // Short delays so that slow and rate-limited faults take seconds, not minutes; the mock answers in ~1 ms, so 15 ms is slow.
  // A kick the faults hide is polled for 1 s, not the default 10 s: the mock shows a kick at once.
  const config = writeConfig(dir, { faultSettings: { slowMs: 30, retryAfterSeconds: 0, burstLength: 1 }, slowMs: slow ? 15 : 60_000, rateLimitBackoffMs: 5, consistencyBudgetMs: 1000 });
  const args = ['run', '--faults', group.faults.join(','), '--api', group.apis, '--grep', GREP, '--config', config, '--report-dir', dir, '--reporter', 'json', ...(group.strict ? ['--strict'] : [])];
  return rollcallInProcess(args).then((r) => ({ r, dir }));
}

beforeAll(() => {
  const dir = tmpDir('clean');
  // Every default but slowMs: a machine loaded by the other test files (an npm install beside it) can hold a
  // response past 250 ms, which is http.slow's business (its fault group below), not the contract's.
  cleanRun = rollcall(['run', '--config', writeConfig(dir, { slowMs: 60_000 }), '--report-dir', dir]).then((r) => ({ r, dir }));
  for (const g of GROUPS) groupRuns.set(g.faults.join(','), runGroup(g));
  // Each test awaits its own run; one that fails before its test is reached is reported there, not here.
  for (const p of [cleanRun, ...groupRuns.values()]) p.catch(() => undefined);
});

describe('the fault groups', () => {
  it('hold every fault once, with distinct rules in a group, and --strict wherever a rule is a warning', () => {
    expect(GROUPS.flatMap((g) => g.faults).sort()).toEqual(FAULTS.map((f) => f.name).sort());
    for (const g of GROUPS) {
      expect(new Set(g.faults.map(ruleOf)).size, g.faults.join(',')).toBe(g.faults.length);
      expect(g.strict, g.faults.join(',')).toBe(g.faults.some((f) => severityOf.get(ruleOf(f)) === 'warning'));
      // Telnyx rules are seen on Telnyx, the rest on Video.
      for (const f of g.faults) expect(g.apis.split(','), f).toContain(ruleOf(f).startsWith('telnyx.') ? 'telnyx' : 'twilio-video');
    }
  });
});

describe.each(GROUPS.map((g) => [g.faults.join(','), g] as const))('rollcall run --faults %s', (names, group) => {
  it(`fails with ${group.faults.map(ruleOf).join(', ')}`, async () => {
    const { r, dir } = await (groupRuns.get(names) as Promise<{ r: CliResult; dir: string }>);
    expect(r.code, r.stdout.slice(-2000)).toBe(1);
    const report = readReport(dir);
    const failing = report.cases.filter((c) => c.state === 'failed');
    const summary = r.stdout.slice(r.stdout.lastIndexOf('problems ('));
    for (const fault of group.faults) {
      const rule = ruleOf(fault);
      const found = failing.flatMap((c) => c.violations.filter((v) => v.rule === rule));
      expect(found.length, `${fault}: no failing case has ${rule}`).toBeGreaterThan(0);
      // At the rule's own severity: an error fails a run by itself, a warning under --strict.
      expect(new Set(found.map((v) => v.severity)), fault).toEqual(new Set([severityOf.get(rule)]));
      // The summary names the rule too, as a cause or as a consequence of one.
      expect(summary, fault).toMatch(new RegExp(`[(\\s]${rule.replace(/\./g, '\\.')}[)\\s]`));
    }
  }, 240_000);
});
