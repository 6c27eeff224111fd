import type { Finding } from '../../types.js';
import type { HttpRule } from './rule.js';

export const bodyJson: HttpRule = {
  id: 'http.body-json',
  severity: 'error',
  description: 'The response body is JSON.',
};

/** A body as received: a string is parsed as JSON; one that does not parse is this rule's finding. */
export function parseBody(body: unknown): { body: unknown; findings: Finding[] } {
  if (typeof body !== 'string') return { body, findings: [] };
  try {
    return { body: JSON.parse(body) as unknown, findings: [] };
  } catch (err) {
    return { body, findings: [bodyJsonFinding(body, (err as Error).message)] };
  }
}

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
