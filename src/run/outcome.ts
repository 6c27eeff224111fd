/**
 * A case's result: the violations its exchanges produced. The suite attaches them to the test's
 * meta (the reporters read them there) and fails the test when one is an error (or a warning
 * under --strict), with a message that names rule, path, expected, actual and a curl line.
 */
import { expect } from 'vitest';
import type { Exchange, Finding, Severity, Violation } from '../types.js';
import { classify, todayUtc } from '../baseline/index.js';
import type { HttpFinding, ProbeResult } from './probe.js';
import { FieldTallies, type CaseRequest } from '../report-types/evidence.js';
import type { Measurement } from '../report-types/case-meta.js';
import { excerptAt, failingOf, fingerprintKey, fingerprintOf, firstIndex, Folds, isValueShape, NAMED_VALUES, pathPattern, valueShape, weight } from '../findings/index.js';
import type { Session } from './session.js';
import { PROBE_RULES } from '../checks/http/probe-rules.js';
import { expectStatus, type ExpectedStatusRule } from '../checks/http/expected-status.js';

/** Success bodies kept per case for excerpts (a walk's latest pages). */
const BODIES_KEPT = 8;
/** Excerpts per problem and case: a problem keeps a few samples, across cases. */
const EXCERPTS_PER_PROBLEM = 2;
/**
 * Violations of one problem on one request that a case keeps whole; the rest are counted on one
 * entry (Violation.repeat, with the items they touch), so that a page of 20,000 broken items costs
 * the case a few entries and a list of indexes, not 100,000 objects.
 */
const KEPT_PER_REQUEST = 5;
/**
 * Distinct short actual values of one problem on one request that get entries of their own (a problem
 * is one cause, but a few of its values are what a reader compares); every further value is counted
 * on one entry for "other values", so that a page whose every item carries its own bad value costs
 * the case what a page of one bad value costs, a few times over, not an entry per item. More than
 * one, so that the problems see a problem of mixed values as mixed (ProblemSet's values). As many as
 * the problems name (NAMED_VALUES): an entry for other values comes only after that many values of
 * its place, so the problems count it with their other values, never as a value of its own.
 */
export const VALUES_PER_REQUEST = NAMED_VALUES;
/** Actual values longer than this are not told apart (they share one set of entries): enum values and SIDs are short. */
const VALUE_MAX_LENGTH = 40;

// A figure a case measured: defined with the case's meta (src/report-types), named here for the cases that measure.
export type { Measurement };

export class Outcome {
  readonly violations: Violation[] = [];
  readonly curls = new Map<string, string>();
  exchanges = 0;
  /** Every request the case sent, with its status (redacted): what constraint coverage counts. */
  readonly requests: CaseRequest[] = [];
  /** What the case's success bodies held, field by field (bounded): the reports' field charts. */
  readonly fields = new FieldTallies();
  /** Figures the case measured that are not violations (how long a kick took to be visible, say). */
  readonly measurements: Measurement[] = [];
  /** The rules the case offered input to (reached), and those that had something to judge in it (judged): the run's "rules exercised". */
  readonly rules = { reached: new Set<string>(), judged: new Set<string>() };
  /** The day a baseline's waivers are judged by, fixed once per case. */
  private today: string | undefined;
  /** The latest success bodies of the case by request (method + URL), for the excerpts of problem samples. */
  private readonly bodies = new Map<string, { request: CaseRequest; body: unknown }>();
  /** The operation of each request the case sent (method + URL). */
  private readonly operationOf = new Map<string, string>();
  /** Per problem, request and value (or "other values"): how many violations were kept whole, and the entry the rest are counted on. */
  private readonly folds = new Folds(KEPT_PER_REQUEST, this.violations);
  /** Per problem and request: the distinct short values that have folds of their own (at most VALUES_PER_REQUEST). */
  private readonly valuesKept = new Map<string, Set<string>>();
  /** The entries that count values past VALUES_PER_REQUEST: their actual is the first of several. */
  private readonly otherValues = new WeakSet<Violation>();
  /** Excerpts taken per fingerprint in this case: a problem's samples need only the first few. */
  private readonly excerptsTaken = new Map<string, number>();

  constructor(private readonly s: Session, readonly operationId: string) {}

  measure(m: Measurement): void {
    this.measurements.push(m);
  }

  /** A rule was offered this case's input (`judged` false), or ran on input it could judge (true). */
  noteRule(rule: string, judged: boolean): void {
    this.rules.reached.add(rule);
    if (judged) this.rules.judged.add(rule);
  }

