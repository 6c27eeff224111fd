/**
 * What a case hands the reporters, on vitest's task meta (`task.meta.rollcall`): its operation, its
 * violations, its exchanges, why it was skipped, and its evidence. Written by the suite
 * (src/run/suite.ts), read by the console (src/run/collector.ts) and every reporter.
 */
import type { Violation } from '../types.js';
import type { CaseRequest, FieldTally, RulesReached } from './evidence.js';

/** A figure a case measured: its name, value and unit (`ms`, `requests`...), and what it was about. */
export interface Measurement {
  name: string;
  value: number | null;
  unit: string;
  detail?: string;
}

export interface CaseMeta {
  operation: string;
  violations: Violation[];
  exchanges: number;
  transportError?: string;
  /** Why the case did not run to its end without failing: `budget` when --max-requests was spent, `unmet` when the target lacks what it needs. */
  skippedBecause?: 'budget' | 'unmet';
  /** The one line that says why the case was skipped (what the target lacks, or the budget). */
  skipReason?: string;
  /** Every request of the case with its status, and what its success bodies held (evidence.ts). */
  requests?: CaseRequest[];
  fields?: FieldTally[];
  /** Figures the case measured (not violations): e.g. milliseconds until a kick was visible in each view. */
  measurements?: Measurement[];
  /** The rules the case offered input to, and those that had something to judge in it ("rules exercised"). */
  rules?: RulesReached;
}

declare module 'vitest' {
  interface TaskMeta {
    rollcall?: CaseMeta;
  }
}
