import type { HttpRule } from './rule.js';

/** Rules the HTTP layer reports (src/run/probe.ts): what the vendor's servers did, apart from the contract. */
export const PROBE_RULES: HttpRule[] = [
  { id: 'http.availability', severity: 'error', description: 'The API answers: a 5xx is reported even when a retry succeeds.' },
  { id: 'http.rate-limited', severity: 'warning', description: 'The API does not throttle the run; an error when throttling outlasts the retry budget.' },
  { id: 'http.slow', severity: 'warning', description: 'A response arrives within slowMs.' },
  { id: 'http.timeout', severity: 'error', description: 'A request gets an answer within timeoutMs.' },
  { id: 'http.response-too-large', severity: 'error', description: 'A response body stays under maxResponseBytes (rollcall stops reading past it).' },
];
