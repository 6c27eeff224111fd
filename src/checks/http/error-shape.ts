import type { HttpRule } from './rule.js';

/** Found by the catalog: on an error status, every schema error of the body becomes this one actionable rule. */
export const errorShape: HttpRule = {
  id: 'http.error-shape',
  severity: 'error',
  description: "An error response has the vendor's documented error body (Twilio {code, message, more_info, status}; Telnyx {errors: [...]}).",
};

/** The schema violation's message, said of the error body. */
export const errorShapeMessage = (message: string): string => `The error body does not have the vendor's shape: ${message}`;

/**
 * A schema violation of a response body, as reported: on an error status (4xx, 5xx) the body is the
 * vendor's error format, and whatever breaks it is one actionable thing, this rule.
 */
export function asErrorShape<V extends { rule: string; severity: string; message: string }>(status: number, v: V): V {
  return status >= 400 && v.severity === 'error' ? { ...v, rule: errorShape.id, message: errorShapeMessage(v.message) } : v;
}
