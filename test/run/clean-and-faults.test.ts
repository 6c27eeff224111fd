/**
 * The self-test of `rollcall run`: a clean run against the embedded mock passes with zero
 * violations, and every mock fault makes the run fail with the rule that fault breaks.
 */
import { describe, expect, it } from 'vitest';
import { FAULTS } from '../../src/mock/index.js';
import { loadCatalog } from '../../src/index.js';
import { readReport, rollcall, tmpDir, writeConfig } from './support.js';

const catalog = await loadCatalog();
const severityOf = new Map(catalog.rules().map((r) => [r.id, r.severity]));

describe('a clean run against the embedded mock', () => {
  it('passes every case of every operation with zero violations', async () => {
    const dir = tmpDir('clean');
    const r = await rollcall(['run', '--report-dir', dir]);
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
  });
});

/** Where each fault shows: the API whose suite observes its rule (Telnyx rules on Telnyx, the rest on Video). */
const apiFor = (rule: string) => (rule.startsWith('telnyx.') ? 'telnyx' : 'twilio-video');

describe.each(FAULTS.map((f) => [f.name, f] as const))('rollcall run --faults %s', (_name, fault) => {
  it(`fails with ${fault.rule}`, async () => {
    const dir = tmpDir(`fault-${fault.name}`);
    // Short delays so that slow and rate-limited faults take seconds, not minutes; the mock answers in ~1 ms, so 15 ms is slow.
    const config = writeConfig(dir, { faultSettings: { slowMs: 30, retryAfterSeconds: 0, burstLength: 1 }, slowMs: 15, rateLimitBackoffMs: 5 });
    // A rule that is a warning by default fails a run only under --strict (as a gate would set it).
    const strict = severityOf.get(fault.rule) === 'warning' ? ['--strict'] : [];
    const r = await rollcall(['run', '--faults', fault.name, '--api', apiFor(fault.rule), '--config', config, '--report-dir', dir, ...strict]);
    expect(r.code, r.stdout.slice(-2000)).toBe(1);
    const report = readReport(dir);
    const failing = report.cases.filter((c) => c.state === 'failed');
    expect(failing.length).toBeGreaterThan(0);
    const rules = new Set(failing.flatMap((c) => c.violations.map((v) => v.rule)));
    expect([...rules]).toContain(fault.rule);
    // The summary names the rule too, as a cause or as a consequence of one.
    expect(r.stdout.slice(r.stdout.lastIndexOf('problems ('))).toMatch(new RegExp(`[(\\s]${fault.rule.replace(/\./g, '\\.')}[)\\s]`));
  });
});
