/**
 * A generated case, as fast-check draws and shrinks it: a recipe of small numbers (which parent,
 * which kind of case, which filters and which of the target's values each takes, a page size and
 * index) that resolve() turns into a request against the values the target showed. Shrinking a
 * recipe drops filters, moves picks to the first value, shifts to none and sizes to the minimum,
 * so a shrunk case is the fewest parameters with the smallest values that still fail.
 */
import type * as FC from 'fast-check';
import { isoSeconds, shiftDate, utcDate } from '../timestamps.js';
import type { FilterSpec, ParamSpace } from './space.js';
import type { Parent, Universe } from './universe.js';

export type Kind = 'page' | 'walk' | 'partition' | 'negative';

export const BAD_VALUES = ['size-below', 'size-above', 'size-fraction', 'size-word', 'index-below', 'index-fraction', 'index-word', 'date-malformed'] as const;
export type Bad = (typeof BAD_VALUES)[number];

/** One filter value: `pick` chooses among the observed values, `shift` moves it a little, `rare` 7 takes a value nobody has. */
export interface ValueRecipe {
  pick: number;
  shift: number;
  rare: number;
}

export type FilterRecipe = ValueRecipe | { [operator: string]: ValueRecipe | undefined };

export interface Recipe {
  parent: number;
  /** The item whose values the filters take (pick 0): filters drawn from one participant combine into a list that is not empty. */
  anchor: number;
  /** Whether the filters apply at all: half the cases list everything (walks over many pages), and shrinking tries that first. */
  filtered: boolean;
  kind: Kind;
  filters: { [name: string]: FilterRecipe | undefined };
  size: number | undefined;
  index: number | undefined;
  bad: Bad;
}

/** A walk follows at most this many pages: the page size of a generated walk is raised until the collection fits. */
export const MAX_WALK_PAGES = 12;
/** Generated page indexes run this far past the first page. */
const INDEX_SPAN = 6;
const RARE = 7;
/** How far above the minimum a "small" page size goes. */
const SMALL_SIZES = 15;

export function kindsOf(space: ParamSpace): Kind[] {
  // The Status partition is a Video rule (filter.partition): the only list whose enum filter splits the collection.
  return space.api === 'twilio-video' ? ['page', 'walk', 'negative', 'partition'] : ['page', 'walk', 'negative'];
}

export function badValuesOf(space: ParamSpace): Bad[] {
  return BAD_VALUES.filter((b) => b !== 'date-malformed' || space.filters.some((f) => f.kind === 'date-operators'));
}

export function recipeArbitrary(fc: typeof FC, space: ParamSpace, parents: number): FC.Arbitrary<Recipe> {
  // No shift half the time: the value a participant has (an exact date under `eq`) keeps a combination from listing nothing.
  const shift = fc.oneof(fc.constant(0), fc.integer({ min: -2, max: 2 }));
  const value = fc.record({ pick: fc.nat({ max: 10_000 }), shift, rare: fc.integer({ min: 0, max: RARE }) });
  // fast-check's option is nil once in `freq` draws: each filter is present half the time (combinations
  // of two or three are the common case), a page size two times in three.
  const optional = <T>(arb: FC.Arbitrary<T>, freq = 2) => fc.option(arb, { nil: undefined, freq });
  const filters: Record<string, FC.Arbitrary<FilterRecipe | undefined>> = {};
  for (const f of space.filters) {
    filters[f.name] = f.kind === 'date-operators'
      ? optional(fc.record(Object.fromEntries(f.operators.map((op) => [op, optional(value)]))))
      : optional(value);
  }
  const kinds = kindsOf(space);
  return fc.record({
    parent: fc.nat({ max: Math.max(0, parents - 1) }),
    anchor: fc.nat({ max: 10_000 }),
    filtered: fc.boolean(),
    kind: fc.oneof(...kinds.map((k) => ({ arbitrary: fc.constant(k), weight: k === 'partition' ? 1 : k === 'negative' ? 2 : 4 }))),
    filters: fc.record(filters),
    // Small sizes half the time: walks of several pages are where paging bugs live.
    size: optional(fc.oneof(fc.integer({ min: space.size.min, max: Math.min(space.size.max, space.size.min + SMALL_SIZES) }), fc.integer({ min: space.size.min, max: space.size.max })), 3),
    index: optional(fc.nat({ max: INDEX_SPAN })),
    bad: fc.constantFrom(...badValuesOf(space)),
  });
}

export interface Resolved {
  kind: Kind;
  parent: Parent;
  /** The filters as query parameters (deepObject members as `name[op]`), in the space's order. */
  filters: Array<[string, string]>;
  /** Paging parameters asked (a walk or partition adds its page size). */
  paging: Array<[string, string]>;
  /** The page size a walk or partition uses (raised so that the walk stays within MAX_WALK_PAGES). */
  walkSize: number;
  /** negative: the parameter that is out of its schema, and the value sent. */
  bad?: { param: string; value: string; what: 'size' | 'index' | 'date' };
}

const DAY = 86_400_000;
const TIMESTAMP_SHIFTS = [-DAY, -1000, 0, 1000, DAY];

function pickFrom<T>(pool: readonly T[], pick: number): T | undefined {
  return pool.length === 0 ? undefined : pool[pick % pool.length];
}

/** A value of `f` that no item has (an unknown identity; a well-formed SID of nobody). */
function nobody(f: FilterSpec, pool: readonly string[], pick: number): string {
  const known = new Set(pool);
  if (f.pattern) {
    for (const v of pool) {
      const candidate = v.slice(0, -8) + '0'.repeat(8);
      if (candidate.length === v.length && f.pattern.test(candidate) && !known.has(candidate)) return candidate;
    }
  }
  return `rollcall-nobody-${pick % 100}`;
}

