/** The registry of multi-exchange rules: every rule of the brief, once, with metadata; none clashes with the catalog's rules. */
import { describe, expect, it } from 'vitest';
import * as multi from '../../src/checks/multi.js';
import { getCatalog } from './support.js';

describe('MULTI_RULES', () => {
  it('lists every multi-exchange rule once, in report order, with its kind and severity', () => {
    expect(multi.MULTI_RULES.map((r) => [r.id, r.severity, r.kind])).toEqual([
      ['pagination.page-not-full', 'error', 'walk'],
      ['pagination.links-consistent', 'error', 'walk'],
      ['pagination.filters-kept', 'error', 'walk'],
      ['pagination.page-index-sequence', 'error', 'walk'],
      ['pagination.next-null-at-end', 'error', 'walk'],
      ['pagination.next-page-cycle', 'error', 'walk'],
      ['pagination.next-page-off-origin', 'error', 'walk'],
      ['pagination.walk-budget', 'warning', 'walk'],
      ['pagination.duplicate-item', 'error', 'walk'],
      ['pagination.missing-item', 'error', 'walk'],
      ['pagination.unstable-order', 'error', 'walk'],
      ['telnyx.totals-match-walk', 'error', 'walk'],
      ['pagination.churn-observed', 'warning', 'walk'],
      ['pagination.offset-shift', 'warning', 'walk'],
      ['pagination.page-size-out-of-range', 'error', 'page-size'],
      ['pagination.page-size-clamped', 'warning', 'page-size'],
      ['filter.partition', 'error', 'partition'],
      ['consistency.fetch-matches-list', 'error', 'consistency'],
      ['consistency.identity-fetch', 'error', 'consistency'],
      ['consistency.url-resolves', 'error', 'consistency'],
      ['lifecycle.kick-sets-end', 'error', 'lifecycle'],
      ['lifecycle.kick-moves-filter', 'error', 'lifecycle'],
      ['lifecycle.second-kick', 'error', 'lifecycle'],
    ]);
  });

  it('gives each rule a one-sentence description', () => {
    for (const r of multi.MULTI_RULES) expect([r.description.endsWith('.'), r.description.slice(0, -1).includes('. ')], r.id).toEqual([true, false]);
  });

  it('is known to the catalog exactly once each, so that severity overrides accept them', () => {
    const ids = getCatalog().rules().map((r) => r.id);
    expect(ids.length).toBe(new Set(ids).size);
    expect(multi.MULTI_RULES.map((r) => r.id).filter((id) => !ids.includes(id))).toEqual([]);
  });

  it('exports the functions the runner calls', () => {
    for (const name of ['walkPages', 'checkWalk', 'createWalkContext', 'pageSizeOutOfRange', 'partition', 'fetchMatchesList', 'identityFetch', 'urlResolves', 'kickSetsEnd', 'kickMovesFilter', 'secondKick', 'listedFromWalk', 'listedFromExchange'] as const) {
      expect(typeof multi[name], name).toBe('function');
    }
  });

  it('one file per rule, named after the rule id without its area', async () => {
    const { readdirSync } = await import('node:fs');
    const files = new Set(['walk', 'consistency', 'lifecycle'].flatMap((dir) => readdirSync(new URL(`../../src/checks/${dir}/`, import.meta.url)).map((f) => `${dir}/${f}`)));
    const fileOf = (id: string, kind: string): string => `${kind === 'walk' || kind === 'page-size' ? 'walk' : kind === 'partition' ? 'consistency' : kind}/${id.split('.')[1]}.ts`;
    expect(multi.MULTI_RULES.map((r) => fileOf(r.id, r.kind)).filter((f) => !files.has(f))).toEqual([]);
  });
});
