/**
 * Issue 18, bounded whatever the values: a case (src/run/outcome.ts) keeps a few distinct actual
 * values of a problem on a request with entries of their own and counts every other value on one
 * entry, so that a page whose every item carries its own bad sid costs what a page of one bad sid
 * costs; every count stays exact (the problems built from the kept entries equal the problems built
 * from every violation the catalog finds).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog, type Catalog } from '../../src/catalog/catalog.js';
import { Outcome, VALUES_PER_REQUEST } from '../../src/run/outcome.js';
import { Redactor } from '../../src/run/redact.js';
import { DEFAULT_SETTINGS } from '../../src/run/target.js';
import type { Session } from '../../src/run/session.js';
import type { ProbeResult } from '../../src/run/probe.js';
import type { Violation } from '../../src/types.js';
import { problemsOfCases, ProblemSet, weight, type Problem } from '../../src/findings/index.js';

const LIST = 'twilio-video.listRoomParticipants';
const URL = 'http://127.0.0.1:4010/v1/Rooms/RMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Participants?PageSize=50';
const REQUEST = { method: 'GET', url: URL };

let catalog: Catalog;

beforeAll(async () => {
  catalog = await loadCatalog();
}, 60_000);

/** An Outcome in a session that holds only what the fold reads: the catalog, the settings, a redactor without secrets. */
function outcome(): Outcome {
  const session = {
    target: { settings: DEFAULT_SETTINGS },
    catalog,
    redactor: new Redactor([]),
    accountSid: () => undefined,
    probe: () => {
      throw new Error('no probe in this test');
    },
    skipReason: () => undefined,
  };
  // The fold reads only the parts above; a whole Session needs a running target.
  return new Outcome(session as unknown as Session, LIST);
}

/** A Video list page of `n` participants that each carry a malformed sid (nothing else): `distinct` gives each its own. */
function page(n: number, distinct: boolean): ProbeResult {
  const participants = Array.from({ length: n }, (_, i) => ({ sid: distinct ? `XX${i.toString(16).padStart(5, '0')}` : 'XX1' }));
  const body = { participants, meta: { page: 0, page_size: 50, first_page_url: URL, previous_page_url: null, next_page_url: null, url: URL, key: 'participants' } };
  return { exchange: { operationId: LIST, request: REQUEST, response: { status: 200, headers: { 'content-type': 'application/json' }, body } }, text: '', durationMs: 1, findings: [], curl: `curl '${URL}'` };
}

/** What a report reads of problems: per fingerprint, the exact counts and the consequence mark. */
function countsOf(problems: Problem[]): Record<string, unknown> {
  return Object.fromEntries(problems.map((p) => [p.id, { violations: p.counts.violations, items: p.counts.items, exchanges: p.counts.exchanges, consequenceOf: p.consequenceOf?.id }]));
}

function finding(actual: unknown, index: number): { path: string; expected: unknown; actual: unknown; message: string; hint: string; request: typeof REQUEST } {
  return { path: `/participants/${index}/sid`, expected: '^PA[0-9a-fA-F]{32}$', actual, message: 'sid does not match the Participant SID pattern.', hint: 'Send a Participant SID.', request: REQUEST };
}

describe('a case folds the values of a problem, bounded whatever the values', () => {
  // Pages of up to 1,000 items (Video's largest PageSize): the fold's limits are a few values per request
  // (VALUES_PER_REQUEST), so a few hundred distinct values are far past them; bigger pages cost seconds of CPU each.
  it('keeps as many entries for a page of 250 distinct bad sids as for 1,000 (and counts every one)', () => {
    const kept: number[] = [];
    for (const n of [250, 1_000]) {
      const o = outcome();
      o.checkResult(page(n, true));
      kept.push(o.violations.length);
      // Exact: the entries weigh what the catalog finds on the page, violation for violation.
      const all = catalog.check(page(n, true).exchange);
      expect(o.violations.reduce((s, v) => s + weight(v), 0)).toBe(all.length);
      const sid = o.violations.filter((v) => v.rule === 'schema.pattern' || v.rule.endsWith('sid-pattern'));
      expect(sid.reduce((s, v) => s + weight(v), 0)).toBe(n);
    }
    // Old behaviour: an entry per distinct value, 250 vs 1,000 whole violations.
    expect(kept[1]).toBe(kept[0]);
    expect(kept[0]).toBeLessThan(200);
  });

  it('costs a page of distinct bad sids a bounded number of entries more than a page of one bad sid', () => {
    const same = outcome();
    same.checkResult(page(1_000, false));
    const distinct = outcome();
    distinct.checkResult(page(1_000, true));
    // Per problem and request: VALUES_PER_REQUEST values with their own entries, plus one for the other values (each: 5 whole + 1 entry).
    expect(distinct.violations.length - same.violations.length).toBeLessThanOrEqual(VALUES_PER_REQUEST * 6);
  });

  it('gives the same problems, counts and consequences as every violation unfolded', () => {
    const o = outcome();
    o.checkResult(page(1_000, true));
    const folded = problemsOfCases([{ id: 'case', violations: o.violations }]).list();
    const raw = new ProblemSet();
    for (const v of catalog.check(page(1_000, true).exchange)) raw.add(v, { case: 'case' });
    expect(countsOf(folded)).toEqual(countsOf(raw.list()));
    const items = folded.find((p) => p.fingerprint.pattern === '/participants/*/sid');
    expect(items?.counts).toMatchObject({ violations: 1_000, items: 1_000 });
    // The samples still show distinct values.
    expect(new Set(items?.samples.map((s) => s.actual)).size).toBe(items?.samples.length);
  });

  // Per kept value: 5 whole and one entry for the rest; past VALUES_PER_REQUEST values, the others share one such fold.
  it.each([
    ['one value', 6, (_i: number) => 'XX1'],
    ['three values', 3 * 6, (i: number) => `XX${i % 3}`],
    [`${VALUES_PER_REQUEST} values`, VALUES_PER_REQUEST * 6, (i: number) => `XX${i % VALUES_PER_REQUEST}`],
    ['a value per item', VALUES_PER_REQUEST + 6, (i: number) => `XX${i}`],
    ['long values (not told apart)', 6, (i: number) => `XX${'0'.repeat(40)}${i}`],
    ['numbers (not told apart)', 6, (i: number) => i],
  ])('%s: a case keeps %i entries, counts exact', (_name, kept: number, actual: (i: number) => unknown) => {
    const o = outcome();
    const n = 1_000;
    for (let i = 0; i < n; i++) o.addLocated('schema.pattern', 'error', finding(actual(i), i));
    expect(o.violations).toHaveLength(kept);
    expect(o.violations.reduce((s, v) => s + weight(v), 0)).toBe(n);
    const p = problemsOfCases([{ id: 'case', violations: o.violations }]).list();
    expect(p.map((x) => [x.counts.violations, x.counts.items])).toEqual([[n, n]]);
  });

  it('says in the failure text that an entry stands for other values', () => {
    const o = outcome();
    for (let i = 0; i < 100; i++) o.addLocated('schema.pattern', 'error', finding(`XX${i}`, i));
    const other = o.violations.find((v: Violation) => v.repeat !== undefined && v.actual === `XX${VALUES_PER_REQUEST + 5}`);
    expect(other?.repeat).toBe(100 - VALUES_PER_REQUEST - 5);
    expect(o.describe([other as Violation])).toContain(`this stands for ${other?.repeat} like it, with other values, on this request, on ${other?.repeat} items`);
  });
});
