import type { HttpFinding, HttpRule } from './rule.js';

/** Found by src/run/probe.ts on every attempt of a request, retried or not: a 5xx is never part of the contract. */
export const availability = {
  id: 'http.availability',
  severity: 'error',
  description: 'The API answers: a 5xx is reported even when a retry succeeds.',
} as const satisfies HttpRule;

/** One attempt's status (`attempt` counts from 0): a 5xx is a finding, even when a retry then succeeds. */
export function availabilityFindings(status: number, attempt: number): Array<HttpFinding<typeof availability.id>> {
  if (status < 500) return [];
  return [{
    rule: availability.id, severity: availability.severity, path: '#status', expected: 'a documented status', actual: status,
    message: `The API answered ${status} (attempt ${attempt + 1}).`,
    hint: 'A 5xx is never part of the contract; if it persists, the vendor has an outage: rerun later or check its status page.',
  }];
}
