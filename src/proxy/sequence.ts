/**
 * The sequences the application made: the pages of a list it walked, and the participants it
 * fetched after listing them. A walk is driven by the same walkPages a run uses, except that its
 * fetchPage does not send anything: it waits for the application to ask for the page walkPages
 * wants next (the next_page_url, or page[number] + 1). So the stop rules (end, cycle, off-origin,
 * budget) are the run's own, and a finished walk is judged by every walk check (checkWalk). A walk
 * the application leaves before its end (an SDK `limit`) is dropped unjudged: its end was not seen.
 */
import type { Catalog } from '../catalog/catalog.js';
import type { OperationInfo } from '../catalog/specs.js';
import type { Exchange, Violation } from '../types.js';
import { checkWalk, walkPages, WALK_CHECKS, type Walk, type WalkContext } from '../checks/walk/walk.js';
import { walkInput } from '../checks/inputs.js';
import { RuleNotes } from './cases.js';
import { createWalkContext } from '../checks/walk/context.js';
import { canonicalUrl, idOf, intQuery, isObj, PAGE_INDEX_PARAM, PAGE_TOKEN, parseUrl, requestOf } from '../checks/walk/support.js';
import type { Listed } from '../checks/consistency/listed.js';
import { fetchMatchesList, fetchMatchesListRule } from '../checks/consistency/fetch-matches-list.js';
import { identityFetch, identityFetchRule } from '../checks/consistency/identity-fetch.js';
import { locatedViolation } from './judge.js';

/** A walk judged: its violations, the walk, and the sequence number of the exchange that began it. */
export interface JudgedWalk {
  walk: Walk;
  violations: Violation[];
  firstSeq: number;
  /** The walk rules it reached, and those that had something to judge in it (a walk of one page gives most nothing). */
  rules: RuleNotes;
}

/**
 * The application left the walk (asked something else, or the proxy stopped): walkPages stops, the
 * walk is dropped. One instance for every walk: an application that reads one page of many lists
 * abandons a walk per request, and an Error's stack is the costly part.
 */
const ABANDONED = new Error('the application left the walk');

interface OpenWalk {
  firstSeq: number;
  /** The page walkPages waits for (canonical URL), with the callbacks that hand it over. */
  waiting?: { key: string; resolve: (page: Exchange) => void; reject: (err: Error) => void };
  /** Resolved when walkPages asks for its next page or ends: the proxy answers the application after that. */
  step: Deferred;
  abandoned: boolean;
  done: Promise<JudgedWalk | undefined>;
}

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Walks open at once: past it, the oldest is left (an application that lists many things and reads one page of each). */
const OPEN_WALKS = 100;

/** Listed participants remembered for fetches, at most this many (the oldest go first). */
const LISTED_KEPT = 20_000;

export interface SequenceOptions {
  /** Pages a walk may have before it stops as `budget` (the run's maxPagesPerWalk). */
  maxPagesPerWalk: number;
}

export class SequenceTracker {
  private readonly contexts = new Map<string, WalkContext | null>();
  /** Open walks by the canonical URL of the page they wait for. */
  private readonly waiting = new Map<string, OpenWalk>();
  private readonly open = new Set<OpenWalk>();
  /** Listed items by API and id, and by API, parent and identity (Video fetches by identity). */
  private readonly bySid = new Map<string, Kept>();
  private readonly byIdentity = new Map<string, Kept>();
  private readonly fetchableApis = new Map<string, boolean>();

  constructor(private readonly catalog: Catalog, private readonly options: SequenceOptions) {}

  /** The multi-exchange context of a list operation; undefined for an operation that is not a list. */
  private contextOf(operationId: string): WalkContext | undefined {
    if (!this.contexts.has(operationId)) {
      let ctx: WalkContext | null = null;
      try {
        ctx = createWalkContext(this.catalog, operationId);
      } catch {
        ctx = null;
      }
      this.contexts.set(operationId, ctx);
    }
    return this.contexts.get(operationId) ?? undefined;
  }

