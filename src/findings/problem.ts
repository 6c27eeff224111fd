/**
 * A problem: every violation with one fingerprint, with exact counts, a few sample occurrences, the
 * constraint's source and, when it follows from another problem, that cause. What people read.
 */
import type { Severity, Violation } from '../types.js';
import type { Fingerprint } from './fingerprint.js';

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
   * strings shortened (see excerpt.ts excerptAt). `path` points into it as into the whole body.
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

export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1 };

/** Errors first, causes before their consequences, the most widespread first. */
export function compareProblems(a: Problem, b: Problem): number {
  return (
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    Number(Boolean(a.consequenceOf)) - Number(Boolean(b.consequenceOf)) ||
    b.counts.violations - a.counts.violations ||
    a.id.localeCompare(b.id)
  );
}
