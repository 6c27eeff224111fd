/**
 * Problems: violations grouped by cause. Every violation has a fingerprint (operation, rule, path
 * pattern with array indexes as `*`, and the shape of the actual value where that separates causes);
 * a problem is every violation with one fingerprint, with exact counts and a few sample occurrences.
 * The console, every reporter, `rollcall validate` and the baseline read problems from here, so
 * that they all count the same way.
 *
 * Memory grows with the number of problems, cases and exchanges (and the items a problem touches,
 * as numbers), never with the number of violations: a ProblemSet takes violations one at a time.
 */
import type { Severity, Violation } from '../src/types.js';
import type { CaseRequest } from './evidence.js';
import { segmentsOf } from '../src/json-pointer.js';
import { WALK_CHECKS } from '../src/checks/walk/walk.js';
import { INFORMATIONAL_RULES } from '../src/checks/walk/informational.js';
import { setKey } from '../src/json-safe.js';

/** `/participants/3/sid` -> `/participants/*\/sid`: array indexes become `*`; `#status` stays. */
export function pathPattern(pointer: string): string {
  if (!pointer.startsWith('/')) return pointer;
  // A scan, not a regex: this runs once per violation, millions of times on a hostile body.
  let out = '';
  let start = 0;
  let digits = true;
  for (let i = 1; i <= pointer.length; i++) {
    const c = i < pointer.length ? pointer.charCodeAt(i) : 47;
    if (c === 47) {
      out += digits && i > start + 1 ? '/*' : pointer.slice(start, i);
      start = i;
      digits = true;
    } else if (c < 48 || c > 57) digits = false;
  }
  return out;
}

export interface Fingerprint {
  operation: string;
  rule: string;
  /** Path pattern (array indexes as `*`), or `#status`, `#header/NAME`; `` for the body. */
  pattern: string;
  /**
   * The kind of value found: `missing`, `null`, `string`, `number`, `boolean`, `object`, `array`,
   * or the value itself (JSON) when the constraint is a list of documented values (an enum or a
   * const): an undocumented `"disconnecting"` is one cause, `null` another.
   */
  shape: string;
}

/** An enum-like token: a word without digits (ids, URLs and timestamps all have some). */
const TOKEN = /^[A-Za-z][A-Za-z_-]{0,39}$/;

/** The shape of a violation's actual value (see Fingerprint.shape). */
export function valueShape(actual: unknown, expected: unknown): string {
  if (actual === null) return 'null';
  if (actual === undefined || actual === '(missing)') return 'missing';
  if (typeof actual === 'boolean') return 'boolean';
  if (typeof actual === 'number') return 'number';
  if (Array.isArray(actual)) return 'array';
  if (typeof actual === 'object') return 'object';
  const text = String(actual);
  // describeActual's renderings of containers (src/catalog/adapter.ts).
  if (text === '(object)') return 'object';
  if (/^\(array of \d+\)$/.test(text)) return 'array';
  if (Array.isArray(expected) && TOKEN.test(text)) return JSON.stringify(text);
  return 'string';
}

export function fingerprintOf(v: Pick<Violation, 'operation' | 'rule' | 'path' | 'actual' | 'expected'>): Fingerprint {
  return { operation: v.operation, rule: v.rule, pattern: pathPattern(v.path), shape: valueShape(v.actual, v.expected) };
}

/** The fingerprint as one string: the key problems are matched by (baselines, merges, tests). */
export function fingerprintKey(f: Fingerprint): string {
  return `${f.operation} ${f.rule} ${f.pattern || '(body)'} ${f.shape}`;
}

/** A short stable id for a fingerprint (FNV-1a, 32 bits, hex): `P` + 8 hex digits. */
export function problemId(f: Fingerprint): string {
  const text = fingerprintKey(f);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `P${h.toString(16).padStart(8, '0')}`;
}

/** Where a constraint comes from: the schema node, and the document it was written from. */
export interface ConstraintSource {
  /** `schemas/<file>#/$defs/...`: the node that states the constraint. */
  schema: string;
  /** The seed document (`001`) with the line it quotes, or a NOTES.md entry (`V12`). */
  document?: { seed?: string; notes?: string; quote?: string };
}

