/**
 * Shared case-building blocks. Values that probe a constraint (page sizes, enum values, bounds)
 * are read from the operation's parameter schemas: nothing here repeats a bound or an enum.
 */
import type { JsonSchema } from '../../schemas.js';
import type { Exchange } from '../../types.js';
import type { Outcome } from '../outcome.js';
import type { Session } from '../session.js';
import { walkPages, WALK_CHECKS, type Walk, type WalkContext } from '../../checks/walk/walk.js';
import { HttpFailure, TransportError } from '../probe.js';
import { Unmet } from '../needs.js';
import type { Discovered } from '../target.js';
import { createWalkContext } from '../../checks/walk/context.js';
import { pageSizeOutOfRange, pageSizeOutOfRangeRules } from '../../checks/walk/page-size-out-of-range.js';
import { invalidParameter } from '../../checks/http/expected-status.js';
import { walkInput } from '../../checks/inputs.js';

export interface Case {
  name: string;
  run(outcome: Outcome): Promise<void>;
}

export interface CaseGroup {
  name: string;
  cases: Case[];
}

export type Params = Record<string, string | number | undefined>;

export function buildUrl(base: string, path: string, params: Params = {}): string {
  const url = new URL(base.replace(/\/$/, '') + path);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, String(v));
  return url.toString();
}

/** A room participant's URL: the room and the participant (SID or identity) are each one percent-encoded path segment. */
export function participantUrl(base: string, roomRef: string, who: string): string {
  return buildUrl(base, `/v1/Rooms/${encodeURIComponent(roomRef)}/Participants/${encodeURIComponent(who)}`);
}

/** The page sizes to probe, from the size parameter's schema: in bounds (min, default, max) and just outside (min-1, max+1, a non-integer, not a number). */
export function pageSizeCases(schema: JsonSchema): { inBounds: number[]; outOfBounds: string[] } {
  const min = schema.minimum as number;
  const max = schema.maximum as number;
  const def = schema.default as number;
  if (typeof min !== 'number' || typeof max !== 'number' || typeof def !== 'number') {
    throw new Error('rollcall: a page-size parameter without minimum, maximum and default (the lint rule rollcall-page-size-bounds catches this)');
  }
  return { inBounds: [...new Set([min, def, max])], outOfBounds: [String(min - 1), String(max + 1), `${def}.5`, 'abc'] };
}

/** The page indexes to probe, from the index parameter's schema: its minimum, and just outside (min-1, a fraction, a word). */
export function pageIndexCases(schema: JsonSchema): { inBounds: number[]; outOfBounds: string[] } {
  const min = schema.minimum;
  if (typeof min !== 'number') throw new Error('rollcall: a page-index parameter without a minimum');
  return { inBounds: [min], outOfBounds: [String(min - 1), `${min}.5`, 'abc'] };
}

/**
 * Cases for a page-index parameter (Twilio Page, Telnyx page[number]): the minimum is served, and
 * each value outside the schema is refused with the vendor's 400 (its body checked against the error shape).
 */
export function pageIndexCaseList(s: Session, operationId: string, param: string, url: (params: Params) => string): Case[] {
  const schema = s.catalog.parameterSchema(operationId, param);
  if (!schema) return [];
  const { inBounds, outOfBounds } = pageIndexCases(schema);
  const probe = () => s.probe(operationId);
  return [
    ...inBounds.map((n) => ({ name: `${param}=${n}`, run: async (o: Outcome) => o.checkResult(await probe().send({ method: 'GET', url: url({ [param]: n }) })) })),
    ...outOfBounds.map((bad) => ({
      name: `${param}=${bad} (out of bounds): 400`,
      run: async (o: Outcome) => {
        const r = await probe().send({ method: 'GET', url: url({ [param]: bad }) });
        o.checkResult(r);
        o.expectStatus(invalidParameter, r.exchange, `${param}=${bad}, outside its documented bounds,`);
      },
    })),
  ];
}

/**
 * Cases for a page-size parameter (Twilio PageSize, Telnyx page[size]): the first page with no
 * parameter, each in-bounds size, and each size just outside the schema's bounds, judged by
 * pageSizeOutOfRange (rejected with 400, clamped, or neither) while the answer itself keeps the contract.
 */
