import type { Finding } from '../../types.js';
import type { HttpRule } from './rule.js';

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
