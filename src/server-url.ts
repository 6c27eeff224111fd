/**
 * A URL a server sent (a participant's `url`, a page's `next_page_url`, a link) is data: judging it
 * never throws, and rollcall requests it only when it is an http(s) URL on the origin it already
 * talks to, without credentials in it. Relative references resolve against the base, as a client
 * would resolve them; whether the value had the documented shape (absolute) is the url format
 * rule's business (src/catalog/url-format.ts), not this file's.
 */

export type ServerUrlReason = 'not-a-string' | 'unparsable' | 'other-scheme' | 'other-origin' | 'scheme-relative' | 'credentials';

export type ServerUrl =
  | { ok: true; url: URL; relative: boolean }
  | { ok: false; reason: ServerUrlReason; why: string; url?: URL };

const ABSOLUTE = /^[\u0000-\u0020]*[A-Za-z][A-Za-z0-9+.-]*:/;

/**
 * What rollcall may do with `value`, sent by the server at `base` (an absolute URL of the target,
 * or its origin): follow it (`ok`, with the resolved URL), or not, and why. Never throws on
 * `value`; `base` is rollcall's own and must be absolute.
 */
export function judgeServerUrl(value: unknown, base: string | URL): ServerUrl {
  const from = typeof base === 'string' ? new URL(base) : base;
  if (typeof value !== 'string') return { ok: false, reason: 'not-a-string', why: `${value === null ? 'null' : typeof value}, not a URL` };
  const absolute = ABSOLUTE.test(value);
  let url: URL;
  try {
    url = new URL(value, from);
  } catch {
    return { ok: false, reason: 'unparsable', why: 'not a URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: 'other-scheme', why: `a ${url.protocol} URL, not http(s)`, url };
  if (url.origin !== from.origin) {
    return absolute
      ? { ok: false, reason: 'other-origin', why: `on ${url.origin}, not on ${from.origin}`, url }
      : { ok: false, reason: 'scheme-relative', why: `a reference to another host (${url.host}), not a URL on ${from.origin}`, url };
  }
  if (url.username || url.password) return { ok: false, reason: 'credentials', why: 'a URL with credentials in it (user:password@)' };
  return { ok: true, url, relative: !absolute };
}

/** The URL to request for `value`, or undefined when rollcall must not request it (see judgeServerUrl). */
export function parseServerUrl(value: unknown, base: string | URL): URL | undefined {
  const judged = judgeServerUrl(value, base);
  return judged.ok ? judged.url : undefined;
}
