/**
 * What an exploration reached: the parameter combinations a run's requests tried, per list
 * operation: pairs of filters sent together, and page size (as a bucket of its schema's bounds)
 * by filter. Computed from the requests every case records (CaseMeta.requests), so it counts the
 * fixed cases too; a reporter shows it beside the constraint coverage. And, from the cases' names and
 * states, the covering classes of --explore (cover.ts) each case walked, or why the target could not.
 */
import type { Catalog } from '../catalog/catalog.js';
import { isList } from '../checks/check.js';
import { paramSpace, type ParamSpace } from './space.js';
import { COVER_NAME, coverClasses } from './cover.js';

export interface RequestSeen {
  operation: string;
  url: string;
}

export interface CaseSeen {
  operation: string;
  name: string;
  state: 'passed' | 'failed' | 'skipped';
  skipReason?: string;
}

/** The covering classes of --explore for one operation: which ran (passed or failed), which the target's data could not realise. */
export interface CoverClassesSeen {
  /** Every covering class of the operation. */
  total: number;
  /** Classes a case walked (passed or failed). */
  covered: number;
  /** Classes the target's data could not realise, with what data would. */
  unmet: Array<{ class: string; reason: string }>;
  list: Array<{ class: string; state: CaseSeen['state'] }>;
}

export type SizeBucket = 'default' | 'minimum' | 'maximum' | 'inside' | 'below-minimum' | 'above-maximum' | 'not-an-integer';

export interface OperationCombinations {
  operation: string;
  /** List requests seen for the operation. */
  requests: number;
  /** Every filter a request can carry (a deepObject member counts on its own: filter[date_joined_at][gte]). */
  filters: string[];
  /** Distinct sets of filters sent together (the empty set included). */
  filterSets: number;
  pairs: { tried: number; possible: number; list: Array<{ filters: [string, string]; requests: number }> };
  sizeByFilter: { tried: number; possible: number; list: Array<{ size: SizeBucket; filter: string; requests: number }> };
  /** With --explore: the covering classes its cases walked. */
  coverClasses?: CoverClassesSeen;
}

const COVER_CASE = new RegExp(`^#\\d+ ${COVER_NAME}(.*?)(?: \\(replay [^)]*\\))?$`);

function coverClassesSeen(space: ParamSpace, cases: readonly CaseSeen[]): CoverClassesSeen | undefined {
  const list: CoverClassesSeen['list'] = [];
  const unmet: CoverClassesSeen['unmet'] = [];
  for (const c of cases) {
    const m = c.operation === space.operationId ? COVER_CASE.exec(c.name) : null;
    if (!m) continue;
    list.push({ class: m[1] as string, state: c.state });
    if (c.state === 'skipped' && c.skipReason) unmet.push({ class: m[1] as string, reason: c.skipReason });
  }
  if (list.length === 0) return undefined;
  return { total: coverClasses(space).length, covered: list.filter((c) => c.state !== 'skipped').length, unmet, list };
}

const SIZE_BUCKETS: readonly SizeBucket[] = ['default', 'minimum', 'maximum', 'inside', 'below-minimum', 'above-maximum', 'not-an-integer'];

function filterNames(space: ParamSpace): string[] {
  return space.filters.flatMap((f) => (f.kind === 'date-operators' ? f.operators.map((op) => `${f.name}[${op}]`) : [f.name]));
}

function sizeBucket(space: ParamSpace, raw: string | null): SizeBucket {
  if (raw === null) return 'default';
  if (!/^-?\d+$/.test(raw)) return 'not-an-integer';
  const n = Number(raw);
  if (n < space.size.min) return 'below-minimum';
  if (n > space.size.max) return 'above-maximum';
  if (n === space.size.min) return 'minimum';
  if (n === space.size.max) return 'maximum';
  return n === space.size.def ? 'default' : 'inside';
}

export function parameterCombinations(catalog: Catalog, requests: readonly RequestSeen[], cases: readonly CaseSeen[] = []): OperationCombinations[] {
  const out: OperationCombinations[] = [];
  for (const op of catalog.operations) {
    if (!isList(op)) continue;
    const mine = requests.filter((r) => r.operation === op.id);
    if (mine.length === 0) continue;
    const space = paramSpace(catalog, op.id);
    const names = filterNames(space);
    const sets = new Set<string>();
    const pairs = new Map<string, number>();
    const sizes = new Map<string, number>();
    for (const r of mine) {
      let query: URLSearchParams;
      try {
        query = new URL(r.url).searchParams;
      } catch {
        continue;
      }
      const present = names.filter((n) => query.has(n));
      sets.add(present.join('&'));
      for (let i = 0; i < present.length; i++) {
        for (let j = i + 1; j < present.length; j++) {
          const key = `${present[i]}\u0000${present[j]}`;
          pairs.set(key, (pairs.get(key) ?? 0) + 1);
        }
      }
      const size = sizeBucket(space, query.get(space.sizeParam));
      for (const f of present) {
        const key = `${size}\u0000${f}`;
        sizes.set(key, (sizes.get(key) ?? 0) + 1);
      }
    }
    const classes = coverClassesSeen(space, cases);
    out.push({
      operation: op.id,
      requests: mine.length,
      filters: names,
      filterSets: sets.size,
      pairs: {
        tried: pairs.size,
        possible: (names.length * (names.length - 1)) / 2,
        list: [...pairs].map(([k, n]) => ({ filters: k.split('\u0000') as [string, string], requests: n })),
      },
      sizeByFilter: {
        tried: sizes.size,
        possible: SIZE_BUCKETS.length * names.length,
        list: [...sizes].map(([k, n]) => {
          const [size, filter] = k.split('\u0000') as [SizeBucket, string];
          return { size, filter, requests: n };
        }),
      },
      ...(classes ? { coverClasses: classes } : {}),
    });
  }
  return out;
}
