import type { Finding } from '../../types.js';
import type { HttpRule } from './rule.js';

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