export interface RequestSample {
  method: string;
  url: string;
  /** A form body, when the request had one (redacted). */
  body?: string;
}

/** One occurrence of a problem, as a reader reproduces it. */
export interface Occurrence {
  /** The case it was seen in (absent for `rollcall validate`). */
  case?: string;
  path: string;
  expected: unknown;
  actual: unknown;
  message: string;
  request?: RequestSample;
  /** A curl line that reproduces the request, credentials as environment variables. */
  curl?: string;
  /**
   * The response body around the offending value: arrays cut to the item the path is in, long
   * strings shortened (see excerptAt). `path` points into it as into the whole body.
   */
  body?: unknown;
  baseline?: Violation['baseline'];
}

export interface ProblemCounts {
  violations: number;
  /** Distinct list items (per exchange) the problem touches; 0 for a problem not about items. */
  items: number;
  cases: number;
  exchanges: number;
  /** Of the violations: known to a baseline, waived, new. */
  known: number;
  waived: number;
  new: number;
}

export interface Problem {
  id: string;
  fingerprint: Fingerprint;
  /** `error` when any of its violations is an error. */
  severity: Severity;
  /** One line: what is wrong where. */
  title: string;
  hint: string;
  counts: ProblemCounts;
  /** The first occurrence, then up to maxSamples - 1 more (distinct values first). */
  samples: Occurrence[];
  source?: ConstraintSource;
  /** The problem this one follows from (its id), and why: marked so that a reader fixes the cause. */
  consequenceOf?: { id: string; reason: string };
}

export interface ProblemTotals {
  problems: number;
  /** Problems that are a cause (not a consequence of another). */
  causes: number;
  violations: number;
  errors: number;
  warnings: number;
  new: number;
}

/** The default number of sample occurrences a problem keeps (`--max-samples`). */
export const DEFAULT_MAX_SAMPLES = 3;

export interface ProblemSetOptions {
  maxSamples?: number;
  /** The constraint's source, for a fingerprint (see provenance.ts). */
  sourceOf?: (f: Fingerprint) => ConstraintSource | undefined;
}

export interface OccurrenceContext {
  case?: string;
  curl?: string;
  /** The response body around a path (called only for an occurrence kept as a sample). */
  excerpt?: (path: string) => unknown;
  requestBody?: string;
}

/** Distinct token values kept per problem to tell consequences (beyond it, they are not compared). */
const VALUES_CAP = 8;

interface Entry {
  problem: Problem;
  caseIds: Set<string>;
  /** Exchange key -> the items (first array indexes) seen in it, as bits. */
  exchanges: Map<string, ItemBits>;
  values: Set<string>;
  valuesOverflow: boolean;
  sampledActuals: Set<string>;
}

/** A growable set of small non-negative integers (item indexes): a bit each, no garbage per item. */
class ItemBits {
  private bits = new Uint32Array(4);
  /** Adds `n`; true when it was not in the set. */
  add(n: number): boolean {
    const word = n >>> 5;
    if (word >= this.bits.length) {
      const grown = new Uint32Array(Math.max(word + 1, this.bits.length * 2));
      grown.set(this.bits);
      this.bits = grown;
    }
    const mask = 1 << (n & 31);
    if ((this.bits[word] as number) & mask) return false;
    this.bits[word] = (this.bits[word] as number) | mask;
    return true;
  }
}

/** How many violations a violation stands for (Violation.repeat): what every count adds. */
export function weight(v: Pick<Violation, 'repeat'>): number {
  return v.repeat ?? 1;
}

/** The index of the first segment's item (`/participants/3/sid` -> 3), if the path goes through one. */
export function firstIndex(path: string): number | undefined {
  const slash = path.indexOf('/', 1);
  if (slash < 0 || path.charCodeAt(0) !== 47) return undefined;
  let n = 0;
  let i = slash + 1;
  for (; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (c === 47) break;
    if (c < 48 || c > 57) return undefined;
    n = n * 10 + (c - 48);
  }
  return i > slash + 1 ? n : undefined;
}