export function pageSizeCaseList(s: Session, operationId: string, param: string, url: (params: Params) => string): Case[] {
  const schema = s.catalog.parameterSchema(operationId, param);
  if (!schema) throw new Error(`rollcall: ${operationId} documents no ${param}`);
  const { inBounds, outOfBounds } = pageSizeCases(schema);
  const probe = () => s.probe(operationId);
  const single = (params: Params) => async (o: Outcome) => o.checkResult(await probe().send({ method: 'GET', url: url(params) }));
  return [
    { name: 'first page, no parameters', run: single({}) },
    ...inBounds.map((n) => ({ name: `${param}=${n}`, run: single({ [param]: n }) })),
    ...outOfBounds.map((bad) => ({
      name: `${param}=${bad} (out of bounds)`,
      run: async (o: Outcome) => {
        const r = await probe().send({ method: 'GET', url: url({ [param]: bad }) });
        o.noteHttp(r);
        // An out-of-range size is judged by both rules: refused, clamped (informational), or neither (the error).
        for (const rule of pageSizeOutOfRangeRules) o.noteRule(rule.id, true);
        for (const f of pageSizeOutOfRange(r.exchange, bad, walkContext(s, operationId))) o.addFinding(f.rule, f.severity, f, r.exchange);
        // Whatever the outcome, the answer itself must keep the contract (an error body in the vendor's shape).
        for (const v of s.catalog.check(r.exchange)) o.addFinding(v.rule, v.severity, v, r.exchange);
      },
    })),
  ];
}

/** Enum values of a parameter, from its schema. */
export function enumValues(schema: JsonSchema | undefined): string[] {
  return Array.isArray(schema?.enum) ? (schema.enum as string[]) : [];
}

/**
 * The multi-exchange checks' context for a list operation: the one the unit tests use too
 * (createWalkContext), so that production runs exactly the code the tests prove. Its error-body test
 * holds a status the list does not document (a 409 to a second kick) to the vendor's error body.
 */
export function walkContext(s: Session, operationId: string): WalkContext {
  return createWalkContext(s.catalog, operationId);
}

/** The array property of a list operation's response (`participants`, `data`), from its schema. */
export function listKeyOf(s: Session, operationId: string): string {
  return walkContext(s, operationId).listKey;
}

/** The items of a list exchange. */
export function itemsOf(exchange: Exchange, listKey: string): Array<Record<string, unknown>> {
  const body = exchange.response.body as Record<string, unknown> | undefined;
  const list = body && typeof body === 'object' ? body[listKey] : undefined;
  return Array.isArray(list) ? (list as Array<Record<string, unknown>>) : [];
}

/**
 * Walks every page from firstUrl, checking each page (schema, filters, echoes) and the walk as a
 * whole (links, index, duplicates, missing items against the reference). Returns the walk.
 */
export async function checkedWalk(
  s: Session,
  o: Outcome,
  operationId: string,
  firstUrl: string,
  pageSize: number,
  reference?: Exchange,
): Promise<Walk> {
  const probe = s.probe(operationId);
  const ctx = walkContext(s, operationId);
  // walkPages turns a failed fetch into a stop; a spent budget or an unreachable target must end the case instead.
  let fatal: Error | undefined;
  const walk = await walkPages(
    async (url) => {
      try {
        const r = await probe.send({ method: 'GET', url });
        o.checkResult(r);
        return r.exchange;
      } catch (err) {
        if (o && err instanceof HttpFailure) o.addFinding(err.finding.rule, err.finding.severity, err.finding, { operationId, request: { method: 'GET', url }, response: { status: 0, body: undefined } });
        else fatal = err as Error;
        throw err;
      }
    },
    firstUrl,
    { api: ctx.operation.api, operationId, pageSize, maxPages: s.target.settings.maxPagesPerWalk, reference },
  );
  if (fatal) throw fatal;
  for (const check of WALK_CHECKS) {
    if (!check.appliesTo(ctx.operation)) continue;
    // A walk of one page gives most walk rules nothing to judge (src/checks/inputs.ts).
    o.noteRule(check.id, walkInput(check)(walk));
    for (const f of check.run(walk, ctx)) o.addFinding(check.id, check.severity, f, f.pageIndex >= 0 ? walk.pages[f.pageIndex] : walk.pages[0]);
  }
  return walk;
}

