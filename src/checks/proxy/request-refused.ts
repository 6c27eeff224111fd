/**
 * `proxy.request-refused`: a request of the application that `rollcall proxy` will not forward. The
 * proxy forwards what the application sends; it answers by itself (and this rule reports it) only
 * for a request that is not HTTP it can read, is not a path (the proxy is no forward proxy), would
 * change data without --allow-mutations, or carries a body over the proxy's cap. A warning: the
 * request is the application's, not the API's, and the API was never asked.
 */
import type { HttpFinding, HttpRule } from '../http/rule.js';

export const requestRefused = {
  id: 'proxy.request-refused',
  severity: 'warning',
  description: 'The proxy forwards what the application sends; a request it refused (a mutation without --allow-mutations, a malformed or oversized request) was answered by the proxy, not the API.',
} as const satisfies HttpRule;

/** Why the proxy refused a request: the `rollcall-proxy.<kind>` code of its answer. */
export type RefusedKind = 'malformed' | 'headers-too-large' | 'mutation' | 'too-large';

/**
 * What the proxy knows of a request at one step of reading it: each field is judged only when given
 * (the target before routing, the method once routed, the declared and then the read body size).
 */
export interface ProxiedRequest {
  /** Node's parser refused the bytes (its error code, e.g. HPE_HEADER_OVERFLOW). */
  parseError?: string;
  /** The request target as sent. */
  target?: string;
  method?: string;
  /** What the method is about, for the message (the operation it would be). */
  about?: string;
  /** The body's size in bytes (declared by Content-Length, or read). */
  bodyBytes?: number;
}

export interface ProxyPolicy {
  allowMutations: boolean;
  maxRequestBytes: number;
}

/** Methods that change nothing: forwarded whatever the policy. */
const READ_ONLY = new Set(['GET', 'HEAD', 'OPTIONS']);

export type RefusedFinding = HttpFinding<typeof requestRefused.id> & { kind: RefusedKind; reason: string };

/** The finding for a request the proxy will not forward, or undefined when it forwards it. */
export function requestRefusedFinding(request: ProxiedRequest, policy: ProxyPolicy): RefusedFinding | undefined {
  if (request.parseError !== undefined) {
    const kind = request.parseError === 'HPE_HEADER_OVERFLOW' ? 'headers-too-large' : 'malformed';
    return finding(kind, `the request could not be read as HTTP (${request.parseError})`, 'Fix the request the application sends: its request line and headers (under 16 kB) as HTTP/1.1 has them.');
  }
  if (request.target !== undefined && !request.target.startsWith('/')) {
    return finding('malformed', `the request target ${JSON.stringify(request.target.slice(0, 100))} is not a path; point the SDK's base URL at the proxy instead of using it as a forward proxy`, "Set the SDK's base URL to the proxy's URL; the proxy is not a forward proxy (no absolute-form targets).");
  }
  if (request.method !== undefined && !READ_ONLY.has(request.method.toUpperCase()) && !policy.allowMutations) {
    return finding('mutation', `${request.method.toUpperCase()} ${request.about ? `(${request.about}) ` : ''}changes data; rollcall proxy forwards it only with --allow-mutations`, 'Start rollcall proxy with --allow-mutations to forward requests that change data.');
  }
  if (request.bodyBytes !== undefined && request.bodyBytes > policy.maxRequestBytes) {
    return finding('too-large', `the request body (${request.bodyBytes} bytes) is over the proxy's cap of ${policy.maxRequestBytes} bytes (--max-body)`, 'Send a smaller body, or raise --max-body.');
  }
  return undefined;
}

function finding(kind: RefusedKind, reason: string, hint: string): RefusedFinding {
  return {
    rule: requestRefused.id,
    severity: requestRefused.severity,
    kind,
    reason,
    path: '#request',
    expected: 'a request the proxy forwards',
    actual: kind,
    message: `The proxy refused the request: ${reason}.`,
    hint,
  };
}
