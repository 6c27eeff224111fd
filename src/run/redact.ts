/** Secrets never leave the process: every string bound for a report, a log or a recording goes through here. */
import { copyJson, setKey } from '../json-safe.js';

const REDACTED = '[REDACTED]';

export class Redactor {
  private readonly secrets: string[];
  constructor(secrets: string[]) {
    // Longest first, so that a secret containing another is replaced whole.
    this.secrets = [...new Set(secrets.filter((s) => s.length >= 4))].sort((a, b) => b.length - a.length);
  }

  text(value: string): string {
    let out = value;
    for (const s of this.secrets) if (out.includes(s)) out = out.split(s).join(REDACTED);
    // Credentials in URLs (user:pass@host) and Authorization values, whatever they are.
    out = out.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^@\s/?#]+@/gi, `$1${REDACTED}@`);
    out = out.replace(/\b(Basic|Bearer)\s+[A-Za-z0-9+/=._~-]{6,}/g, `$1 ${REDACTED}`);
    return out;
  }

  headers(headers: Record<string, string> | undefined): Record<string, string> | undefined {
    if (!headers) return headers;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(headers)) {
      const lower = k.toLowerCase();
      setKey(out, k, lower === 'authorization' || lower === 'proxy-authorization' || lower === 'cookie' || lower === 'set-cookie'
        ? `${(v.split(' ')[0] ?? '').replace(/[^A-Za-z]/g, '') || 'credentials'} ${REDACTED}`
        : this.text(v));
    }
    return out;
  }

  /** Deep copy of a JSON value with every string redacted and every key kept (`__proto__` included: src/json-safe.ts). */
  json<T>(value: T): T {
    return copyJson(value, (s) => this.text(s));
  }
}

/** A curl line that reproduces a request, with the credentials left as environment variables. */
export function curlLine(request: { method: string; url: string; headers?: Record<string, string>; body?: string }, authHint?: string): string {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const parts = ['curl', '-sS'];
  if (request.method !== 'GET') parts.push('-X', request.method);
  parts.push(quote(request.url));
  if (authHint) parts.push(authHint);
  if (request.body) parts.push('--data', quote(request.body));
  return parts.join(' ');
}