function shortTitle(f: Fingerprint, v: Violation): string {
  const where = f.pattern || '(body)';
  if (f.shape.startsWith('"')) return `${where} holds the undocumented value ${f.shape} (${f.rule})`;
  if (f.rule === 'schema.required') return `${where} is missing (${f.rule})`;
  // The rule id is in every title: it names the file that holds the check (src/checks/<area>/<rule-id>.ts).
  return `${where}: ${v.message.replace(/\s+/g, ' ').slice(0, 160)} (${f.rule})`;
}

export class ProblemSet {
  private readonly entries = new Map<string, Entry>();
  readonly maxSamples: number;
  private readonly sourceOf?: ProblemSetOptions['sourceOf'];
  private violations = 0;
  private errors = 0;
  private lastRequest: Violation['request'] | null = null;
  private lastCase = '';
  private lastExchangeKey = '';

  constructor(options: ProblemSetOptions = {}) {
    this.maxSamples = Math.max(1, options.maxSamples ?? DEFAULT_MAX_SAMPLES);
    this.sourceOf = options.sourceOf;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Adds one violation; returns its problem and whether this violation opened it. */
  add(v: Violation, ctx: OccurrenceContext = {}): { problem: Problem; opened: boolean } {
    const w = weight(v);
    this.violations += w;
    if (v.severity === 'error') this.errors += w;
    // The key without the Fingerprint object: this runs once per violation, millions of times on a hostile body.
    const pattern = pathPattern(v.path);
    const shape = valueShape(v.actual, v.expected);
    const key = `${v.operation} ${v.rule} ${pattern || '(body)'} ${shape}`;
    let entry = this.entries.get(key);
    const opened = !entry;
    if (!entry) {
      const fingerprint: Fingerprint = { operation: v.operation, rule: v.rule, pattern, shape };
      entry = {
        problem: {
          id: problemId(fingerprint),
          fingerprint,
          severity: v.severity,
          title: shortTitle(fingerprint, v),
          hint: v.hint,
          counts: { violations: 0, items: 0, cases: 0, exchanges: 0, known: 0, waived: 0, new: 0 },
          samples: [],
          ...(this.sourceOf ? optional('source', this.sourceOf(fingerprint)) : {}),
        },
        caseIds: new Set(),
        exchanges: new Map(),
        values: new Set(),
        valuesOverflow: false,
        sampledActuals: new Set(),
      };
      this.entries.set(key, entry);
    }
    const p = entry.problem;
    const counts = p.counts;
    counts.violations += w;
    if (v.severity === 'error') p.severity = 'error';
    if (v.baseline === 'known') counts.known += w;
    else if (v.baseline === 'waived') counts.waived += w;
    else counts.new += w;
    const caseId = ctx.case ?? '';
    entry.caseIds.add(caseId);
    if (v.request !== this.lastRequest || caseId !== this.lastCase) {
      this.lastRequest = v.request;
      this.lastCase = caseId;
      this.lastExchangeKey = `${caseId}\u0000${v.request ? `${v.request.method} ${v.request.url}` : '-'}`;
    }
    const exchangeKey = this.lastExchangeKey;
    let items = entry.exchanges.get(exchangeKey);
    if (!items) {
      items = new ItemBits();
      entry.exchanges.set(exchangeKey, items);
    }
    if (v.items) {
      for (const [first, last] of v.items) for (let i = first; i <= last; i++) if (items.add(i)) counts.items++;
    } else {
      const index = firstIndex(v.path);
      if (index !== undefined && items.add(index)) counts.items++;
    }
    if (typeof v.actual === 'string' && TOKEN.test(v.actual)) {
      if (entry.values.size < VALUES_CAP) entry.values.add(v.actual);
      else if (!entry.values.has(v.actual)) entry.valuesOverflow = true;
    } else if (!entry.valuesOverflow && v.actual !== '(missing)') entry.valuesOverflow = true;
    if (p.samples.length < this.maxSamples) {
      // Distinct values first, then other cases: a second sample of the same value in the same case says little.
      const actualKey = typeof v.actual === 'string' ? v.actual : `\u0000${JSON.stringify(v.actual) ?? 'undefined'}`;
      const otherCase = ctx.case !== undefined && !p.samples.some((s) => s.case === ctx.case);
      if (p.samples.length === 0 || !entry.sampledActuals.has(actualKey) || otherCase) {
        entry.sampledActuals.add(actualKey);
        p.samples.push(occurrenceOf(v, ctx));
      }
    }
    return { problem: p, opened };
  }

  /** Every problem, counts final, consequences marked: errors first, causes before their consequences, the most widespread first. */
  list(): Problem[] {
    const entries = [...this.entries.values()];
    for (const e of entries) {
      e.problem.counts.cases = e.caseIds.size;
      e.problem.counts.exchanges = e.exchanges.size;
    }
    markConsequences(entries);
    return entries.map((e) => e.problem).sort(compareProblems);
  }

  totals(): ProblemTotals {
    const list = this.list();
    return {
      problems: list.length,
      causes: list.filter((p) => !p.consequenceOf).length,
      violations: this.violations,
      errors: this.errors,
      warnings: this.violations - this.errors,
      new: list.reduce((n, p) => n + p.counts.new, 0),
    };
  }
}

function optional<K extends string, T>(key: K, value: T | undefined): { [P in K]?: T } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: T };
}

