/**
 * Problems: violations grouped by fingerprint (fingerprint.ts), with exact counts and a few sample
 * occurrences. The console, every reporter, `rollcall validate` and the baseline read problems from
 * here, so that they all count the same way.
 *
 * Memory grows with the number of problems, cases and exchanges (and the items a problem touches,
 * as numbers), never with the number of violations: a ProblemSet takes violations one at a time.
 * Nor with the number of distinct undocumented values: past NAMED_VALUES of a place, values share
 * one OTHER_VALUES problem (fingerprint.ts ValueShapes).
 */
import type { Violation } from '../types.js';
import { firstIndex, OTHER_VALUES, pathPattern, placeOf, problemId, TOKEN, valueShape, ValueShapes, type Fingerprint } from './fingerprint.js';
import { compareProblems, type ConstraintSource, type Occurrence, type Problem, type ProblemTotals } from './problem.js';
import { weight } from './counts.js';
import { otherValuesTitle, problemTitle } from './titles.js';
import { markConsequences } from './consequences.js';

/** The default number of sample occurrences a problem keeps (`--max-samples`). */
export const DEFAULT_MAX_SAMPLES = 3;

export interface ProblemSetOptions {
  maxSamples?: number;
  /** The constraint's source, for a fingerprint (see provenance.ts provenanceOf). */
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
/** Values an OTHER_VALUES problem quotes in its title: the first few past the named ones. */
const OTHER_EXAMPLES = 3;

interface Entry {
  problem: Problem;
  caseIds: Set<string>;
  /** Exchange key -> the items (first array indexes) seen in it, as bits. */
  exchanges: Map<string, ItemBits>;
  values: Set<string>;
  valuesOverflow: boolean;
  sampledActuals: Set<string>;
  /** For an OTHER_VALUES problem: its first distinct values (at most OTHER_EXAMPLES). */
  otherExamples?: string[];
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

export class ProblemSet {
  private readonly entries = new Map<string, Entry>();
  /** Which values have problems of their own (the first NAMED_VALUES of a place); the rest share OTHER_VALUES. */
  private readonly shapes = new ValueShapes();
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
    const place = placeOf(v.operation, v.rule, pattern);
    const shape = this.shapes.shapeOf(place, valueShape(v.actual, v.expected));
    const key = `${place} ${shape}`;
    let entry = this.entries.get(key);
    const opened = !entry;
    if (!entry) {
      const fingerprint: Fingerprint = { operation: v.operation, rule: v.rule, pattern, shape };
      entry = {
        problem: {
          id: problemId(fingerprint),
          fingerprint,
          severity: v.severity,
          title: problemTitle(fingerprint, v),
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
        ...(shape === OTHER_VALUES ? { otherExamples: [] } : {}),
      };
      this.entries.set(key, entry);
    }
    const p = entry.problem;
    const counts = p.counts;
    const examples = entry.otherExamples;
    if (examples && examples.length < OTHER_EXAMPLES && typeof v.actual === 'string' && !examples.includes(v.actual)) examples.push(v.actual);
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
      if (e.otherExamples) e.problem.title = otherValuesTitle(e.problem.fingerprint, e.problem.counts.violations, e.otherExamples);
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
