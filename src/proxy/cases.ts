/**
 * What the proxy saw, as the cases a run hands its console and reporters, folded as it arrives so
 * that memory does not grow with the number of exchanges: one case per operation and request shape
 * (method, path template, the query's parameter names), one per walks of a shape and end, one per
 * refusal of a kind. A case counts every exchange exactly; it keeps the first violations of each
 * problem whole and counts the rest on one entry (Violation.repeat, as a run's Outcome folds a
 * request's), its first requests, field tallies (bounded) and the rules its exchanges reached and
 * judged (CaseMeta.rules: "rules exercised"). Each case is handed over in the shape of vitest's
 * TestCase that rollcall's reporters read (reporters/case.ts, src/run/collector.ts), so the live
 * lines, the summary, the exit code and every report are the run's own code.
 */
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import type { Severity, Violation } from '../types.js';
import type { CaseMeta } from '../report-types/case-meta.js';
import { FieldTallies, type CaseRequest, type RulesReached } from '../report-types/evidence.js';
import { failingOf, fingerprintKey, Folds, ValueShapes } from '../findings/index.js';
import type { SeverityOverrides } from '../catalog/catalog.js';
import type { Redactor } from '../run/redact.js';

/** One thing the proxy saw: an exchange, a judged walk, a refused request. `name` is its case: its request shape. */
export interface ProxyCase {
  operation: string;
  /** `exchanges`, `walks` or `refused`: the case's group, as a run's describe block. */
  group: string;
  name: string;
  violations: Violation[];
  exchanges: number;
  durationMs: number;
  requests: CaseRequest[];
  /** A success body whose fields the case tallies (the reports' field charts). */
  body?: unknown;
  /** The rules this exchange or walk offered input to, and whether each had something to judge. */
  rules?: RuleNotes;
}

/** The rules an exchange reached (`judged` false) or judged, as a run's Outcome notes them. */
export class RuleNotes {
  readonly reached = new Set<string>();
  readonly judged = new Set<string>();

  note(rule: string, judged: boolean): void {
    this.reached.add(rule);
    if (judged) this.judged.add(rule);
  }

  addAll(other: RuleNotes): void {
    for (const r of other.reached) this.reached.add(r);
    for (const r of other.judged) this.judged.add(r);
  }

  list(): RulesReached {
    return { reached: [...this.reached].sort(), judged: [...this.judged].sort() };
  }
}

/** Violations of one problem a case keeps whole; the rest are counted on one entry. */
export const KEPT_PER_PROBLEM = 5;
/** Requests a case lists (curl lines, statuses): the first ones. */
export const REQUESTS_PER_CASE = 20;
/** Cases per operation and group: past it, further shapes share one case (an application sending ever new parameters). */
export const SHAPES_PER_OPERATION = 32;

/** The case of a request: its method, its operation's path template and the query's parameter names (values left out). */
export function requestShape(method: string, template: string, url: string): string {
  let keys: string[] = [];
  try {
    keys = [...new Set(new URL(url).searchParams.keys())].sort();
  } catch {
    // Not a URL: its shape is the template alone.
  }
  return `${method} ${template}${keys.length ? `?${keys.join('&')}` : ''}`;
}


/** One case as the reporters get it: exact counts, bounded samples. */
export class FoldedCase {
  readonly violations: Violation[] = [];
  readonly requests: CaseRequest[] = [];
  readonly fields = new FieldTallies();
  readonly rules = new RuleNotes();
  exchanges = 0;
  durationMs = 0;
  /** Observations folded into the case (exchanges, walks or refusals). */
  seen = 0;
  private tallied = false;
  private readonly shapes = new ValueShapes();
  private readonly folds = new Folds(KEPT_PER_PROBLEM, this.violations);

  constructor(readonly operation: string, readonly group: string, readonly name: string) {}

  /** Folds one observation in; returns the violations kept whole (the ones a live line may be about). */
  add(c: ProxyCase): Violation[] {
    this.seen++;
    this.exchanges += c.exchanges;
    this.durationMs += c.durationMs;
    for (const r of c.requests) if (this.requests.length < REQUESTS_PER_CASE) this.requests.push(r);
    if (c.body !== undefined) {
      this.fields.add(c.operation, c.body);
      this.tallied = true;
    }
    if (c.rules) this.rules.addAll(c.rules);
    const kept: Violation[] = [];
    for (const v of c.violations) if (this.keep(v)) kept.push(v);
    return kept;
  }

  /** Keeps `v` whole (true) while its problem has fewer than KEPT_PER_PROBLEM here, else counts it on the problem's entry. */
  private keep(v: Violation): boolean {
    return !this.folds.add(`${fingerprintKey(this.shapes.fingerprint(v))}\u0000${v.severity}\u0000${v.baseline ?? ''}`, v);
  }

