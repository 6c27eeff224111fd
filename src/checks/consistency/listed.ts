/** Items of list responses, each with where it was found: the inputs of the consistency and lifecycle checks. */
import type { Exchange, RequestSummary } from '../../types.js';
import type { Walk } from '../walk/walk.js';
import { itemsOf, requestOf } from '../walk/support.js';

export interface Listed {
  /** The item's JSON pointer in its page, e.g. /participants/3. */
  pointer: string;
  value: Record<string, unknown>;
  /** The request of the page it came from. */
  request?: RequestSummary;
}

export function listedFromExchange(exchange: Exchange, listKey: string): Listed[] {
  const request = requestOf(exchange);
  return itemsOf(exchange, listKey).map((item) => ({ pointer: item.pointer, value: item.value, ...(request ? { request } : {}) }));
}

/** Every item of every page of a walk, in walk order. */
export function listedFromWalk(walk: Walk, listKey: string): Listed[] {
  return walk.pages.flatMap((page) => listedFromExchange(page, listKey));
}
