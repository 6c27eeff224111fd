import type { Exchange } from '../types.js';
import type { CheckContext } from './check.js';

export type Item = { pointer: string; value: Record<string, unknown> };
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The resources of a response with their JSON pointers: each list item, or the body itself. */
export function resources(exchange: Exchange, context: CheckContext): Item[] {
  const body = exchange.response.body;
  if (!isObj(body)) return [];
  if (!context.listKey) return [{ pointer: '', value: body }];
  const list = body[context.listKey];
  if (!Array.isArray(list)) return [];
  const out: Item[] = [];
  list.forEach((value, i) => {
    if (isObj(value)) out.push({ pointer: `/${context.listKey}/${i}`, value });
  });
  return out;
}

/** The response's `meta` object, when it has one. */
export function meta(exchange: Exchange): Obj | undefined {
  const body = exchange.response.body;
  return isObj(body) && isObj(body.meta) ? body.meta : undefined;
}

/** Milliseconds since the epoch of an ISO 8601 timestamp; undefined when it is not one (the schema reports that). */
export function time(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The UTC calendar date (YYYY-MM-DD) of a timestamp. */
export function utcDate(value: unknown): string | undefined {
  const ms = time(value);
  return ms === undefined ? undefined : new Date(ms).toISOString().slice(0, 10);
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

export const jsonPointer = (...segments: string[]): string => segments.map((s) => '/' + s.replace(/~/g, '~0').replace(/\//g, '~1')).join('');