  meta(redact: Redactor): CaseMeta {
    return {
      operation: this.operation,
      violations: this.violations,
      exchanges: this.exchanges,
      requests: this.requests,
      ...(this.tallied ? { fields: redact.json(this.fields.list()) } : {}),
      rules: this.rules.list(),
    };
  }
}

/** The case as vitest's TestCase, as far as rollcall's reporters and collector read one. */
export function asTestCase(c: { operation: string; group: string; name: string; durationMs: number }, meta: CaseMeta, strict: boolean): TestCase {
  const failing = failingOf(meta.violations, strict);
  const view = {
    id: `${c.operation} > ${c.group} > ${c.name}`,
    name: c.name,
    fullName: `${c.group} > ${c.name}`,
    module: { moduleId: `proxy/${c.operation}` },
    parent: { type: 'suite', name: c.group },
    meta: () => ({ rollcall: meta }),
    result: () =>
      failing.length > 0
        ? { state: 'failed', errors: [{ name: 'ConformanceError', message: `${failing.length} violation(s)` }] }
        : { state: 'passed', errors: [] },
    diagnostic: () => ({ duration: c.durationMs }),
  };
  // Only the members above are read (reporters/case.ts caseOf, evidence.ts, src/run/collector.ts): the rest of TestCase is vitest's runner state.
  return view as unknown as TestCase;
}

export interface CaseSinkOptions {
  /** Told of each observation as it comes, with the violations kept whole (the console's live lines). */
  live?: Reporter;
  /** Get the folded cases when the proxy stops (the collector for the summary, the report writers). */
  reporters: readonly Reporter[];
  strict: boolean;
  redactor: () => Redactor;
  /** Per-rule severity overrides (rollcall.config.json's `severity`), applied to every finding as a run applies them. */
  severity?: SeverityOverrides;
}

/** Folds each observation into its case as it comes; hands the cases to the reporters when the proxy stops. */
export class CaseSink {
  readonly errors: string[] = [];
  private readonly cases = new Map<string, FoldedCase>();
  /** Cases per operation and group (SHAPES_PER_OPERATION). */
  private readonly perOperation = new Map<string, number>();

  constructor(private readonly options: CaseSinkOptions) {}

  /** The cases kept: bounded by operations, shapes and groups, not by exchanges. */
  get size(): number {
    return this.cases.size;
  }

  /** Every case so far (read-only use: tests, benchmarks). */
  folded(): FoldedCase[] {
    return [...this.cases.values()];
  }

  add(c: ProxyCase): void {
    const redact = this.options.redactor();
    const overrides = this.options.severity ?? {};
    const violations: Violation[] = [];
    for (const v of c.violations) {
      const level = overrides[v.rule];
      // A severity replaces the rule's; the one other level an override has (off) drops its findings.
      const severity: Severity | undefined = level === 'error' || level === 'warning' ? level : undefined;
      if (level !== undefined && !severity) continue;
      // Everything that leaves the proxy for a report or a line is redacted: violations, requests, field values.
      violations.push(redact.json(severity ? { ...v, severity } : v));
    }
    const folded = this.caseOf(c);
    const kept = folded.add({ ...c, violations, requests: redact.json(c.requests) });
    this.options.live?.onTestCaseResult?.(asTestCase(folded, { operation: c.operation, violations: kept, exchanges: c.exchanges }, this.options.strict));
  }

  private caseOf(c: ProxyCase): FoldedCase {
    const group = `${c.operation}\u0000${c.group}`;
    let key = `${group}\u0000${c.name}`;
    let folded = this.cases.get(key);
    if (folded) return folded;
    const count = this.perOperation.get(group) ?? 0;
    let name = c.name;
    if (count >= SHAPES_PER_OPERATION) {
      name = '(other request shapes)';
      key = `${group}\u0000${name}`;
      folded = this.cases.get(key);
      if (folded) return folded;
    }
    this.perOperation.set(group, count + 1);
    folded = new FoldedCase(c.operation, c.group, name);
    this.cases.set(key, folded);
    return folded;
  }

  /** A tool error of the proxy itself (not a finding): the run's verdict makes it exit 2. */
  note(message: string): void {
    this.errors.push(this.options.redactor().text(message));
  }

  /** Hands every case to the reporters and ends their run. */
  async end(): Promise<void> {
    const redact = this.options.redactor();
    for (const c of this.cases.values()) {
      const view = asTestCase(c, c.meta(redact), this.options.strict);
      for (const r of this.options.reporters) r.onTestCaseResult?.(view);
    }
    for (const r of this.options.reporters) await r.onTestRunEnd?.([] as ReadonlyArray<TestModule>, [], 'passed');
  }
}
