/**
 * Which API, operation and upstream URL a request to the proxy is for.
 *
 * The three APIs' paths do not collide (Video `/v1/Rooms/...`, Insights `/v1/Conferences/...`,
 * Telnyx `/v2/room_sessions/...`), so one listening origin serves them all, as the mock does: an SDK
 * is pointed at the proxy's URL exactly as at the mock's (twilio-node `client.video.baseUrl`, the
 * Telnyx client's `baseURL` with `/v2`). A path that is not one of rollcall's operations can still be
 * routed by an explicit prefix naming the API (`/twilio-insights/v1/Video/Rooms/...`), or by the
 * static part of an API's operation paths; one that no rule routes is refused (404), never guessed.
 */
import type { ApiName } from '../types.js';
import type { OperationInfo } from '../catalog/specs.js';

/** Where each API is served: its base URL (the spec server's path included, e.g. `https://api.telnyx.com/v2`). */
export type Upstreams = Partial<Record<ApiName, string>>;

export interface Route {
  api: ApiName;
  /** The operation the request is, when it is one of rollcall's (method and path template match). */
  operation?: OperationInfo;
  /** The path parameters of the operation, in the template's order, as sent (percent-encoded). */
  params: string[];
  /** The absolute upstream URL: the API's base URL, the path under it, the query as the application sent it. */
  upstreamUrl: string;
  /** The part of the request's path that named the API explicitly (`/twilio-video`), or '' when inferred. */
  prefix: string;
}

/** Why a request could not be routed: the proxy answers 404 with this reason. */
export interface Unrouted {
  reason: string;
}

interface Template {
  operation: OperationInfo;
  /** The operation's path as a pattern (each `{param}` one segment), anchored. */
  pattern: RegExp;
}

/** The path part of a spec server URL (`/v2` for Telnyx, '' for Twilio). */
const serverPath = (server: string): string => new URL(server).pathname.replace(/\/+$/, '');

/** The literal segments of a path template before its first parameter: `/v1/Rooms` of `/v1/Rooms/{RoomSid}/Participants`. */
const staticPrefix = (template: string): string => template.split('/{')[0] ?? template;

function templatePattern(template: string): RegExp {
  const parts = template.split(/(\{[^}]+\})/).map((part) => (part.startsWith('{') ? '([^/]+)' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  return new RegExp(`^${parts.join('')}/?$`);
}

export class Router {
  private readonly templates = new Map<ApiName, Template[]>();
  private readonly serverPaths = new Map<ApiName, string>();
  private readonly prefixes: Array<{ api: ApiName; prefix: string }> = [];

  constructor(operations: readonly OperationInfo[], private readonly upstreams: Upstreams) {
    for (const operation of operations) {
      if (!upstreams[operation.api]) continue;
      const list = this.templates.get(operation.api) ?? [];
      list.push({ operation, pattern: templatePattern(operation.path) });
      this.templates.set(operation.api, list);
      this.serverPaths.set(operation.api, serverPath(operation.server));
      const prefix = `${serverPath(operation.server)}${staticPrefix(operation.path)}`;
      if (!this.prefixes.some((p) => p.prefix === prefix)) this.prefixes.push({ api: operation.api, prefix });
    }
    // The longest prefix first: the most specific wins.
    this.prefixes.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  /** The APIs this router serves, in the order of the specs. */
  apis(): ApiName[] {
    return [...this.templates.keys()];
  }

  /** Routes `method` and the request target (path and query, as received). */
  route(method: string, target: string): Route | Unrouted {
    const q = target.indexOf('?');
    const rawPath = q < 0 ? target : target.slice(0, q);
    const query = q < 0 ? '' : target.slice(q);
    // An explicit prefix names the API: /twilio-video/v1/..., /telnyx/v2/...
    const named = /^\/([a-z-]+)(\/.*)?$/.exec(rawPath);
    const explicit = named && this.templates.has(named[1] as ApiName) ? (named[1] as ApiName) : undefined;
    const path = explicit ? named?.[2] ?? '/' : rawPath;
    const prefix = explicit ? `/${explicit}` : '';
    const candidates = explicit ? [explicit] : this.apis();
    for (const api of candidates) {
      const under = this.under(api, path);
      if (under === undefined) continue;
      const template = this.templates.get(api)?.find((t) => t.operation.method.toUpperCase() === method.toUpperCase() && t.pattern.test(under));
      if (template) return { api, operation: template.operation, params: (template.pattern.exec(under) ?? []).slice(1), upstreamUrl: this.upstreamUrl(api, under, query), prefix };
    }
    if (explicit) {
      const under = this.under(explicit, path);
      if (under !== undefined) return { api: explicit, params: [], upstreamUrl: this.upstreamUrl(explicit, under, query), prefix };
      return { reason: `${rawPath} is under /${explicit} but not under its base path ${this.serverPaths.get(explicit) || '/'}` };
    }
    // Not an operation of rollcall's: the API whose operation paths share its static part, forwarded uncounted by the checks.
    const byPrefix = this.prefixes.find((p) => path === p.prefix || path.startsWith(`${p.prefix}/`));
    if (byPrefix) {
      const under = this.under(byPrefix.api, path) as string;
      return { api: byPrefix.api, params: [], upstreamUrl: this.upstreamUrl(byPrefix.api, under, query), prefix };
    }
    return {
      reason: `no API of the proxy serves ${rawPath}; name the API with a prefix (${this.apis().map((a) => `/${a}`).join(', ')}) in the SDK's base URL for paths outside rollcall's operations`,
    };
  }

  /** The path under the API's server path (Telnyx: without `/v2`), or undefined when the path is not under it. */
  private under(api: ApiName, path: string): string | undefined {
    const base = this.serverPaths.get(api) ?? '';
    if (base === '') return path;
    if (path === base) return '/';
    return path.startsWith(`${base}/`) ? path.slice(base.length) : undefined;
  }

  private upstreamUrl(api: ApiName, under: string, query: string): string {
    return `${(this.upstreams[api] as string).replace(/\/+$/, '')}${under}${query}`;
  }
}

export const isRoute = (r: Route | Unrouted): r is Route => 'api' in r;
