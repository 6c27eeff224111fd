/** The problems of a run's cases, and the first case that saw each: what every report and the console read. */
import type { Violation } from '../types.js';
import type { CaseRequest } from '../report-types/evidence.js';
import { fingerprintKey, fingerprintOf, placeOf, problemId, ValueShapes } from './fingerprint.js';
import { ProblemSet, type ProblemSetOptions } from './problem-set.js';

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
 * sample, and its repro line, come from its "first in" case (firstCases below).
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

/**
 * The first case, in the order given (the order the run reported its cases: the console's live lines
 * follow it), that saw each problem: problem id -> case id. What "first in" names everywhere.
 */
export function firstCases(cases: ReadonlyArray<{ id: string; violations: readonly Violation[] }>): Map<string, string> {
  const out = new Map<string, string>();
  const ids = new Map<string, string>();
  // The values ProblemSet names, in the same order: a value past them is first seen in the OTHER_VALUES problem.
  const shapes = new ValueShapes();
  for (const c of cases) {
    for (const v of c.violations) {
      const raw = fingerprintOf(v);
      const f = { ...raw, shape: shapes.shapeOf(placeOf(raw.operation, raw.rule, raw.pattern), raw.shape) };
      const key = fingerprintKey(f);
      let id = ids.get(key);
      if (id === undefined) {
        id = problemId(f);
        ids.set(key, id);
      }
      if (!out.has(id)) out.set(id, c.id);
    }
  }
  return out;
}

/**
 * Each violation's problem id as the problem list names it (undocumented values past the named ones of
 * a place share the OTHER_VALUES problem, decided in the run's order of cases, as problemsOfCases
 * does): for the views that list a case's problems (JSON cases, HTML case list, JUnit blocks) and may
 * read the cases in another order. A violation of none of these cases gets its own fingerprint's id.
 */
export function problemIdsOf(cases: ReadonlyArray<{ violations: readonly Violation[] }>): (v: Violation) => string {
  const shapes = new ValueShapes();
  const ids = new Map<Violation, string>();
  for (const c of cases) for (const v of c.violations) ids.set(v, problemId(shapes.fingerprint(v)));
  return (v) => ids.get(v) ?? problemId(fingerprintOf(v));
}
