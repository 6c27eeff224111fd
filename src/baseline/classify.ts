/** Where a violation stands against a baseline: pure functions of (violation, case, baseline, day). */
import type { Violation } from '../types.js';
import { matchesPath } from './pattern.js';
import { isValueShape, OTHER_VALUES, valueShape, weight } from '../findings/index.js';
import type { Baseline, BaselineClass, KnownViolation, Waiver } from './types.js';
import { isoDate } from '../timestamps.js';

/** Today as the baselines count days: YYYY-MM-DD in UTC. */
export function todayUtc(now: Date = new Date()): string {
  return isoDate(now.getTime());
}

/** A waiver applies through its expiry day; from the next day on it has expired. */
export function waiverExpired(waiver: Waiver, today: string): boolean {
  return waiver.expires < today;
}

type Located = Pick<Violation, 'rule' | 'operation' | 'path'> & Partial<Pick<Violation, 'actual' | 'expected'>>;

function caseMatches(entryCase: string | undefined, caseId: string): boolean {
  return entryCase === undefined || entryCase === caseId || caseId.endsWith(` > ${entryCase}`);
}

/** An entry without a shape (a baseline written before problems) covers any value. */
function shapeMatches(entry: string | undefined, shape: string): boolean {
  return entry === undefined || entry === shape;
}

/**
 * The known entry that covers a violation, if any (its index, so that a run can tell which entries it
 * no longer sees). An undocumented value its own entry does not name is covered by the place's
 * `(other values)` entry: the report counts values past the named ones as that one problem, whichever
 * they are, so a further word there is the same known problem, not a new one. A place whose baseline
 * has no `(other values)` entry still fails on every word it does not name.
 */
export function knownEntryOf(v: Located, caseId: string, known: readonly KnownViolation[]): number {
  const at = (k: KnownViolation): boolean => k.rule === v.rule && k.operation === v.operation && matchesPath(k.path, v.path) && caseMatches(k.case, caseId);
  const shape = valueShape(v.actual, v.expected);
  const own = known.findIndex((k) => at(k) && shapeMatches(k.shape, shape));
  if (own >= 0 || !isValueShape(shape)) return own;
  return known.findIndex((k) => k.shape === OTHER_VALUES && at(k));
}

export function waiverCovers(w: Waiver, v: Located): boolean {
  return w.rule === v.rule && (w.operation === undefined || w.operation === v.operation) && matchesPath(w.path, v.path);
}

/**
 * `known` when a known entry covers it; else `waived` when a waiver in force does; else
 * `expired-waiver` when only a waiver past its date does (it counts as new); else `new`.
 */
export function classify(v: Located, caseId: string, baseline: Baseline, today: string): BaselineClass {
  if (knownEntryOf(v, caseId, baseline.known) >= 0) return 'known';
  let expired = false;
  for (const w of baseline.waivers) {
    if (!waiverCovers(w, v)) continue;
    if (!waiverExpired(w, today)) return 'waived';
    expired = true;
  }
  return expired ? 'expired-waiver' : 'new';
}

/** What a run's violations came to against its baseline: the summary's counts and the lines about expired waivers. */
export interface BaselineTally {
  file?: string;
  new: number;
  known: number;
  waived: number;
  /** Violations that only an expired waiver covers: they fail like new ones, counted apart. */
  expired: number;
  /** Every waiver past its date, whether or not it still matched something. */
  expiredWaivers: Waiver[];
  /** Known entries that matched no violation of this run: fixed, or not probed. */
  unseenKnown: number;
}

export interface CaseViolations {
  id: string;
  violations: ReadonlyArray<Violation>;
}

/**
 * Counts a run's violations by how the suites marked them (`known`, `waived`); an unmarked one is
 * `expired-waiver` when only a waiver past its date covers it, else `new`.
 */
export function tally(cases: ReadonlyArray<CaseViolations>, baseline: Baseline, today: string): BaselineTally {
  const out: BaselineTally = { file: baseline.file, new: 0, known: 0, waived: 0, expired: 0, expiredWaivers: baseline.waivers.filter((w) => waiverExpired(w, today)), unseenKnown: 0 };
  const seen = new Set<number>();
  for (const c of cases) {
    for (const v of c.violations) {
      if (v.baseline === 'known') {
        out.known += weight(v);
        seen.add(knownEntryOf(v, c.id, baseline.known));
      } else if (v.baseline === 'waived') out.waived += weight(v);
      else if (classify(v, c.id, baseline, today) === 'expired-waiver') out.expired += weight(v);
      else out.new += weight(v);
    }
  }
  seen.delete(-1);
  out.unseenKnown = baseline.known.length - seen.size;
  return out;
}

/** The line a run prints for each waiver past its date. */
export function expiredWaiverLine(w: Waiver): string {
  return `waiver for ${w.rule} at ${w.path} expired on ${w.expires}: ${w.reason}`;
}
