/** The covering phase's pure parts: the classes, the page size of each boundary position, the bounds, shrinking, and the coverage report's classes. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/index.js';
import { paramSpace } from '../../src/explore/space.js';
import { coverArbitrary, coverClasses, describeClass, resolveCover, sizeFor, type CoverRecipe } from '../../src/explore/cover.js';
import { expectedItems } from '../../src/explore/model.js';
import { parameterCombinations } from '../../src/explore/combinations.js';
import { Unmet } from '../../src/run/needs.js';
import { badValuesOf } from '../../src/explore/recipe.js';
import type { Parent, Universe } from '../../src/explore/universe.js';

const catalog = await loadCatalog();
const VIDEO = 'twilio-video.listRoomParticipants';
const TELNYX = 'telnyx.listRoomSessionParticipants';
const INSIGHTS = 'twilio-insights.listConferenceParticipants';
const video = paramSpace(catalog, VIDEO);
const telnyx = paramSpace(catalog, TELNYX);

describe('coverClasses', () => {
  it('covers every filter x each Status (and none) x each bound position, with each page-boundary position', () => {
    const names = coverClasses(video).map((c) => describeClass(video, c));
    const statuses = ['Status default', ...(video.filters[0]?.values ?? []).map((v) => `Status=${v}`)];
    for (const status of statuses) {
      for (const pages of ['exact', 'one-item-last', 'three-pages']) expect(names).toContain(`walk ${status}, pages ${pages}`);
      expect(names).toContainEqual(expect.stringMatching(new RegExp(`^walk ${status}, Identity, pages `)));
      for (const param of ['DateCreatedAfter', 'DateCreatedBefore']) {
        for (const position of ['before', 'between', 'on', 'after']) expect(names).toContainEqual(expect.stringMatching(new RegExp(`^walk ${status}, ${param} ${position}, pages `)));
      }
    }
    expect(names).toContainEqual(expect.stringMatching(/^walk Status default, DateCreatedAfter gap-1, pages /));
    expect(names).toContainEqual(expect.stringMatching(/^walk Status default, Identity, DateCreatedAfter on, pages /));
    expect(names.filter((n) => n.startsWith('negative '))).toHaveLength(badValuesOf(video).length);
  });

  it('Telnyx: every operator of every date filter at every position, pairs of filters; no Status', () => {
    const names = coverClasses(telnyx).map((c) => describeClass(telnyx, c));
    for (const f of ['date_joined_at', 'date_updated_at', 'date_left_at']) {
      for (const op of ['eq', 'gte', 'lte']) for (const p of ['before', 'between', 'on', 'after', 'gap-1']) expect(names).toContainEqual(expect.stringMatching(new RegExp(`^walk filter\\[${f}\\]\\[${op}\\] ${p}, pages `)));
    }
    expect(names).toContain('walk filter[date_joined_at][eq] on, filter[context], pages exact');
    expect(names.some((n) => n.includes('Status'))).toBe(false);
  });

  it('fits in --explore 100 for every list operation', () => {
    for (const op of [VIDEO, TELNYX, INSIGHTS]) expect(coverClasses(paramSpace(catalog, op)).length).toBeLessThanOrEqual(100);
  });
});

describe('sizeFor: the page size of each boundary position', () => {
  const lastPage = (count: number, size: number) => count - size * (Math.ceil(count / size) - 1);
  it.each([13, 24, 100, 1000, 2345])('%i items', (count) => {
    const exact = sizeFor(video, 'exact', count);
    expect(count % exact).toBe(0);
    const one = sizeFor(video, 'one-item-last', count);
    expect(lastPage(count, one)).toBe(1);
    expect(Math.ceil(count / one)).toBeGreaterThanOrEqual(2);
    expect(Math.ceil(count / sizeFor(video, 'three-pages', count))).toBeGreaterThanOrEqual(3);
  });

  it('stays within the page-size bounds of schemas/ (Telnyx: at most its maximum)', () => {
    for (const b of ['exact', 'one-item-last', 'three-pages'] as const) expect(sizeFor(telnyx, b, 1000)).toBeLessThanOrEqual(telnyx.size.max);
  });

  it('a list too small for the boundary: skipped with the reason when the boundary is the class, else the nearest size', () => {
    expect(() => sizeFor(video, 'three-pages', 2)).toThrow(/holds 2 item\(s\); three pages needs 3 or more/);
    expect(sizeFor(video, 'three-pages', 2, false)).toBe(1);
    expect(sizeFor(video, 'exact', 0, false)).toBe(video.size.min);
  });
});

describe('coverArbitrary', () => {
  it('draws the whole class for every seed; shrinking drops one filter at a time, then the paging', () => {
    const arb = coverArbitrary(fc, 7, 2);
    const drawn = [1, 2, 99, -5].map((seed) => fc.sample(arb, { seed, numRuns: 1 })[0]);
    expect(new Set(drawn.map((d) => JSON.stringify(d)))).toEqual(new Set([JSON.stringify({ cover: 7, drop: [], plain: false })]));
    const shrinks = [...arb.shrink({ cover: 7, drop: [], plain: false }, undefined)].map((v) => v.value);
    expect(shrinks).toEqual([{ cover: 7, drop: [0], plain: false }, { cover: 7, drop: [1], plain: false }, { cover: 7, drop: [], plain: true }]);
    expect([...arb.shrink({ cover: 7, drop: [0, 1], plain: true }, undefined)]).toEqual([]);
  });
});

describe('resolveCover: bounds placed from the data', () => {
  const p = (sid: string, status: string, created: string, updated: string, identity = sid) => ({ sid, status, identity, date_created: created, start_time: created, date_updated: updated });
  const all = [
    p('PA1', 'connected', '2024-03-04T09:00:10Z', '2024-03-04T09:00:10Z', 'alice'),
    p('PA2', 'disconnected', '2024-03-04T09:00:20Z', '2024-03-04T09:10:20Z', 'alice'),
    p('PA3', 'connected', '2024-03-04T09:00:40Z', '2024-03-04T09:00:40Z', 'bob'),
    p('PA4', 'connected', '2024-03-04T09:01:40Z', '2024-03-04T09:01:40Z', 'carol'),
  ];
  const universe: Universe = {
    all,
    unfiltered: all.filter((i) => i.status === 'connected'),
    strings: new Map(),
    timestamps: [...new Set(all.flatMap((i) => [i.date_created, i.date_updated]))].sort(),
    dates: ['2024-03-04'],
    documentedDefault: { field: 'status', value: 'connected', state: 'in-progress', because: 'the room is in-progress' },
  };
  const parents: Parent[] = [{ id: 'RM1', baseUrl: 'http://127.0.0.1:1' }];
  const classIndex = (name: string) => coverClasses(video).findIndex((c) => describeClass(video, c).startsWith(name));
  const run = (name: string, r: Partial<CoverRecipe> = {}) => resolveCover(catalog, video, parents, async () => universe, { cover: classIndex(name), drop: [], plain: false, ...r });

  it.each([
    ['walk Status default, DateCreatedAfter before', [['DateCreatedAfter', '2024-03-04T09:00:09Z']]],
    ['walk Status default, DateCreatedAfter between', [['DateCreatedAfter', '2024-03-04T09:00:25Z']]],
    ['walk Status default, DateCreatedAfter on', [['DateCreatedAfter', '2024-03-04T09:00:40Z']]],
    ['walk Status default, DateCreatedAfter after', [['DateCreatedAfter', '2024-03-04T09:01:41Z']]],
    // Between PA2's date_created and date_updated (the first other field that disagrees): PA2 is disconnected, so its Status is sent.
    ['walk Status default, DateCreatedAfter gap-1', [['Status', 'disconnected'], ['DateCreatedAfter', '2024-03-04T09:05:20Z']]],
    // The identity two participants share: the connected alice is listed, the disconnected one is an extra item.
    ['walk Status default, Identity, pages', [['Identity', 'alice']]],
  ])('%s -> %j', async (name, filters) => {
    const { resolved } = await run(name);
    expect(resolved.filters).toEqual(filters);
    expect(resolved.kind).toBe('walk');
  });

  it('a walk at the size of its boundary; shrunk, a page at the default size without the dropped filter', async () => {
    const { resolved } = await run('walk Status=connected, pages one-item-last');
    expect(resolved.paging).toEqual([['PageSize', '2']]);
    const shrunk = await run('walk Status default, DateCreatedAfter gap-1', { drop: [0], plain: true });
    expect(shrunk.resolved).toMatchObject({ kind: 'page', paging: [], filters: [['DateCreatedAfter', '2024-03-04T09:05:20Z']] });
  });

  it('a class the data cannot realise is Unmet, with what data would', async () => {
    await expect(run('walk Status=reconnecting, pages exact')).rejects.toThrow(Unmet);
    await expect(run('walk Status=reconnecting, pages exact')).rejects.toThrow(/no participant has Status=reconnecting/);
    await expect(run('walk Status default, DateCreatedAfter gap-3')).rejects.toThrow(/other timestamp field/);
  });

  it('the model takes the documented default where the room state is known or inferred', () => {
    const e = expectedItems(catalog, video, { ...universe, unfiltered: all }, [['Identity', 'alice']]);
    expect(e?.required.map((i) => i.sid)).toEqual(['PA1']);
  });
});

describe('parameterCombinations: covering classes', () => {
  it('lists the classes cases walked and why the others could not run', () => {
    const url = 'http://x/v1/Rooms/RM1/Participants?PageSize=5';
    const rows = parameterCombinations(catalog, [{ operation: VIDEO, url }], [
      { operation: VIDEO, name: '#0 cover: walk Status default, pages exact', state: 'passed' },
      { operation: VIDEO, name: '#1 cover: walk Status default, pages one-item-last (replay 0:1)', state: 'failed' },
      { operation: VIDEO, name: '#11 cover: walk Status=reconnecting, pages three-pages', state: 'skipped', skipReason: 'no twilio-video parent has the data' },
      { operation: VIDEO, name: '#80 walk, RM1', state: 'passed' },
    ]);
    expect(rows[0]?.coverClasses).toEqual({
      total: coverClasses(video).length,
      covered: 2,
      unmet: [{ class: 'walk Status=reconnecting, pages three-pages', reason: 'no twilio-video parent has the data' }],
      list: [
        { class: 'walk Status default, pages exact', state: 'passed' },
        { class: 'walk Status default, pages one-item-last', state: 'failed' },
        { class: 'walk Status=reconnecting, pages three-pages', state: 'skipped' },
      ],
    });
  });
});