  /**
   * A list exchange the application made (`seq` its number): continues the walk waiting for it, or
   * starts one when it is a first page. Resolves, once walkPages has taken the page, with the walks
   * it finished (judged).
   */
  async onList(seq: number, exchange: Exchange, operation: OperationInfo): Promise<JudgedWalk[]> {
    const ctx = this.contextOf(operation.id);
    const url = parseUrl(exchange.request?.url);
    if (!ctx || !url) return [];
    if (exchange.response.status >= 200 && exchange.response.status < 300 && this.fetchable(operation)) this.remember(exchange, operation, ctx);
    const key = canonicalUrl(url);
    const finished: JudgedWalk[] = [];
    const continued = this.waiting.get(key);
    if (continued?.waiting) {
      this.waiting.delete(key);
      const { resolve } = continued.waiting;
      continued.waiting = undefined;
      resolve(exchange);
      await continued.step.promise;
      const judged = await this.settled(continued);
      if (judged) finished.push(judged);
      return finished;
    }
    // A walk starts on a page: a refusal (401, 400) is judged as the exchange it is.
    const ok = exchange.response.status >= 200 && exchange.response.status < 300;
    if (!ok || !isFirstPage(url, operation)) return finished;
    const pageSize = this.pageSizeOf(url, operation);
    const walk: OpenWalk = { firstSeq: seq, step: deferred(), abandoned: false, done: Promise.resolve(undefined) };
    this.open.add(walk);
    if (this.open.size > OPEN_WALKS) this.abandon(this.open.values().next().value as OpenWalk);
    let first = true;
    walk.done = walkPages(
      async (next) => {
        if (first) {
          first = false;
          return exchange;
        }
        if (walk.abandoned) throw ABANDONED;
        const nextKey = canonicalUrl(new URL(next));
        // Another walk waiting for the same page (the application listed the same thing again) is left.
        const other = this.waiting.get(nextKey);
        if (other && other !== walk) this.abandon(other);
        return new Promise<Exchange>((resolve, reject) => {
          walk.waiting = { key: nextKey, resolve, reject };
          this.waiting.set(nextKey, walk);
          walk.step.resolve();
          walk.step = deferred();
        });
      },
      url.href,
      { api: operation.api, operationId: operation.id, pageSize, maxPages: this.options.maxPagesPerWalk },
    ).then((w) => {
      walk.step.resolve();
      this.open.delete(walk);
      if (walk.abandoned || (w.stop.reason === 'error' && !w.stop.exchange)) return undefined;
      const rules = new RuleNotes();
      for (const check of WALK_CHECKS) if (check.appliesTo(ctx.operation)) rules.note(check.id, walkInput(check)(w));
      return { walk: w, firstSeq: walk.firstSeq, violations: checkWalk(w, ctx).map((f) => walkViolation(f, w)), rules };
    });
    await walk.step.promise;
    const judged = await this.settled(walk);
    if (judged) finished.push(judged);
    return finished;
  }

  /** The walk's result when walkPages has ended, undefined while it waits for the next page. */
  private async settled(walk: OpenWalk): Promise<JudgedWalk | undefined> {
    if (walk.waiting) return undefined;
    return walk.done;
  }

  private abandon(walk: OpenWalk): void {
    walk.abandoned = true;
    this.open.delete(walk);
    if (walk.waiting) {
      this.waiting.delete(walk.waiting.key);
      walk.waiting.reject(ABANDONED);
      walk.waiting = undefined;
    }
  }

  /** Stops every open walk (the proxy stops): walks whose end was not seen are dropped. */
  async close(): Promise<void> {
    const open = [...this.open];
    for (const w of open) this.abandon(w);
    this.open.clear();
    await Promise.all(open.map((w) => w.done));
  }

  /** Walks the application began and has not finished. */
  openWalks(): number {
    return this.open.size;
  }

  /** Whether the operation's API has an operation that fetches one item (Video): only then are listed items kept. */
  private fetchable(operation: OperationInfo): boolean {
    let known = this.fetchableApis.get(operation.api);
    if (known === undefined) {
      known = this.catalog.operations.some((o) => o.api === operation.api && o.id !== operation.id && o.method.toUpperCase() === 'GET' && this.contextOf(o.id) === undefined);
      this.fetchableApis.set(operation.api, known);
    }
    return known;
  }

