/**
 * The covering phase of `--explore N`: before any random draw, the first generated cases of a list
 * operation walk one class each, the same for every seed: every filter x each value of the splitting
 * enum (Video's Status, and its absence: the documented default) x a bound position relative to the
 * data (before everyone, between two participants, exactly on one, after everyone; and between two of
 * one participant's timestamps that disagree, so a server comparing the wrong field is caught) x a
 * page-boundary position (a page size that ends the collection exactly on a page boundary, one that
 * leaves a one-item last page, one that gives at least three pages); pairs of filters from one
 * participant; the Status partition; each out-of-schema value. A class is written from the parameter
 * space alone (so cases are named before the target is read); the target's data realises it, on the
 * first parent that can, or the case is skipped with what data would exercise it.
 *
 * A covering case shrinks by dropping its filters one at a time, then its paging (a walk becomes one
 * page at the default size): fast-check's shrink path names the result, so --replay-case works alike.
 */
import type * as FC from 'fast-check';
import type { Catalog } from '../catalog/catalog.js';
import { Unmet } from '../run/needs.js';
import { isoSeconds, shiftDate, time, timestampFieldsOf, utcDate } from '../timestamps.js';
import { defaultItems, expectedItems, fieldRead } from './model.js';
import { badValuesOf, kindsOf, MAX_WALK_PAGES, resolve, type Bad, type Kind, type Recipe, type Resolved } from './recipe.js';
import type { FilterSpec, ParamSpace } from './space.js';
import type { Parent, Universe } from './universe.js';

export type Boundary = 'exact' | 'one-item-last' | 'three-pages';
export const BOUNDARIES: readonly Boundary[] = ['exact', 'one-item-last', 'three-pages'];
export type Position = 'before' | 'between' | 'on' | 'after';
export const POSITIONS: readonly Position[] = ['before', 'between', 'on', 'after'];
/** Other timestamp fields a date filter's field is set against (Video: date_updated, end_time, start_time). */
export const GAP_SLOTS = 3;
/** The prefix of a covering case's name: the coverage report reads its class from it. */
export const COVER_NAME = 'cover: ';

type Item = Record<string, unknown>;

export interface CoverFilter {
  /** The query parameter (`Identity`, `DateCreatedAfter`, `filter[date_joined_at][gte]`). */
  param: string;
  spec: FilterSpec;
  /** A date filter's bound: a position relative to the data, or `gap-K` (between the K-th other timestamp field that disagrees with the one the filter reads). */
  position?: Position | `gap-${number}`;
}

export interface CoverClass {
  kind: Kind;
  /** The splitting enum's value (Video's Status); undefined: not sent (the documented default). */
  status?: string;
  filters: CoverFilter[];
  boundary?: Boundary;
  /** The class is the boundary (no filter): a list too small for it is skipped; elsewhere the boundary is the nearest the list allows. */
  boundaryRequired?: boolean;
  bad?: Bad;
}

/** What fast-check draws and shrinks for a covering case: the class, the filters dropped (by position in the resolved request), the paging dropped. */
export interface CoverRecipe {
  cover: number;
  drop: number[];
  plain: boolean;
}

export function isCoverRecipe(r: unknown): r is CoverRecipe {
  return typeof r === 'object' && r !== null && typeof (r as CoverRecipe).cover === 'number' && Array.isArray((r as CoverRecipe).drop);
}

