import type { HttpRule } from './rule.js';

/** Found by the catalog: on an error status, every schema error of the body becomes this one actionable rule. */
export const errorShape: HttpRule = {
  id: 'http.error-shape',
  severity: 'error',
  description: "An error response has the vendor's documented error body (Twilio {code, message, more_info, status}; Telnyx {errors: [...]}).",
};

/** The schema violation's message, said of the error body. */
export const errorShapeMessage = (message: string): string => `The error body does not have the vendor's shape: ${message}`;
