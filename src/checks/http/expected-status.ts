/**
 * The expected refusals, for their callers (src/run/cases/, src/explore/) and the catalog: each rule
 * is in its own file (auth-required.ts, not-found.ts, invalid-parameter.ts); the comparison they
 * share is refusal.ts.
 */
import { authRequired } from './auth-required.js';
import { notFound } from './not-found.js';
import { invalidParameter } from './invalid-parameter.js';
import type { ExpectedStatusRule } from './refusal.js';

export { acceptedStatuses, expectStatus, statusSeen, type ExpectedStatusRule } from './refusal.js';
export { authRequired, authRequiredFindings } from './auth-required.js';
export { notFound, notFoundFindings } from './not-found.js';
export { invalidParameter, invalidParameterFindings } from './invalid-parameter.js';

export const EXPECTED_STATUS_RULES: ExpectedStatusRule[] = [authRequired, notFound, invalidParameter];
