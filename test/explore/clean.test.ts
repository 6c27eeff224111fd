/**
 * `--explore 100` on targets with no bug gives no error under a few seeds: the sandbox's proxy with
 * its bugs off (the mock used as a live target), and the embedded mock with all its fixtures. What the
 * covering phase and the extra-item judgement add must not cry wolf.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from './sandbox.js';
import { exploreEmbeddedMock, exploreInProcess, type CaseRun } from './in-process.js';

const N = 100;
const isCover = (c: CaseRun) => /^#\d+ cover: /.test(c.name);

describe(`--explore ${N} with no bug: no error`, () => {
  let clean: Sandbox;
  beforeAll(async () => {
    clean = await startSandbox(undefined, { bugs: false });
  });
  afterAll(async () => {
    await clean?.close();
  });

  it('the same proxy with no bug: no error under a few seeds', async () => {
    for (const seed of [1, 7, 42]) {
      const runs = await exploreInProcess(clean.env, { cases: N, seed });
      const failed = runs.filter((c) => c.state === 'failed').map((c) => `${c.operation} ${c.name}: ${c.violations.map((v) => `${v.rule} ${v.path} ${v.message}`).slice(0, 3).join(' | ')}`);
      expect(failed, `seed ${seed}`).toEqual([]);
      // Every class was tried: covering cases ran before the sampled ones (skipped ones say why).
      expect(runs.filter((c) => isCover(c) && c.state === 'skipped').every((c) => /no .* parent has the data for/.test(c.skipReason ?? ''))).toBe(true);
    }
  }, 120_000);

  it('the embedded mock (every room, conference and session of its fixtures): no error under a few seeds', async () => {
    for (const seed of [1, 42]) {
      const runs = await exploreEmbeddedMock({ cases: N, seed });
      const failed = runs.filter((c) => c.state === 'failed').map((c) => `${c.operation} ${c.name}: ${c.violations.map((v) => `${v.rule} ${v.path} ${v.message}`).slice(0, 3).join(' | ')}`);
      expect(failed, `seed ${seed}`).toEqual([]);
      expect(runs.filter((c) => c.state !== 'skipped').length).toBeGreaterThan(200);
    }
  }, 120_000);
});
