import type { Finding } from '../../types.js';
import type { HttpRule } from './rule.js';

export const contentType: HttpRule = {
  id: 'http.content-type',
  severity: 'error',
  description: 'A JSON response is served as application/json.',
};

/** The response's media type (header name in any case, parameters dropped) against the documented one. */
export function contentTypeFindings(headers: Readonly<Record<string, string>> | undefined, documented: string | undefined): Finding[] {
  if (!headers || !documented) return [];
  const actual = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
  const mediaType = actual?.split(';')[0]?.trim().toLowerCase();
  return mediaType === documented ? [] : [contentTypeFinding(actual, documented)];
}

export function contentTypeFinding(actual: string | undefined, expected: string): Finding {
  return {
    path: '#header/content-type',
    expected,
    actual: actual ?? '(no content-type)',
    message: `The response is served as ${actual ?? 'nothing'}, not ${expected}.`,
    hint: 'Clients that check the media type before parsing reject this response; serve it as application/json.',
  };
}
