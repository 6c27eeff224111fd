import type { Finding, Severity } from '../../types.js';

/** Rules about the HTTP exchange itself, which no schema can state. */
export interface HttpRule {
  id: string;
  severity: Severity;
  description: string;
}

export const bodyJson: HttpRule = {
  id: 'http.body-json',
  severity: 'error',
  description: 'The response body is JSON.',
};

export function bodyJsonFinding(text: string, error: string): Finding {
  const preview = text.length > 120 ? text.slice(0, 120) + '…' : text;
  return {
    path: '',
    expected: 'a JSON document',
    actual: text.length === 0 ? '(empty body)' : preview,
    message: `The body is not JSON: ${error}.`,
    hint: 'An API documented as application/json must return parseable JSON, even on errors; check for HTML error pages or truncation.',
  };
}

export const statusUndocumented: HttpRule = {
  id: 'http.status-undocumented',
  severity: 'error',
  description: 'The response status is one the document lists for the operation.',
};

export function statusUndocumentedFinding(status: number, documented: number[]): Finding {
  return {
    path: '#status',
    expected: documented,
    actual: status,
    message: `Status ${status} is not documented for this operation.`,
    hint: 'Either the API answers in an undocumented way, or the spec misses a response: document it or fix the API.',
  };
}

export const contentType: HttpRule = {
  id: 'http.content-type',
  severity: 'error',
  description: 'A JSON response is served as application/json.',
};

export function contentTypeFinding(actual: string | undefined, expected: string): Finding {
  return {
    path: '#header/content-type',
    expected,
    actual: actual ?? '(no content-type)',
    message: `The response is served as ${actual ?? 'nothing'}, not ${expected}.`,
    hint: 'Clients that check the media type before parsing reject this response; serve it as application/json.',
  };
}

export const errorShape: HttpRule = {
  id: 'http.error-shape',
  severity: 'error',
  description: "An error response has the vendor's documented error body (Twilio {code, message, more_info, status}; Telnyx {errors: [...]}).",
};

export const HTTP_RULES: HttpRule[] = [bodyJson, statusUndocumented, contentType, errorShape];