type Item = Record<string, unknown>;

/** The item a value comes from: the anchor for pick 0, another one otherwise. */
function itemFor(u: Universe, anchor: number, r: ValueRecipe): Item | undefined {
  return pickFrom(u.all, anchor + r.pick);
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/;

/** An item's timestamps, in the order of their field names. */
const timestampsOf = (item: Item | undefined): string[] =>
  item ? Object.keys(item).sort().map((k) => item[k]).filter((v): v is string => typeof v === 'string' && TIMESTAMP.test(v)) : [];

function stringValue(f: FilterSpec, u: Universe, anchor: number, r: ValueRecipe): string | undefined {
  const item = itemFor(u, anchor, r);
  if (f.kind === 'enum') {
    const own = item?.[f.field];
    return typeof own === 'string' && f.values.includes(own) && r.shift === 0 ? own : pickFrom(f.values, r.pick + r.shift + 2);
  }
  if (f.kind === 'timestamp') {
    const t = pickFrom(timestampsOf(item), r.pick) ?? pickFrom(u.timestamps, r.pick);
    if (t === undefined) return undefined;
    const far = r.rare === RARE ? Math.sign(r.shift || 1) * 365 * DAY : 0;
    return isoSeconds(Date.parse(t) + (TIMESTAMP_SHIFTS[r.shift + 2] ?? 0) + far);
  }
  const pool = u.strings.get(f.field) ?? f.examples;
  if (r.rare === RARE || pool.length === 0) return nobody(f, pool, r.pick);
  const own = item?.[f.field];
  return typeof own === 'string' ? own : pickFrom(pool, r.pick);
}

function dateValue(u: Universe, anchor: number, r: ValueRecipe): string | undefined {
  const own = pickFrom(timestampsOf(itemFor(u, anchor, r)), r.pick);
  const d = (own === undefined ? undefined : utcDate(own)) ?? pickFrom(u.dates, r.pick);
  if (d === undefined) return undefined;
  const days = r.shift + (r.rare === RARE ? Math.sign(r.shift || 1) * 400 : 0);
  return shiftDate(d, days);
}

export function resolve(recipe: Recipe, space: ParamSpace, parents: readonly Parent[], universe: Universe): Resolved {
  const parent = parents[recipe.parent % parents.length] as Parent;
  const filters: Array<[string, string]> = [];
  for (const f of space.filters) {
    const r = recipe.filtered ? recipe.filters[f.name] : undefined;
    if (!r) continue;
    if (f.kind === 'date-operators') {
      const ops = r as Record<string, ValueRecipe | undefined>;
      for (const op of f.operators) {
        const v = ops[op];
        const value = v ? dateValue(universe, recipe.anchor, v) : undefined;
        if (value !== undefined) filters.push([`${f.name}[${op}]`, value]);
      }
    } else {
      const value = stringValue(f, universe, recipe.anchor, r as ValueRecipe);
      if (value !== undefined) filters.push([f.name, value]);
    }
  }
  const lower = Math.min(space.size.max, Math.max(space.size.min, Math.ceil(universe.all.length / MAX_WALK_PAGES)));
  const walkSize = Math.max(recipe.size ?? space.size.def, lower);
  const paging: Array<[string, string]> = [];
  const out: Resolved = { kind: recipe.kind, parent, filters, paging, walkSize };
  if (recipe.kind === 'page' || recipe.kind === 'negative') {
    if (recipe.size !== undefined) paging.push([space.sizeParam, String(recipe.size)]);
    if (recipe.index !== undefined && space.pagesByNumber) paging.push([space.indexParam, String(space.index.min + recipe.index)]);
  } else {
    paging.push([space.sizeParam, String(walkSize)]);
  }
  if (recipe.kind === 'negative') {
    const { min, max, def } = space.size;
    const bad = recipe.bad;
    const set = (param: string, value: string, what: 'size' | 'index' | 'date') => {
      const list = what === 'date' ? filters : paging;
      const i = list.findIndex(([k]) => k === param);
      if (i >= 0) list.splice(i, 1);
      list.push([param, value]);
      out.bad = { param, value, what };
    };
    if (bad === 'size-below') set(space.sizeParam, String(min - 1), 'size');
    else if (bad === 'size-above') set(space.sizeParam, String(max + 1), 'size');
    else if (bad === 'size-fraction') set(space.sizeParam, `${def}.5`, 'size');
    else if (bad === 'size-word') set(space.sizeParam, 'many', 'size');
    else if (bad === 'index-below') set(space.indexParam, String(space.index.min - 1), 'index');
    else if (bad === 'index-fraction') set(space.indexParam, `${space.index.min}.5`, 'index');
    else if (bad === 'index-word') set(space.indexParam, 'next', 'index');
    else {
      const f = space.filters.find((x) => x.kind === 'date-operators') as FilterSpec;
      set(`${f.name}[${f.operators[0] as string}]`, 'yesterday', 'date');
    }
  }
  return out;
}

/** The request's parameters in one line, e.g. `Status=connected Identity=alice PageSize=7`. */
export function describeResolved(r: Resolved): string {
  const params = [...r.filters, ...r.paging].map(([k, v]) => `${k}=${v}`).join(' ');
  return `${r.kind}${params ? ` ${params}` : ', no parameters'}`;
}