function occurrenceOf(v: Violation, ctx: OccurrenceContext): Occurrence {
  return {
    ...(ctx.case ? { case: ctx.case } : {}),
    path: v.path,
    expected: v.expected,
    actual: v.actual,
    message: v.message,
    ...(v.request ? { request: { method: v.request.method, url: v.request.url, ...(ctx.requestBody ? { body: ctx.requestBody } : {}) } } : {}),
    ...(ctx.curl ? { curl: ctx.curl } : {}),
    ...optional('body', ctx.excerpt?.(v.path)),
    ...(v.baseline ? { baseline: v.baseline } : {}),
  };
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1 };

export function compareProblems(a: Problem, b: Problem): number {
  return (
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    Number(Boolean(a.consequenceOf)) - Number(Boolean(b.consequenceOf)) ||
    b.counts.violations - a.counts.violations ||
    a.id.localeCompare(b.id)
  );
}

/**
 * Marks the problems that follow from another, so that a reader fixes the cause first:
 * - an undocumented value (a problem whose shape is the value) is one cause wherever it shows: the
 *   same rule and value in another operation follows from the most widespread one;
 * - it explains the problems of other rules whose every value is that value (a filter or a
 *   consistency check tripping on it), or whose requests ask for it (a filter by the value);
 * - in one operation, among the walk rules (`pagination.*`), a problem explains another that it
 *   outnumbers and whose exchanges are (nearly: SHARED_EXCHANGES) all among its own (a last page that
 *   says another page follows also makes the walk loop, and fail "null at the end");
 * - before that heuristic, a rule's own declaration (WalkCheck.explains, below);
 * - in every case, only a problem at least as severe: a warning never explains (hides) an error;
 *   and never an informational rule (INFORMATIONAL_RULES: what the data did, nothing to fix).
 */
/**
 * What a rule declares it explains (WalkCheck.explains): a loop back to a page already read is a
 * last page whose next_page_url is not null, which a single response shows as a short page that
 * says another follows. Applied when the explaining problem's responses are (nearly) all among the
 * other's: then they are one defect seen twice, and the declared rule names it.
 */
const EXPLAINS: ReadonlyMap<string, readonly string[]> = new Map(WALK_CHECKS.flatMap((c) => (c.explains ? [[c.id, c.explains] as const] : [])));
/** The share of a problem's exchanges another must also break to explain it (a walk may end on a full page, where only the loop shows). */
const SHARED_EXCHANGES = 0.8;
/** The rules that judge a walk of pages: one broken link shows in several of them. */
const WALK_AREA = 'pagination.';

function shared(e: Entry, r: Entry): number {
  let n = 0;
  for (const k of e.exchanges.keys()) if (r.exchanges.has(k)) n++;
  return n;
}