  private pageSizeOf(url: URL, operation: OperationInfo): number {
    const size = this.catalog.paging(operation.id).size?.param;
    const asked = size ? intQuery(url, size) : undefined;
    const fallback = size ? this.catalog.parameterSchema(operation.id, size)?.default : undefined;
    return asked ?? (typeof fallback === 'number' ? fallback : 0);
  }

  /**
   * Keeps where each listed item is (its page and index), not a copy: a list of many pages costs a map
   * entry per item, and the item as the checks take it (Listed) is built only when it is fetched.
   */
  private remember(exchange: Exchange, operation: OperationInfo, ctx: WalkContext): void {
    const body = exchange.response.body;
    const items = isObj(body) ? body[ctx.listKey] : undefined;
    if (!Array.isArray(items)) return;
    for (let index = 0; index < items.length; index++) {
      const value: unknown = items[index];
      if (!isObj(value)) continue;
      const id = idOf(operation.api, value);
      if (!id) continue;
      const kept: Kept = { exchange, listKey: ctx.listKey, index };
      keep(this.bySid, `${operation.api}|${id}`, kept);
      const parent = value.room_sid;
      if (typeof value.identity === 'string' && typeof parent === 'string') keep(this.byIdentity, `${operation.api}|${parent}|${value.identity}`, kept);
    }
  }

  /**
   * A fetch of one participant: compared with what the application listed of it before (by SID, or
   * by the room's SID and the identity), with the run's consistency checks. Nothing when it was not listed.
   */
  onFetch(exchange: Exchange, operation: OperationInfo, pathParams: string[], rules?: RuleNotes): Violation[] {
    const list = this.catalog.operations.find((o) => o.api === operation.api && o.method.toUpperCase() === 'GET' && this.contextOf(o.id) !== undefined);
    const ctx = list ? this.contextOf(list.id) : undefined;
    const [parent, who] = pathParams.map((p) => safeDecode(p));
    if (!ctx || !who) return [];
    const bySid = listedOf(this.bySid.get(`${operation.api}|${who}`));
    if (bySid) {
      rules?.note(fetchMatchesListRule.id, true);
      return fetchMatchesList(bySid, exchange, ctx).map((f) => locatedViolation(fetchMatchesListRule.id, fetchMatchesListRule.severity, operation.id, f));
    }
    const byIdentity = listedOf(this.byIdentity.get(`${operation.api}|${parent}|${who}`));
    if (byIdentity) {
      rules?.note(identityFetchRule.id, true);
      return identityFetch(byIdentity, exchange, ctx).map((f) => locatedViolation(identityFetchRule.id, identityFetchRule.severity, operation.id, f));
    }
    return [];
  }
}

/** Where a listed item is: its page and its index in the page's list. */
interface Kept {
  exchange: Exchange;
  listKey: string;
  index: number;
}

/** The item as the consistency checks take it (src/checks/consistency/listed.ts). */
function listedOf(kept: Kept | undefined): Listed | undefined {
  if (!kept) return undefined;
  const items = (kept.exchange.response.body as Record<string, unknown>)[kept.listKey] as Array<Record<string, unknown>>;
  const request = requestOf(kept.exchange);
  return { pointer: `/${kept.listKey}/${kept.index}`, value: items[kept.index] as Record<string, unknown>, ...(request ? { request } : {}) };
}

function keep(map: Map<string, Kept>, key: string, item: Kept): void {
  map.delete(key);
  map.set(key, item);
  if (map.size > LISTED_KEPT) map.delete(map.keys().next().value as string);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A first page: no page index or token asked (Telnyx: none, or page 1). */
function isFirstPage(url: URL, operation: OperationInfo): boolean {
  if (url.searchParams.has(PAGE_TOKEN)) return false;
  const index = url.searchParams.get(PAGE_INDEX_PARAM[operation.api]);
  return index === null || (operation.api === 'telnyx' && index === '1');
}

function walkViolation(f: ReturnType<typeof checkWalk>[number], walk: Walk): Violation {
  const page = f.pageIndex >= 0 ? walk.pages[f.pageIndex] : walk.pages[0];
  const request = page?.request ? { method: page.request.method, url: page.request.url } : undefined;
  return locatedViolation(f.rule, f.severity, walk.operationId, { ...f, ...(request ? { request } : {}) });
}
