/**
 * The model of the filters: which of the parent's items a filtered list must return. The filter
 * checks of src/checks/filter/ are the model: an item belongs when every check that applies finds
 * nothing wrong with it under the request's filters (so the model cannot disagree with the checks).
 * Where the documents leave a bound's inclusiveness open (NOTES V10), an item exactly at a bound
 * is allowed but not required.
 */
import { EXCHANGE_CHECKS } from '../checks/index.js';
import type { CheckContext } from '../checks/check.js';
import type { Catalog } from '../catalog/catalog.js';
import type { Exchange, Finding, Severity } from '../types.js';
import type { FilterSpec, ParamSpace } from './space.js';
import type { Universe } from './universe.js';
import { isoDate, isoSeconds, utcDate } from '../timestamps.js';

type Item = Record<string, unknown>;

function filterChecks(catalog: Catalog, space: ParamSpace) {
  const op = catalog.operation(space.operationId);
  return EXCHANGE_CHECKS.filter((c) => c.id.startsWith('filter.') && c.appliesTo(op));
}

/** A filter check's finding, with the check's rule and severity. */
export interface FilterFinding {
  rule: string;
  severity: Severity;
  finding: Finding;
}

/** What the filter checks find in a page's items when judged against `query` (the filters a request sent), whatever URL the page was read from. */
export function filterFindings(catalog: Catalog, space: ParamSpace, items: Item[], query: ReadonlyArray<readonly [string, string]>): FilterFinding[] {
  const url = new URL('http://model.invalid/');
  for (const [k, v] of query) url.searchParams.set(k, v);
  const exchange: Exchange = { operationId: space.operationId, request: { method: 'GET', url: url.href }, response: { status: 200, body: { [space.listKey]: items } } };
  const context: CheckContext = {
    operation: catalog.operation(space.operationId),
    listKey: space.listKey,
    requestUrl: url,
    parameterSchema: (name) => catalog.parameterSchema(space.operationId, name),
  };
  return filterChecks(catalog, space).flatMap((check) => check.run(exchange, context).map((finding) => ({ rule: check.id, severity: check.severity, finding })));
}

/** Indexes of the items that every filter check accepts under `query`. */
function accepted(catalog: Catalog, space: ParamSpace, items: Item[], query: Array<[string, string]>): Set<number> {
  const rejected = new Set<number>();
  const prefix = `/${space.listKey}/`;
  for (const { finding: f } of filterFindings(catalog, space, items, query)) {
    if (f.path.startsWith(prefix)) rejected.add(Number(f.path.slice(prefix.length).split('/')[0]));
  }
  const out = new Set<number>();
  for (let i = 0; i < items.length; i++) if (!rejected.has(i)) out.add(i);
  return out;
}

/** Does some filter check read this filter? (Events is sent but its meaning is not documented: NOTES I10.) */
function judged(catalog: Catalog, space: ParamSpace, f: FilterSpec): boolean {
  const probe: Array<[string, string]> = f.kind === 'date-operators'
    ? f.operators.map((op) => [`${f.name}[${op}]`, isoDate(0)])
    : [[f.name, f.kind === 'enum' ? (f.values[0] ?? 'x') : f.kind === 'timestamp' ? new Date(0).toISOString() : 'x']];
  // An item with no fields matches no filter: a check that reads the filter rejects it.
  return accepted(catalog, space, [{}], probe).size === 0;
}

const unjudged = new Map<string, Set<string>>();

function unjudgedFilters(catalog: Catalog, space: ParamSpace): Set<string> {
  let set = unjudged.get(space.operationId);
  if (!set) {
    set = new Set(space.filters.filter((f) => !judged(catalog, space, f)).map((f) => f.name));
    unjudged.set(space.operationId, set);
  }
  return set;
}

export interface Expected {
  /** Items the list must return. */
  required: Item[];
  /** Items it may return (required, plus items exactly at an open bound). */
  allowed: Item[];
}

/**
 * The items a list with these filters must return, or undefined when the model cannot say (a filter
 * no check reads). Without the enum filter that splits the collection (Video's Status), the list
 * holds what the unfiltered list held.
 */
export function expectedItems(catalog: Catalog, space: ParamSpace, universe: Universe, filters: Array<[string, string]>): Expected | undefined {
  const skip = unjudgedFilters(catalog, space);
  if (filters.some(([k]) => skip.has(k))) return undefined;
  const splitting = space.filters.filter((f) => f.kind === 'enum').map((f) => f.name);
  const items = filters.some(([k]) => splitting.includes(k)) ? universe.all : defaultItems(universe);
  const inclusive = accepted(catalog, space, items, filters);
  const timestamps = new Set(space.filters.filter((f) => f.kind === 'timestamp').map((f) => f.name));
  const shifted = (ms: number) => filters.map(([k, v]): [string, string] => (timestamps.has(k) ? [k, isoSeconds(Date.parse(v) + ms)] : [k, v]));
  let strict = inclusive;
  if (filters.some(([k]) => timestamps.has(k))) {
    const later = accepted(catalog, space, items, shifted(1000));
    const earlier = accepted(catalog, space, items, shifted(-1000));
    strict = new Set([...inclusive].filter((i) => later.has(i) && earlier.has(i)));
  }
  return { required: items.filter((_, i) => strict.has(i)), allowed: items.filter((_, i) => inclusive.has(i)) };
}

/** What a list without the splitting filter holds: the documented default where the parent's state is known or inferred, else what the target listed. */
export function defaultItems(universe: Universe): Item[] {
  const d = universe.documentedDefault;
  return d ? universe.all.filter((i) => i[d.field] === d.value) : universe.unfiltered;
}

/**
 * The item field a date filter reads (`DateCreatedAfter` -> `date_created`, `filter[date_joined_at][gte]`
 * -> `joined_at`), asked of the filter checks: the field whose value alone, at the bound, they accept.
 */
export function fieldRead(catalog: Catalog, space: ParamSpace, param: string, fields: readonly string[], sample: string): string | undefined {
  const bound = /\]\[[a-z]+\]$/.test(param) ? (utcDate(sample) ?? sample) : sample;
  return fields.find((k) => accepted(catalog, space, [{ [k]: sample }], [[param, bound]]).size === 1);
}
