/**
 * Baselines: `rollcall run --baseline FILE` fails only on what is new. Known violations (fingerprints:
 * operation + rule + path pattern, optionally a case) and waivers (rule + path pattern + reason +
 * expiry) are reported, marked, and do not fail; an expired waiver stops waiving and says so.
 */
export type { Baseline, BaselineClass, BaselineDocument, KnownViolation, Waiver } from './types.js';
export { loadBaseline, parseBaseline, existingBaseline, BaselineError, BASELINE_SCHEMA_FILE } from './load.js';
export { classify, tally, todayUtc, waiverExpired, waiverCovers, expiredWaiverLine, type BaselineTally, type CaseViolations } from './classify.js';
export { writeBaseline, saveBaseline } from './write.js';
export { pathPattern, matchesPath } from './pattern.js';
