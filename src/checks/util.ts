import type { Exchange, Finding } from '../types.js';
import type { CheckContext } from './check.js';

export interface Item {
  readonly pointer: string;
  readonly value: Record<string, unknown>;
}
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The resources of a response with their JSON pointers: each list item, or the body itself. Computed once per exchange (see context.resources). */
export function resources(exchange: Exchange, context: CheckContext): Item[] {
  return context.resources ?? listResources(exchange, context.listKey);
}

/** A list item: its pointer is built only when a finding needs it (a page has hundreds of items, most fine). */
class ListItem implements Item {
  constructor(private readonly listKey: string, private readonly index: number, readonly value: Obj) {}
  get pointer(): string {
    return `/${this.listKey}/${this.index}`;
  }
}

export function listResources(exchange: Exchange, listKey: string | undefined): Item[] {
  const body = exchange.response.body;
  if (!isObj(body)) return [];
  if (!listKey) return [{ pointer: '', value: body }];
  const list = body[listKey];
  if (!Array.isArray(list)) return [];
  const out: Item[] = [];
  for (let i = 0; i < list.length; i++) {
    const value: unknown = list[i];
    if (isObj(value)) out.push(new ListItem(listKey, i, value));
  }
  return out;
}

/**
 * A per-resource rule over every resource of the response: the rule gets the resource and `at`,
 * which builds the JSON pointer of one of its fields, and returns its finding (or findings), or
 * undefined when it holds. A plain loop, pointers built only for findings: these checks run on
 * every page, and flatMap's one small array per resource cost more than the rules themselves.
 */
export function perResource(
  exchange: Exchange,
  context: CheckContext,
  rule: (value: Obj, at: (field: string) => string) => Finding | Finding[] | undefined,
): Finding[] {
  const out: Finding[] = [];
  // One `at` for the whole loop (the rule calls it while it runs), not a closure per resource.
  let current: Item | undefined;
  const at = (field: string): string => `${current?.pointer ?? ''}/${field}`;
  for (const item of resources(exchange, context)) {
    current = item;
    const found = rule(item.value, at);
    if (found === undefined) continue;
    if (Array.isArray(found)) out.push(...found);
    else out.push(found);
  }
  return out;
}

/** The response's `meta` object, when it has one. */
export function meta(exchange: Exchange): Obj | undefined {
  const body = exchange.response.body;
  return isObj(body) && isObj(body.meta) ? body.meta : undefined;
}

export function query(context: CheckContext, name: string): string | undefined {
  return context.requestUrl?.searchParams.get(name) ?? undefined;
}

/** A path parameter's value, read from the request URL by matching the operation's path template. */
export function pathParam(context: CheckContext, name: string): string | undefined {
  const url = context.requestUrl;
  if (!url) return undefined;
  const template = context.operation.path.split('/').filter(Boolean);
  const actual = url.pathname.split('/').filter(Boolean);
  const offset = actual.length - template.length;
  if (offset < 0) return undefined;
  const index = template.indexOf(`{${name}}`);
  if (index < 0) return undefined;
  const raw = actual[index + offset];
  return raw === undefined ? undefined : decodeURIComponent(raw);
}

/** An integer query parameter, or the documented default when it is absent; undefined when unusable. */
export function intParam(context: CheckContext, name: string): number | undefined {
  const raw = query(context, name);
  if (raw === undefined) {
    const fallback = context.parameterSchema(name)?.default;
    return typeof fallback === 'number' ? fallback : undefined;
  }
  return /^-?\d+$/.test(raw) ? Number(raw) : undefined;
}

