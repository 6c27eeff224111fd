/** A baseline: what a run accepts without failing. Plain data: it travels to the suite workers in RunSettings. */

/** A problem the API is known to have (its fingerprint): written by --write-baseline, one entry per problem. */
export interface KnownViolation {
  operation: string;
  rule: string;
  /** Path pattern: array indexes as `*` (see pattern.ts). */
  path: string;
  /** Only in this case (the report's case id, or its trailing `group > name` or `name`). */
  case?: string;
  /** Only values of this shape (src/findings/fingerprint.ts valueShape): with operation, rule and path, the problem's fingerprint. Absent in older files: any value. */
  shape?: string;
  /** The problem id of the fingerprint, as the reports print it (informative, not matched). */
  problem?: string;
}

/** A violation accepted until a date, with the reason. */
export interface Waiver {
  rule: string;
  /** Path pattern: `*` one segment, `**` any depth. */
  path: string;
  operation?: string;
  reason: string;
  /** Last day the waiver applies, YYYY-MM-DD (UTC). */
  expires: string;
}

export interface Baseline {
  /** The file it was read from, for messages. */
  file?: string;
  known: KnownViolation[];
  waivers: Waiver[];
}

/** The file as written: see schemas/config/rollcall.baseline.schema.json. */
export interface BaselineDocument {
  $schema?: string;
  version: 1;
  generatedAt?: string;
  known: KnownViolation[];
  waivers: Waiver[];
}

/**
 * How a violation stands against a baseline. `expired-waiver`: only a waiver whose date has passed
 * covers it, so it counts as new (and the run names the waiver).
 */
export type BaselineClass = 'new' | 'known' | 'waived' | 'expired-waiver';
