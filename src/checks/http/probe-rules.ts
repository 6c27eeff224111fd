import type { HttpFinding, HttpRule } from './rule.js';
import { availability } from './availability.js';
import { rateLimited } from './rate-limited.js';
import { slow } from './slow.js';
import { timeout } from './timeout.js';
import { responseTooLarge } from './response-too-large.js';

/**
 * Rules the HTTP layer reports (src/run/probe.ts): what the vendor's servers did, apart from the
 * contract. Each one's metadata and deciding function live in its own file, named after the id.
 */
export const PROBE_RULES: HttpRule[] = [availability, rateLimited, slow, timeout, responseTooLarge];

export type ProbeRuleId = typeof availability.id | typeof rateLimited.id | typeof slow.id | typeof timeout.id | typeof responseTooLarge.id;

/** A finding of the HTTP layer itself. */
export type ProbeFinding = HttpFinding<ProbeRuleId>;