function markConsequences(entries: Entry[]): void {
  for (const e of entries) delete e.problem.consequenceOf;
  const sorted = [...entries].sort((a, b) => b.problem.counts.violations - a.problem.counts.violations || a.problem.id.localeCompare(b.problem.id));
  const isValue = (e: Entry) => e.problem.fingerprint.shape.startsWith('"');
  const mark = (e: Entry, root: Entry, reason: string) => {
    e.problem.consequenceOf = { id: root.problem.id, reason: `${reason} (${root.problem.id})` };
  };
  // A consequence is read after its cause and left out of the errors list: a warning must never hide
  // an error, and an informational rule (pagination.churn-observed, whose hint says there is nothing
  // to fix in the API) is the cause of nothing.
  const canExplain = (root: Entry, e: Entry) =>
    !INFORMATIONAL_RULES.has(root.problem.fingerprint.rule) && SEVERITY_ORDER[root.problem.severity] <= SEVERITY_ORDER[e.problem.severity];
  for (const e of sorted.filter(isValue)) {
    const f = e.problem.fingerprint;
    const same = sorted.find((r) => r !== e && isValue(r) && !r.problem.consequenceOf && canExplain(r, e) && r.problem.fingerprint.rule === f.rule && r.problem.fingerprint.shape === f.shape && sorted.indexOf(r) < sorted.indexOf(e));
    if (same) mark(e, same, `the same undocumented value ${f.shape}, seen first in ${same.problem.fingerprint.operation}`);
  }
  const values = sorted.filter((r) => isValue(r) && !r.problem.consequenceOf);
  const area = (rule: string) => rule.slice(0, rule.indexOf('.') + 1);
  for (const e of sorted) {
    const p = e.problem;
    if (isValue(e)) continue;
    const candidates = [...values].sort((a, b) => Number(b.problem.fingerprint.operation === p.fingerprint.operation) - Number(a.problem.fingerprint.operation === p.fingerprint.operation));
    const byValue = candidates.find((r) => {
      const value = JSON.parse(r.problem.fingerprint.shape) as string;
      if (r.problem.fingerprint.rule === p.fingerprint.rule || !canExplain(r, e)) return false;
      const allValues = !e.valuesOverflow && e.values.size > 0 && [...e.values].every((x) => x === value);
      const asked = [...e.exchanges.keys()].some((k) => new RegExp(`[?&][^=&]+=${value}(?:&|$)`).test(k.slice(k.indexOf('\u0000') + 1)));
      return allValues || asked;
    });
    if (byValue) {
      mark(e, byValue, `follows from the undocumented value ${byValue.problem.fingerprint.shape}`);
      continue;
    }
    const byDeclared = sorted.find(
      (r) =>
        r !== e &&
        !r.problem.consequenceOf &&
        canExplain(r, e) &&
        r.problem.fingerprint.operation === p.fingerprint.operation &&
        (EXPLAINS.get(r.problem.fingerprint.rule)?.includes(p.fingerprint.rule) ?? false) &&
        shared(r, e) >= SHARED_EXCHANGES * r.exchanges.size,
    );
    if (byDeclared) {
      mark(e, byDeclared, `${byDeclared.problem.fingerprint.rule} explains it: seen on the same responses`);
      continue;
    }
    const bySameRequests = sorted.find(
      (r) =>
        r !== e &&
        !isValue(r) &&
        !r.problem.consequenceOf &&
        canExplain(r, e) &&
        r.problem.fingerprint.operation === p.fingerprint.operation &&
        area(p.fingerprint.rule) === WALK_AREA &&
        area(r.problem.fingerprint.rule) === WALK_AREA &&
        r.problem.fingerprint.rule !== p.fingerprint.rule &&
        sorted.indexOf(r) < sorted.indexOf(e) &&
        shared(e, r) >= SHARED_EXCHANGES * e.exchanges.size,
    );
    if (bySameRequests) mark(e, bySameRequests, `seen on responses that also break ${bySameRequests.problem.fingerprint.rule}`);
  }
}

