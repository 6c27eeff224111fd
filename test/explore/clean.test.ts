/**
 * `--explore 72` (what seeds.test.ts and combination-bugs.test.ts find the bugs with) on targets with
 * no bug gives no error, under two seeds: the sandbox's proxy with its bugs off (the mock used as a live
 * target) under a seed drawn at random (printed; a new one at every run of the suite), and the embedded
 * mock with all its fixtures under a fixed seed. What the covering phase and the extra-item judgement
 * add must not cry wolf. (Each exploration runs 216 cases, about 2 s of CPU in this process: one per
 * target.) Neither is a copy of the other: the proxy's is the live target with the sandbox's parents,
 * the control of seeds.test.ts and combination-bugs.test.ts (the same covering cases fire there), and
 * its random seed draws new sampled cases at every run; the embedded mock's is the mock target with
 * every parent of its fixtures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from './sandbox.js';
import { exploreEmbeddedMock, exploreInProcess, type CaseRun } from './in-process.js';

const N = 72;
const RANDOM_SEED = Math.floor(Math.random() * 2 ** 31);
const isCover = (c: CaseRun) => /^#\d+ cover: /.test(c.name);

describe(`--explore ${N} with no bug: no error`, () => {
  let clean: Sandbox;
  beforeAll(async () => {
    clean = await startSandbox(undefined, { bugs: false });
  });
  afterAll(async () => {
    await clean?.close();
  });

  it('the same proxy with no bug: no error under a seed drawn at random', async () => {
    console.log(`explore clean: random seed ${RANDOM_SEED}`);
    for (const seed of [RANDOM_SEED]) {
      const runs = await exploreInProcess(clean.env, { cases: N, seed });
      const failed = runs.filter((c) => c.state === 'failed').map((c) => `${c.operation} ${c.name}: ${c.violations.map((v) => `${v.rule} ${v.path} ${v.message}`).slice(0, 3).join(' | ')}`);
      expect(failed, `seed ${seed}`).toEqual([]);
      // Every class was tried: covering cases ran before the sampled ones (skipped ones say why).
      expect(runs.filter((c) => isCover(c) && c.state === 'skipped').every((c) => /no .* parent has the data for/.test(c.skipReason ?? ''))).toBe(true);
    }
  }, 240_000);

  it('the embedded mock (every room, conference and session of its fixtures): no error', async () => {
    for (const seed of [42]) {
      const runs = await exploreEmbeddedMock({ cases: N, seed });
      const failed = runs.filter((c) => c.state === 'failed').map((c) => `${c.operation} ${c.name}: ${c.violations.map((v) => `${v.rule} ${v.path} ${v.message}`).slice(0, 3).join(' | ')}`);
      expect(failed, `seed ${seed}`).toEqual([]);
      // Most cases ran (189 of 216 at seed 42): the fixtures have the data for them.
      expect(runs.filter((c) => c.state !== 'skipped').length).toBeGreaterThan((2 / 3) * runs.length);
    }
  }, 240_000);
});
