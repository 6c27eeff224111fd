/**
 * A busy room is not a red build: the churn rules (what the data did while rollcall read it) are
 * reported but never fail a case, not even under --strict; a real defect under the same churn still does.
 */
import { describe, expect, it } from 'vitest';
import { readReport, rollcall, tmpDir, writeConfig } from './support.js';
import { INFORMATIONAL_RULES } from '../../src/checks/walk/informational.js';

describe('rollcall run --churn on the embedded mock', () => {
  it('--strict passes with churn findings reported, and still fails on a paging defect under the same churn', async () => {
    const dir = tmpDir('churn-strict');
    const config = writeConfig(dir, { slowMs: 60_000 });
    const busy = await rollcall(['run', '--api', 'telnyx', '--churn', '1', '--strict', '--config', config, '--report-dir', `${dir}/busy`]);
    expect(busy.code, busy.stdout.slice(-2000)).toBe(0);
    const seen = readReport(`${dir}/busy`).cases.flatMap((c) => c.violations);
    expect(seen.length).toBeGreaterThan(0);
    for (const v of seen) expect(INFORMATIONAL_RULES.has(v.rule), v.rule).toBe(true);

    const broken = await rollcall(['run', '--api', 'telnyx', '--churn', '1', '--strict', '--faults', 'filter-ignored', '--config', config, '--report-dir', `${dir}/broken`]);
    expect(broken.code).toBe(1);
    expect(readReport(`${dir}/broken`).cases.flatMap((c) => c.violations).map((v) => v.rule)).toContain('filter.context');
  }, 300_000);

  it('--churn is a usage error off the mock, or out of range', async () => {
    const live = await rollcall(['run', '--target', 'live', '--churn', '1']);
    expect(live.code).toBe(2);
    expect(live.stderr).toMatch(/--churn applies to the embedded mock only/);
    const high = await rollcall(['run', '--churn', '99']);
    expect(high.code).toBe(2);
    expect(high.stderr).toMatch(/--churn must be a number/);
  });
});