/** Total violations, problems and consequences of a list of problems (what the console and every report print). */
export function problemTotals(problems: readonly Problem[]): ProblemTotals {
  let violations = 0;
  let errors = 0;
  let fresh = 0;
  for (const p of problems) {
    violations += p.counts.violations;
    fresh += p.counts.new;
    // A problem's severity is its strongest; count its violations by that (an override applies to a rule as a whole).
    if (p.severity === 'error') errors += p.counts.violations;
  }
  return { problems: problems.length, causes: problems.filter((p) => !p.consequenceOf).length, violations, errors, warnings: violations - errors, new: fresh };
}

/** A problem's counts as one phrase: `7,253 violations on 7,253 items in 41 cases (130 exchanges)`. */
export function countsPhrase(c: ProblemCounts): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const items = c.items > 0 ? ` on ${n(c.items)} item${c.items === 1 ? '' : 's'}` : '';
  const cases = c.cases > 0 ? ` in ${n(c.cases)} case${c.cases === 1 ? '' : 's'}` : '';
  return `${n(c.violations)} violation${c.violations === 1 ? '' : 's'}${items}${cases}, ${n(c.exchanges)} exchange${c.exchanges === 1 ? '' : 's'}`;
}

/**
 * The body around a pointer: every array on the way keeps only the item the pointer goes through
 * (the others become null, so that indexes stay true), arrays off the way keep their first 3 items,
 * strings are cut to 200 characters; objects past 4 levels off the way are elided. Bounded by the
 * shape of the body, not by its size.
 */
export function excerptAt(body: unknown, pointer: string): unknown {
  return excerpt(body, segmentsOf(pointer), 0, 0);
}

function excerpt(value: unknown, segments: string[], depth: number, offPath: number): unknown {
  if (typeof value === 'string') return value.length > 200 ? `${value.slice(0, 199)}…` : value;
  if (value === null || typeof value !== 'object') return value;
  if (offPath > 4) return Array.isArray(value) ? `(array of ${value.length})` : '(object)';
  const next = depth < segments.length ? segments[depth] : undefined;
  if (Array.isArray(value)) {
    const index = next !== undefined && /^\d+$/.test(next) ? Number(next) : -1;
    if (index >= 0 && index < value.length) {
      const out: unknown[] = new Array<unknown>(index + 1).fill(null);
      out[index] = excerpt(value[index], segments, depth + 1, offPath);
      return out;
    }
    return value.slice(0, 3).map((v) => excerpt(v, segments, segments.length, offPath + 1));
  }
  const out: Record<string, unknown> = {};
  // setKey: a body's `__proto__` or `constructor` key is a key of the excerpt too, never its prototype.
  for (const [k, v] of Object.entries(value)) setKey(out, k, k === next ? excerpt(v, segments, depth + 1, offPath) : excerpt(v, segments, segments.length, offPath + 1));
  return out;
}

/** A case as problems read it: its id, its violations, and the requests it sent (for curl lines and excerpts). */
export interface ProblemCase {
  id: string;
  violations: readonly Violation[];
  requests?: readonly CaseRequest[];
  evidence?: { requests?: readonly CaseRequest[] };
}

/**
 * The problems of a run's cases: the one way every report and the console count them. Cases are
 * read in the order given (the run's order, the console's live lines), so that a problem's first
 * sample, and its repro line, come from its "first in" case (aggregate.ts: firstCases).
 */
export function problemsOfCases(cases: readonly ProblemCase[], options: ProblemSetOptions = {}): ProblemSet {
  const set = new ProblemSet(options);
  for (const c of cases) {
    const requests = c.requests ?? c.evidence?.requests ?? [];
    const byRequest = new Map<string, CaseRequest>();
    for (const r of requests) byRequest.set(`${r.method} ${r.url}`, r);
    for (const v of c.violations) {
      const entry = v.request ? byRequest.get(`${v.request.method} ${v.request.url}`) : undefined;
      const excerpts = entry?.excerpts;
      set.add(v, {
        case: c.id,
        ...(entry?.curl ? { curl: entry.curl } : {}),
        ...(entry?.body !== undefined ? { requestBody: entry.body } : {}),
        ...(excerpts ? { excerpt: (pointer: string) => excerpts[pointer] } : {}),
      });
    }
  }
  return set;
}