  /** A rule judged its input: the rule is exercised, and each of its findings is the case's violation (on `exchange`'s request). */
  judge(rule: { id: string; severity: Severity }, findings: readonly Finding[], exchange?: Exchange, operationId?: string): void {
    this.noteRule(rule.id, true);
    for (const f of findings) this.addFinding(rule.id, rule.severity, f, exchange, operationId);
  }

  /** As judge, for findings that carry the request they are about (consistency, partition, lifecycle). */
  judgeLocated(rule: { id: string; severity: Severity }, findings: ReadonlyArray<Finding & { request?: { method: string; url: string } }>, operationId?: string): void {
    this.noteRule(rule.id, true);
    for (const f of findings) this.addLocated(rule.id, rule.severity, f, operationId);
  }

  /** An expected refusal (401, 404, 400): its rule judges the status the probe got. */
  expectStatus(rule: ExpectedStatusRule, exchange: Exchange, what: string, operationId?: string): void {
    this.judge(rule, expectStatus(rule, exchange, what), exchange, operationId);
  }

  /** Every answer is judged by the HTTP layer's rules (src/run/probe.ts: status, rate limit, time, size). */
  private probeRulesJudged(): void {
    for (const r of PROBE_RULES) this.noteRule(r.id, true);
  }

  /** Runs every single-exchange check (schema, HTTP, filters, echoes) on a probe's result. */
  checkResult(result: ProbeResult, operationId: string = result.exchange.operationId): void {
    this.exchanges++;
    this.probeRulesJudged();
    this.evidence(result, operationId);
    const url = result.exchange.request?.url ?? '';
    this.curls.set(url, result.curl);
    for (const f of result.findings) this.addFinding(f.rule, f.severity, f, result.exchange, operationId);
    const api = this.s.catalog.operation(operationId).api;
    // Streamed: a long list is schema-checked in chunks of items, so that a page of broken items never holds all its violations at once.
    this.s.catalog.check({ ...result.exchange, operationId }, { accountSid: this.s.accountSid(api), onViolation: (v) => this.push(v), onRule: (rule, judged) => this.noteRule(rule, judged) });
  }

  /** Only the HTTP-layer findings (for exchanges whose body another check judges, e.g. expected errors). */
  noteHttp(result: ProbeResult): void {
    this.exchanges++;
    this.probeRulesJudged();
    this.evidence(result, result.exchange.operationId);
    this.curls.set(result.exchange.request?.url ?? '', result.curl);
    for (const f of result.findings) this.addFinding(f.rule, f.severity, f as HttpFinding, result.exchange, this.operationId);
  }

  private evidence(result: ProbeResult, operationId: string): void {
    const { request, response } = result.exchange;
    if (!request) return;
    const entry: CaseRequest = {
      operation: operationId,
      method: request.method,
      url: this.s.redactor.text(request.url),
      status: response.status,
      ...(request.body !== undefined ? { body: this.s.redactor.text(request.body) } : {}),
      curl: this.s.redactor.text(result.curl),
    };
    this.requests.push(entry);
    this.operationOf.set(`${request.method} ${request.url}`, operationId);
    if (response.body !== undefined && typeof response.body === 'object') {
      this.bodies.delete(`${request.method} ${request.url}`);
      this.bodies.set(`${request.method} ${request.url}`, { request: entry, body: response.body });
      // A walk of many pages keeps only its latest bodies: violations name the page just read.
      if (this.bodies.size > BODIES_KEPT) this.bodies.delete(this.bodies.keys().next().value as string);
    }
    if (response.status >= 200 && response.status < 300 && response.body && typeof response.body === "object") this.fields.add(operationId, response.body);
  }

  addFinding(rule: string, severity: Severity, f: Finding, exchange?: Exchange, operationId: string = exchange?.operationId ?? this.operationId): void {
    const request = exchange?.request ? { method: exchange.request.method, url: exchange.request.url } : undefined;
    // A rule that found something judged something.
    this.noteRule(rule, true);
    this.push({ rule, severity, operation: operationId, path: f.path, expected: f.expected, actual: f.actual, message: f.message, hint: f.hint, ...(request ? { request } : {}) });
  }

  /** A finding that carries the request it is about (walk, partition, consistency, lifecycle checks). */
  addLocated(rule: string, severity: Severity, f: Finding & { request?: { method: string; url: string } }, operationId?: string): void {
    const { request, ...finding } = f;
    this.noteRule(rule, true);
    // A finding about a request belongs to that request's operation (the update case walks the list):
    // every report counts it there, the same way.
    operationId ??= (request ? this.operationOf.get(`${request.method} ${request.url}`) : undefined) ?? this.operationId;
    this.push({ rule, severity, operation: operationId, path: finding.path, expected: finding.expected, actual: finding.actual, message: finding.message, hint: finding.hint, ...(request ? { request } : {}) });
  }

