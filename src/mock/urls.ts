/** Absolute URLs on the origin the client used (its Host header), as the vendors' APIs return them. */
import type { FastifyRequest } from 'fastify';

/** A DNS name, an IPv4 address or a bracketed IPv6 literal, with an optional port. */
const HOST = /^(?:(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?))*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * `http://host[:port]` from the Host header; when the header is missing or not a host name (a fuzzer's),
 * the address the mock was started on, so that every URL it writes stays a valid absolute URL.
 */
export function requestOrigin(request: FastifyRequest, fallbackHost: string): string {
  const host = request.headers.host;
  const chosen = typeof host === 'string' && usableHost(host) ? host.toLowerCase() : fallbackHost;
  return `${request.protocol === 'https' ? 'https' : 'http'}://${chosen}`;
}

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** A host a client can resolve: a name of at most 253 characters, a real IPv4 address (not 999.1 or 0), a port <= 65535. */
function usableHost(value: string): boolean {
  if (value.length > 260 || !HOST.test(value)) return false;
  const port = /:(\d+)$/.exec(value);
  if (port && Number(port[1]) > 65535) return false;
  const name = port ? value.slice(0, -port[0].length) : value;
  if (/^[\d.]+$/.test(name)) return IPV4.test(name);
  return name.length <= 253;
}

/** `path?name=value&...`, each part percent-encoded. */
export function withQuery(base: string, params: ReadonlyArray<readonly [string, string]>): string {
  if (params.length === 0) return base;
  return base + '?' + params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

/** A path segment as a URL writes it. */
export function segment(value: string): string {
  return encodeURIComponent(value);
}