/** One page at the largest documented page size, to compare walks against (undefined when the collection does not fit). */
export async function referencePage(s: Session, o: Outcome, operationId: string, url: string): Promise<Exchange | undefined> {
  const r = await s.probe(operationId).send({ method: 'GET', url });
  o.checkResult(r);
  const body = r.exchange.response.body as { meta?: Record<string, unknown> } | undefined;
  if (r.exchange.response.status !== 200 || !body?.meta) return undefined;
  const meta = body.meta;
  const more = s.catalog.operation(operationId).api === 'telnyx' ? Number(meta.total_pages) > 1 : meta.next_page_url !== null;
  return more ? undefined : r.exchange;
}

/**
 * Every item of a list, for cases that pick participants from it: what discovery read before the
 * suites (src/run/discovery.ts), or, when discovery could not read this parent, the list read here.
 * Nothing is taken on trust: when the list cannot be read here either, what it answered is judged
 * in the case (a 5xx is http.availability, a body that is not a page fails its checks) and the case
 * fails; a request that cannot be sent ends it with a TransportError naming it (the run exits 2).
 * Never an empty list that later cases would take for a parent without participants.
 */
export async function discoverItems(s: Session, o: Outcome | undefined, operationId: string, firstUrl: string, pageSize: number, discovered?: Discovered): Promise<Array<Record<string, unknown>>> {
  if (discovered) return discovered.items;
  const probe = s.probe(operationId);
  let fatal: Error | undefined;
  const walk = await walkPages(
    async (url) => {
      try {
        const r = await probe.send({ method: 'GET', url });
        if (o && (r.exchange.response.status < 200 || r.exchange.response.status > 299)) o.checkResult(r);
        return r.exchange;
      } catch (err) {
        fatal ??= err as Error;
        if (o && err instanceof HttpFailure) o.addFinding(err.finding.rule, err.finding.severity, err.finding, { operationId, request: { method: 'GET', url }, response: { status: 0, body: undefined } });
        throw err;
      }
    },
    firstUrl,
    { api: s.catalog.operation(operationId).api, operationId, pageSize, maxPages: s.target.settings.maxPagesPerWalk },
  );
  if (fatal && !(fatal instanceof HttpFailure)) throw fatal;
  if (walk.stop.reason === 'error') {
    const why = `GET ${s.redactor.text(walk.stop.url ?? firstUrl)}: ${s.redactor.text(walk.stop.detail ?? 'no usable answer')}`;
    if (!o) throw new TransportError(`reading the participants failed: ${why}`);
    if (walk.stop.exchange && walk.stop.exchange.response.status >= 200 && walk.stop.exchange.response.status < 300) {
      for (const v of s.catalog.check(walk.stop.exchange)) o.addFinding(v.rule, v.severity, v, walk.stop.exchange);
    }
    // What it answered is judged above; with no finding to show for it, the run cannot go on as if the list were empty.
    if (!o || o.failing(s.target.settings.strict).length === 0) throw new TransportError(`reading the participants to plan the cases failed: ${why}`);
    throw new Unmet(`the participants could not be read to plan this case (${why})`);
  }
  return allWalkItems(walk, listKeyOf(s, operationId));
}

/** How a list's size plans its walks: page sizes within the parameter's bounds. */
export interface PlannedSizes {
  /** A size that makes the walk span at least three pages (so that pages 2 and 3 are read, with their links). */
  threePages?: number;
  /** A size that divides the list exactly (its last page is full, and must still end the walk), at most MAX_PLANNED_PAGES pages. */
  boundary?: number;
}

/** The most pages a planned walk may take: a live sandbox's list is walked whole several times. */
export const MAX_PLANNED_PAGES = 50;