/** Every covering class of a list operation, in the order the cases run (the cheapest, broadest first). */
export function coverClasses(space: ParamSpace): CoverClass[] {
  const splitting = space.filters.find((f) => f.kind === 'enum');
  const statuses: Array<string | undefined> = [undefined, ...(splitting?.values ?? [])];
  const others = space.filters.filter((f) => f.kind !== 'enum');
  const dates: CoverFilter[] = others.flatMap((f): CoverFilter[] =>
    f.kind === 'date-operators' ? f.operators.map((op) => ({ param: `${f.name}[${op}]`, spec: f })) : f.kind === 'timestamp' ? [{ param: f.name, spec: f }] : []);
  const strings = others.filter((f) => f.kind === 'string');
  let turn = 0;
  const next = (): Boundary => BOUNDARIES[turn++ % BOUNDARIES.length] as Boundary;
  const out: CoverClass[] = [];
  const walk = (status: string | undefined, filters: CoverFilter[], boundary: Boundary = next()) =>
    out.push({ kind: 'walk', ...(status !== undefined ? { status } : {}), filters, boundary });
  for (const status of statuses) for (const b of BOUNDARIES) out.push({ kind: 'walk', ...(status !== undefined ? { status } : {}), filters: [], boundary: b, boundaryRequired: true });
  for (const f of strings) for (const status of statuses) walk(status, [{ param: f.name, spec: f }]);
  for (const d of dates) for (const status of statuses) for (const position of POSITIONS) walk(status, [{ ...d, position }]);
  for (const d of dates) for (let k = 1; k <= GAP_SLOTS; k++) walk(undefined, [{ ...d, position: `gap-${k}` }]);
  // Pairs of filters, both from one participant: a list that is not empty, where a filter ignored beside another shows.
  const pairable: CoverFilter[] = others.map((f) => {
    if (f.kind !== 'date-operators') return { param: f.name, spec: f, ...(f.kind === 'timestamp' ? { position: 'on' as const } : {}) };
    const op = f.operators.includes('eq') ? 'eq' : (f.operators[0] as string);
    return { param: `${f.name}[${op}]`, spec: f, position: 'on' as const };
  });
  for (let i = 0; i < pairable.length; i++) for (let j = i + 1; j < pairable.length; j++) walk(undefined, [pairable[i] as CoverFilter, pairable[j] as CoverFilter]);
  if (kindsOf(space).includes('partition')) for (const b of BOUNDARIES) out.push({ kind: 'partition', filters: [], boundary: b, boundaryRequired: true });
  for (const bad of badValuesOf(space)) out.push({ kind: 'negative', filters: [], bad });
  return out;
}

export function describeClass(space: ParamSpace, c: CoverClass): string {
  if (c.kind === 'negative') return `negative ${c.bad}`;
  const splitting = c.kind === 'partition' ? undefined : space.filters.find((f) => f.kind === 'enum');
  const parts = [
    ...(splitting ? [c.status === undefined ? `${splitting.name} default` : `${splitting.name}=${c.status}`] : []),
    ...c.filters.map((f) => (f.position ? `${f.param} ${f.position}` : f.param)),
  ];
  return `${c.kind} ${parts.length ? parts.join(', ') : 'no filter'}, pages ${c.boundary}`;
}

/** How many filters a class's request can carry (the drops a shrink can try): its own, and the splitting one where it sends it. */
export function filterSlots(c: CoverClass): number {
  if (c.kind === 'negative') return 0;
  const withStatus = c.status !== undefined || c.filters.some((f) => f.position?.startsWith('gap-'));
  return c.filters.length + (withStatus ? 1 : 0);
}

/**
 * fast-check's arbitrary for covering case `cover`: it always draws the whole class; shrinking drops
 * one more filter at a time, then the paging.
 */
export function coverArbitrary(fc: typeof FC, cover: number, slots: number, pages = true): FC.Arbitrary<CoverRecipe> {
  class Cover extends fc.Arbitrary<CoverRecipe> {
    readonly pages = pages;
    generate(): FC.Value<CoverRecipe> {
      return new fc.Value({ cover, drop: [], plain: false }, undefined);
    }
    canShrinkWithoutContext(value: unknown): value is CoverRecipe {
      return isCoverRecipe(value) && value.cover === cover;
    }
    shrink(value: CoverRecipe): FC.Stream<FC.Value<CoverRecipe>> {
      const out: CoverRecipe[] = [];
      for (let k = 0; k < slots; k++) if (!value.drop.includes(k)) out.push({ ...value, drop: [...value.drop, k].sort((a, b) => a - b) });
      if (!value.plain && this.pages) out.push({ ...value, plain: true });
      return fc.Stream.of(...out.map((v) => new fc.Value(v, undefined)));
    }
  }
  return new Cover();
}

const isDateParam = (f: CoverFilter) => f.spec.kind === 'date-operators';
const operatorOf = (f: CoverFilter) => /\[([a-z]+)\]$/.exec(f.param)?.[1] ?? '';

