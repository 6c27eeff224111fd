/**
 * "Explore covers before it samples" (issue 20): with `--explore 100`, the covering phase finds every
 * bug of the sandbox (sandbox.ts) under any seed, because it is the same for every seed: ten seeds,
 * the same covering cases with the same results, each bug found there at its rule (clean.test.ts: the
 * same proxy with no bug gives no error). Run in-process (in-process.ts): ten CLI runs would take minutes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from './sandbox.js';
import { exploreInProcess, type CaseRun } from './in-process.js';

const N = 100;
const SEEDS = [1, 2, 3, 5, 8, 13, 21, 34, 55, 286];
const VIDEO = 'twilio-video.listRoomParticipants';
const INSIGHTS = 'twilio-insights.listConferenceParticipants';
const TELNYX = 'telnyx.listRoomSessionParticipants';

/** Each bug of the sandbox: the operation, the rule it breaks, and the covering class (the case's name) that must find it. */
const BUGS = [
  { bug: 'filter[context] ignored beside a date filter', operation: TELNYX, rule: 'filter.context', cover: /filter\[date_[a-z_]+\]\[[a-z]+\] on, filter\[context\]/ },
  { bug: 'the one-item last page lost', operation: INSIGHTS, rule: 'pagination.missing-item', cover: /pages one-item-last/ },
  { bug: 'identities changed under DateCreatedBefore', operation: VIDEO, rule: 'consistency.fetch-matches-list', cover: /DateCreatedBefore/ },
  { bug: 'DateCreatedAfter compared with date_updated', operation: VIDEO, rule: 'filter.date-created-after', cover: /DateCreatedAfter (between|gap-1)/ },
  { bug: 'other statuses under Identity without Status', operation: VIDEO, rule: 'filter.partition', cover: /Status default, Identity, pages/ },
] as const;

const isCover = (c: CaseRun) => /^#\d+ cover: /.test(c.name);
const rulesOf = (c: CaseRun) => [...new Set(c.violations.filter((v) => v.severity === 'error').map((v) => v.rule))].sort();
/** What a covering case did, seed aside: its name, state and the rules it broke. */
const coverResults = (runs: CaseRun[]) => runs.filter(isCover).map((c) => `${c.operation} ${c.name} ${c.state} ${rulesOf(c).join(' ')}`).sort();

describe(`--explore ${N}: the covering phase finds every bug under every seed`, () => {
  let buggy: Sandbox;
  beforeAll(async () => {
    buggy = await startSandbox();
  });
  afterAll(async () => {
    await buggy?.close();
  });

  it('ten seeds: the same covering cases and results, each bug found by one at its rule', async () => {
    let first: string[] | undefined;
    for (const seed of SEEDS) {
      const runs = await exploreInProcess(buggy.env, { cases: N, seed });
      const cover = coverResults(runs);
      first ??= cover;
      expect(cover, `seed ${seed}`).toEqual(first);
      for (const b of BUGS) {
        const finders = runs.filter((c) => isCover(c) && c.operation === b.operation && b.cover.test(c.name) && c.violations.some((v) => v.rule === b.rule && v.severity === 'error'));
        expect(finders.length, `seed ${seed}: ${b.bug} (${b.rule})`).toBeGreaterThan(0);
      }
    }
  }, 240_000);
});
