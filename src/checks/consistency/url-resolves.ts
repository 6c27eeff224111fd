import type { Exchange } from '../../types.js';
import type { WalkContext } from '../walk/walk.js';
import { ID_FIELD, idOf, isObj, requestOf, type LocatedFinding, type RuleMeta } from '../walk/support.js';
import type { Listed } from './listed.js';
import { judgeServerUrl } from '../../server-url.js';

export const urlResolvesRule: RuleMeta = {
  id: 'consistency.url-resolves',
  severity: 'error',
  description: 'GET of an item\'s url returns that same item (same SID and url).',
};

/** `fetched` is GET of `listed.value.url`. Field-by-field equality is consistency.fetch-matches-list's business. */
export function urlResolves(listed: Listed, fetched: Exchange, context: Pick<WalkContext, 'operation'>): LocatedFinding[] {
  const url = listed.value.url;
  if (typeof url !== 'string') return [];
  const api = context.operation.api;
  const field = ID_FIELD[api];
  const id = idOf(api, listed.value);
  const request = requestOf(fetched);
  const located = request ? { request } : {};
  const { status, body } = fetched.response;
  if (status !== 200 || !isObj(body)) {
    return [{ path: status !== 200 ? '#status' : '', expected: 200, actual: status, message: `The url of item ${id ?? listed.pointer} does not resolve.`, hint: 'Every url a list returns must be fetchable with the same credentials.', ...located }];
  }
  const out: LocatedFinding[] = [];
  if (idOf(api, body) !== id) {
    out.push({ path: `/${field}`, expected: id ?? null, actual: body[field] ?? null, message: `The url of item ${id ?? listed.pointer} resolves to another item.`, hint: 'An item\'s url must address that item.', ...located });
  }
  if (body.url !== url) {
    out.push({ path: '/url', expected: url, actual: body.url ?? null, message: `The item at the url of ${id ?? listed.pointer} names another url.`, hint: 'An item\'s url must be the same wherever it is served.', ...located });
  }
  return out;
}

/**
 * The item's url when rollcall will not request it because it is on another origin than the API
 * (`base`): a well-formed absolute URL (the url format rule is silent) that cannot resolve to the
 * item with the API's credentials, which never leave its origin. Every other url rollcall does not
 * request (relative to another host, unparsable, another scheme, credentials in it) already breaks
 * the url format rule; one it requests is judged by urlResolves.
 */
export function urlOffOrigin(listed: Listed, base: string | URL, context: Pick<WalkContext, 'operation'>): LocatedFinding[] {
  const judged = judgeServerUrl(listed.value.url, base);
  if (judged.ok || judged.reason !== 'other-origin') return [];
  const id = idOf(context.operation.api, listed.value);
  return [{
    path: `${listed.pointer}/url`,
    expected: `a URL on ${new URL(base).origin}`,
    actual: listed.value.url as string,
    message: `The url of item ${id ?? listed.pointer} is on another origin (${judged.url?.origin}), so it cannot resolve with the API's credentials; rollcall did not request it.`,
    hint: 'An item\'s url must address it on the API\'s own origin.',
    ...(listed.request ? { request: listed.request } : {}),
  }];
}
