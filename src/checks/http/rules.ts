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

export const HTTP_RULES: HttpRule[] = [bodyJson, statusUndocumented];