export function plannedSizes(count: number, min: number, max: number): PlannedSizes {
  const out: PlannedSizes = {};
  if (count >= 3) {
    const size = Math.min(max, Math.max(min, Math.floor(count / 3)));
    if (Math.ceil(count / size) >= 3 && Math.ceil(count / size) <= MAX_PLANNED_PAGES) out.threePages = size;
    else if (Math.ceil(count / size) > MAX_PLANNED_PAGES) out.threePages = Math.min(max, Math.ceil(count / MAX_PLANNED_PAGES));
  }
  // The largest divisor that still gives two pages or more.
  for (let size = Math.min(max, Math.floor(count / 2)); size >= Math.max(min, 1); size--) {
    if (count % size !== 0) continue;
    if (count / size <= MAX_PLANNED_PAGES) out.boundary = size;
    break;
  }
  return out;
}

/** Walking one item per page reads a request per participant: planned for lists up to this size. */
export const ONE_PER_PAGE_MAX = 60;

/** A walk at the smallest page size: every item on its own page, every link followed (lists up to ONE_PER_PAGE_MAX). */
export function oneItemPerPage(s: Session, operationId: string, param: string, count: number | undefined, url: (params: Params) => string): Case {
  const min = s.catalog.parameterSchema(operationId, param)?.minimum as number;
  const max = s.catalog.parameterSchema(operationId, param)?.maximum as number;
  return {
    name: `walk every page at ${param}=${min}`,
    run: async (o) => {
      if (count === undefined) throw new Unmet('the size of the default list is unknown (discovery could not read it)');
      if (count < 2) throw new Unmet(`the default list holds ${count} participant${count === 1 ? '' : 's'}; one item per page needs at least 2`);
      if (count > ONE_PER_PAGE_MAX) throw new Unmet(`the default list holds ${count} participants; one item per page is planned up to ${ONE_PER_PAGE_MAX} (the walks over three pages and on a page boundary cover it)`);
      const reference = await referencePage(s, o, operationId, url({ [param]: max }));
      await checkedWalk(s, o, operationId, url({ [param]: min }), min, reference);
    },
  };
}

/**
 * The walks planned from a list's size (discovery's count): one over at least three pages and one
 * ending exactly on a page boundary, each followed to the end with every walk check and compared with
 * one page at the largest size. Named the same whatever the size, so that a baseline keeps them; a
 * list too small (or unknown) is a skip that says what would exercise it.
 */
export function plannedWalkCases(s: Session, operationId: string, label: string, count: number | undefined, url: (params: Params) => string): Case[] {
  const size = s.catalog.paging(operationId).size;
  if (!size) return [];
  const schema = s.catalog.parameterSchema(operationId, size.param);
  const min = schema?.minimum as number;
  const max = schema?.maximum as number;
  const planned = count === undefined ? undefined : plannedSizes(count, min, max);
  const walk = (pageSize: number) => async (o: Outcome) => {
    const reference = await referencePage(s, o, operationId, url({ [size.param]: max }));
    await checkedWalk(s, o, operationId, url({ [size.param]: pageSize }), pageSize, reference);
  };
  const unknown = `the size of ${label} is unknown (discovery could not read it)`;
  return [
    {
      name: `${label}: walk over at least three pages`,
      run: async (o) => {
        if (!planned) throw new Unmet(unknown);
        if (planned.threePages === undefined) throw new Unmet(`${label} holds ${count} participant${count === 1 ? '' : 's'}; a walk over three pages needs at least 3`);
        await walk(planned.threePages)(o);
      },
    },
    {
      name: `${label}: walk ending exactly on a page boundary`,
      run: async (o) => {
        if (!planned) throw new Unmet(unknown);
        if (planned.boundary === undefined) throw new Unmet(`${label} holds ${count} participant${count === 1 ? '' : 's'}: no page size from ${min} to ${max} divides it into 2 to ${MAX_PLANNED_PAGES} full pages`);
        await walk(planned.boundary)(o);
      },
    },
  ];
}

export function allWalkItems(walk: Walk, listKey: string): Array<Record<string, unknown>> {
  return walk.pages.flatMap((p) => itemsOf(p, listKey));
}