const fieldsOf = new WeakMap<Item[], string[]>();

/** Timestamp fields of the items, sorted by name (once per universe: cases of one parent share it). */
function timestampFields(items: Item[]): string[] {
  const known = fieldsOf.get(items);
  if (known) return known;
  const sorted = timestampFieldsOf(items);
  fieldsOf.set(items, sorted);
  return sorted;
}


/** The value most participants share (the first in order among equals): a filter value that selects more than one where it can. */
function commonest(values: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | undefined;
  for (const [v, n] of [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) if (best === undefined || n > (counts.get(best) ?? 0)) best = v;
  return best;
}

/** A timestamp bound strictly between two instants (whole seconds), if one fits. */
function midpoint(a: number, b: number): string | undefined {
  const [lo, hi] = a < b ? [a, b] : [b, a];
  const m = Math.ceil((lo + (hi - lo) / 2) / 1000) * 1000;
  return m > lo && m < hi ? isoSeconds(m) : undefined;
}

/** A date strictly between two dates, if one fits. */
function dateBetween(a: string, b: string): string | undefined {
  const days = Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
  return days >= 2 ? shiftDate(a, Math.floor(days / 2)) : undefined;
}

class NotHere extends Error {}
const fail = (reason: string): never => {
  throw new NotHere(reason);
};

interface Realised {
  filters: Array<[string, string]>;
}

/** A date filter's bound at `position` among `base`, reading `field`. */
function boundAt(f: CoverFilter, position: Position, base: Item[], field: string): string {
  const timed = base.map((i) => i[field]).flatMap((v) => (typeof v === 'string' && time(v) !== undefined ? [{ v, ms: time(v) as number }] : [])).sort((a, b) => a.ms - b.ms);
  const stamps = timed.map((t) => t.v);
  if (stamps.length === 0) return fail(`no participant in the list has ${field}`);
  if (isDateParam(f)) {
    const dates = [...new Set(stamps.map((s) => utcDate(s) as string))].sort();
    if (position === 'before') return shiftDate(dates[0] as string, -1);
    if (position === 'after') return shiftDate(dates[dates.length - 1] as string, 1);
    if (position === 'on') return dates[Math.floor((dates.length - 1) / 2)] as string;
    for (const i of aroundMiddle(dates.length - 1)) {
      const d = dateBetween(dates[i] as string, dates[i + 1] as string);
      if (d) return d;
    }
    return fail(`no two participants' ${field} dates are two days apart (a date between them needs that)`);
  }
  const ms = timed.map((t) => t.ms);
  if (position === 'before') return isoSeconds((ms[0] as number) - 1000);
  if (position === 'after') return isoSeconds((ms[ms.length - 1] as number) + 1000);
  if (position === 'on') return stamps[Math.floor((stamps.length - 1) / 2)] as string;
  for (const i of aroundMiddle(ms.length - 1)) {
    const m = midpoint(ms[i] as number, ms[i + 1] as number);
    if (m) return m;
  }
  return fail(`no two participants' ${field} are two seconds apart (a bound between them needs that)`);
}

/** 0..n-1, from the middle outwards: a bound between two participants in the middle splits the list best. */
function aroundMiddle(n: number): number[] {
  const mid = Math.floor((n - 1) / 2);
  const out: number[] = [];
  for (let d = 0; out.length < n; d++) {
    if (mid - d >= 0 && mid - d < n) out.push(mid - d);
    if (d > 0 && mid + d < n) out.push(mid + d);
  }
  return out;
}

/**
 * A bound between two timestamps of one participant that disagree (the K-th other field that does):
 * a server comparing that field instead of the filter's own returns the participant where it must
 * not, or drops it. Returns the bound and the participant it was placed by.
 */
function gapBound(f: CoverFilter, k: number, all: Item[], field: string): { bound: string; item: Item; other: string } {
  const disagrees = (i: Item, g: string): boolean => {
    const a = i[field];
    const b = i[g];
    if (typeof a !== 'string' || typeof b !== 'string') return false;
    return isDateParam(f) ? utcDate(a) !== undefined && utcDate(b) !== undefined && utcDate(a) !== utcDate(b) : midpoint(time(a) ?? 0, time(b) ?? 0) !== undefined && time(a) !== undefined && time(b) !== undefined;
  };
  const others = timestampFields(all).filter((g) => g !== field && all.some((i) => disagrees(i, g)));
  const other = others[k - 1];
  if (other === undefined) return fail(`${others.length ? `only ${others.length} other timestamp field(s) (${others.join(', ')})` : 'no other timestamp field'} ever disagree(s) with ${field}; a participant whose fields differ would exercise it`);
  const item = all.find((i) => disagrees(i, other)) as Item;
  const a = item[field] as string;
  const b = item[other] as string;
  if (!isDateParam(f)) return { bound: midpoint(time(a) as number, time(b) as number) as string, item, other };
  // The bound that the participant's own field and the other one put on opposite sides (gte: the later date; lte: the earlier).
  const [da, db] = [utcDate(a) as string, utcDate(b) as string];
  const op = operatorOf(f);
  const bound = op === 'gte' ? (da > db ? da : db) : op === 'lte' ? (da < db ? da : db) : db;
  return { bound, item, other };
}

function realise(catalog: Catalog, space: ParamSpace, c: CoverClass, universe: Universe): Realised {
  const splitting = space.filters.find((f) => f.kind === 'enum');
  let status = c.status;
  const baseOf = (s: string | undefined): Item[] => (s !== undefined && splitting ? universe.all.filter((i) => i[splitting.field] === s) : defaultItems(universe));
  const base = baseOf(status);
  if (base.length === 0) fail(status !== undefined ? `no participant has ${splitting?.name}=${status}` : 'the list is empty');
  const stamps = timestampFields(universe.all);
  const values: Array<[string, string]> = [];
  // Pairs take both values from one participant: the one with the commonest value of its string filter, else the middle one.
  const stringFilter = c.filters.find((f) => f.spec.kind === 'string');
  const read = new Map<string, string>();
  for (const f of c.filters) {
    if (f.spec.kind === 'string') continue;
    const field = fieldRead(catalog, space, f.param, stamps, universe.timestamps[0] ?? new Date(0).toISOString());
    if (!field) return fail(`no timestamp field of the participants is the one ${f.param} reads`);
    read.set(f.param, field);
  }
  const candidates = c.filters.length > 1 ? base.filter((i) => [...read.values()].every((k) => typeof i[k] === 'string')) : base;
  if (candidates.length === 0) fail(`no participant has every field of ${c.filters.map((f) => f.param).join(' and ')}`);
  let anchor: Item | undefined;
  if (stringFilter) {
    // Counted over every participant: a value the list's participants share with others (an identity that rejoined) is the one where extra items show.
    const own = new Set(candidates.map((i) => i[stringFilter.spec.field]));
    const v = commonest(universe.all.map((i) => i[stringFilter.spec.field]).filter((x): x is string => typeof x === 'string' && own.has(x)));
    anchor = v === undefined ? undefined : candidates.find((i) => i[stringFilter.spec.field] === v);
  }
  anchor ??= candidates[Math.floor((candidates.length - 1) / 2)];
  for (const f of c.filters) {
    if (f.spec.kind === 'string') {
      const own = anchor?.[f.spec.field];
      const value = typeof own === 'string' ? own : f.spec.examples[0];
      if (value === undefined) fail(`no participant has ${f.spec.field} and ${f.param} documents no example`);
      values.push([f.param, value as string]);
      continue;
    }
    const field = read.get(f.param);
    if (f.position?.startsWith('gap-')) {
      const g = gapBound(f, Number(f.position.slice(4)), universe.all, field as string);
      // The participant the bound was placed by must be in the list: its status is sent where the default would leave it out.
      if (splitting && !defaultItems(universe).includes(g.item)) status = String(g.item[splitting.field]);
      values.push([f.param, g.bound]);
      continue;
    }
    if (c.filters.length > 1 && anchor) {
      const own = anchor[field as string];
      if (typeof own !== 'string') fail(`the participant the pair is taken from has no ${field}`);
      values.push([f.param, isDateParam(f) ? (utcDate(own) as string) : (own as string)]);
      continue;
    }
    values.push([f.param, boundAt(f, (f.position ?? 'on') as Position, base, field as string)]);
  }
  const filters: Array<[string, string]> = [...(status !== undefined && splitting ? [[splitting.name, status] as [string, string]] : []), ...values];
  return { filters };
}

/** A page size for the boundary position, over a collection of `count` items (pages as close to three as the bounds allow). */
export function sizeFor(space: ParamSpace, boundary: Boundary, count: number, required = true): number {
  const { min, max } = space.size;
  const sizes: Array<{ size: number; pages: number }> = [];
  for (let size = Math.max(1, min); size <= Math.min(max, count); size++) {
    const pages = Math.ceil(count / size);
    const last = count - size * (pages - 1);
    const fits = boundary === 'exact' ? last === size && pages >= 2 : boundary === 'one-item-last' ? last === 1 && pages >= 2 : pages >= 3;
    if (fits && pages <= MAX_WALK_PAGES) sizes.push({ size, pages });
  }
  // One item a page makes every page the last one's size: a size above the minimum first, then pages closest to three.
  const degenerate = (x: { size: number }) => (x.size === min && count > 1 ? 1 : 0);
  const best = sizes.sort((a, b) => degenerate(a) - degenerate(b) || Math.abs(a.pages - 3) - Math.abs(b.pages - 3) || b.size - a.size)[0];
  if (best) return best.size;
  // Past MAX_WALK_PAGES at every size (a prime count above it): one exactly full page still ends on a boundary.
  if (boundary === 'exact' && count >= 1 && count <= max) return count;
  if (boundary === 'three-pages' && count >= 3) return Math.min(max, Math.max(min, Math.floor(count / 3)));
  // Too few items for this boundary: the nearest the list allows (one item a page, or the whole list on one).
  if (!required) return Math.min(max, Math.max(min, count >= 2 ? Math.ceil(count / 3) : 1));
  return fail(`the list holds ${count} item(s); ${boundary === 'exact' ? 'ending on a page boundary over two pages' : boundary === 'one-item-last' ? 'a one-item last page' : 'three pages'} needs ${boundary === 'three-pages' ? 3 : 2} or more`);
}

/**
 * The request of covering case `r` on the first parent whose data realises its class; a class no
 * parent realises is Unmet, with what data would exercise it.
 */
export async function resolveCover(catalog: Catalog, space: ParamSpace, parents: readonly Parent[], universeOf: (p: Parent) => Promise<Universe>, r: CoverRecipe): Promise<{ resolved: Resolved; universe: Universe }> {
  const c = coverClasses(space)[r.cover];
  if (!c) throw new Unmet(`covering class ${r.cover} does not exist for ${space.operationId}`);
  const reasons: string[] = [];
  for (let p = 0; p < parents.length; p++) {
    const parent = parents[p] as Parent;
    const universe = await universeOf(parent);
    if (c.kind === 'negative') {
      const recipe: Recipe = { parent: p, anchor: 0, filtered: false, kind: 'negative', filters: {}, size: undefined, index: undefined, bad: c.bad as Bad };
      return { resolved: resolve(recipe, space, parents, universe), universe };
    }
    try {
      const { filters: all } = realise(catalog, space, c, universe);
      const filters = all.filter((_, i) => !r.drop.includes(i));
      const count = c.kind === 'partition' ? universe.all.length : (expectedItems(catalog, space, universe, filters)?.allowed.length ?? universe.unfiltered.length);
      const size = r.plain ? space.size.def : sizeFor(space, c.boundary ?? 'three-pages', count, c.boundaryRequired === true);
      const kind: Kind = r.plain && c.kind === 'walk' ? 'page' : c.kind;
      const paging: Array<[string, string]> = kind === 'page' ? [] : [[space.sizeParam, String(size)]];
      return { resolved: { kind, parent, filters, paging, walkSize: size }, universe };
    } catch (err) {
      if (!(err instanceof NotHere)) throw err;
      reasons.push(`${parent.id}: ${err.message}`);
    }
  }
  throw new Unmet(`no ${space.api} parent has the data for "${describeClass(space, c)}" (${reasons.join('; ') || 'no parent'})`);
}