  private push(v: Violation): void {
    const level = this.s.target.settings.severity[v.rule];
    if (level === 'off') return;
    const withLevel = level ? { ...v, severity: level } : v;
    const redacted = this.s.redactor.json(withLevel);
    const baseline = this.s.target.settings.baseline;
    if (baseline) {
      // The case's id as the reports print it (operation > group > name); cases run one at a time
      // in a worker, so expect's state names the running one.
      const caseId = `${this.operationId} > ${expect.getState().currentTestName ?? ''}`;
      const cls = classify(redacted, caseId, baseline, (this.today ??= todayUtc()));
      if (cls === 'known' || cls === 'waived') redacted.baseline = cls;
    }
    if (this.keep(redacted)) this.excerpt(v, redacted);
  }

  /**
   * Keeps a violation whole (true), or counts it on its problem's entry for the request and value
   * (see KEPT_PER_REQUEST, VALUES_PER_REQUEST).
   */
  private keep(v: Violation): boolean {
    // Undocumented values (each its own problem shape) are grouped as one here, so that the cap below applies to them.
    const shape = valueShape(v.actual, v.expected);
    const problem = `${v.operation}\u0000${v.rule}\u0000${pathPattern(v.path)}\u0000${isValueShape(shape) ? '(value)' : shape}\u0000${v.severity}\u0000${v.baseline ?? ''}\u0000${v.request ? `${v.request.method} ${v.request.url}` : ''}`;
    // A short string value has entries of its own while the problem has few on this request (problems
    // tell causes by value); past VALUES_PER_REQUEST, values share one entry: memory does not follow
    // the number of distinct values a target sends.
    let value = '-';
    if (typeof v.actual === 'string' && v.actual.length <= VALUE_MAX_LENGTH) {
      let values = this.valuesKept.get(problem);
      if (!values) this.valuesKept.set(problem, (values = new Set()));
      if (!values.has(v.actual) && values.size < VALUES_PER_REQUEST) values.add(v.actual);
      value = values.has(v.actual) ? `=${v.actual}` : 'other';
    }
    const folded = this.folds.add(`${problem}\u0000${value}`, v);
    if (!folded) return true;
    const { fold, made } = folded;
    if (made) {
      fold.into.items = [];
      fold.items = new Set();
      if (value === 'other') this.otherValues.add(fold.into);
    }
    const index = firstIndex(v.path);
    if (index !== undefined && fold.items && !fold.items.has(index)) {
      fold.items.add(index);
      const ranges = (fold.into.items ??= []);
      const last = ranges[ranges.length - 1];
      if (last && last[1] === index - 1) last[1] = index;
      else ranges.push([index, index]);
    }
    return false;
  }

  /** For the first violations of each problem in the case: the body around the value, on its request's entry. */
  private excerpt(v: Violation, redacted: Violation): void {
    if (!v.request) return;
    const key = fingerprintKey(fingerprintOf(redacted));
    const taken = this.excerptsTaken.get(key) ?? 0;
    if (taken >= EXCERPTS_PER_PROBLEM) return;
    const seen = this.bodies.get(`${v.request.method} ${v.request.url}`);
    if (!seen || !v.path.startsWith('/')) return;
    this.excerptsTaken.set(key, taken + 1);
    (seen.request.excerpts ??= {})[redacted.path] = this.s.redactor.json(excerptAt(seen.body, v.path));
  }

  /** What fails the case: errors (and warnings under --strict) that a baseline does not know or waive. */
  failing(strict: boolean): Violation[] {
    return failingOf(this.violations, strict);
  }

  /** The failure text: each violation with its reproduction. */
  describe(violations: Violation[]): string {
    const lines: string[] = [];
    for (const v of violations.slice(0, 20)) {
      lines.push(`${v.rule} (${v.severity}) at ${v.path || '(body)'}: ${v.message}`);
      lines.push(`  expected: ${JSON.stringify(v.expected)}`);
      lines.push(`  actual:   ${JSON.stringify(v.actual)}`);
      lines.push(`  hint:     ${v.hint}`);
      const curl = v.request ? this.curls.get(v.request.url) : undefined;
      if (curl) lines.push(`  repro:    ${this.s.redactor.text(curl)}`);
      if (v.repeat) lines.push(`  (this stands for ${v.repeat} like it${this.otherValues.has(v) ? ', with other values,' : ''} on this request, on ${(v.items ?? []).reduce((n, [first, last]) => n + last - first + 1, 0)} items)`);
    }
    const total = violations.reduce((n, v) => n + weight(v), 0);
    const shown = violations.slice(0, 20).reduce((n, v) => n + weight(v), 0);
    if (total > shown) lines.push(`... and ${total - shown} more`);
    return lines.join('\n');
  }
}
