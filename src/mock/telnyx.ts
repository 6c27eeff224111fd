/** Telnyx: list the participants of a room session, with deepObject date filters and page[] paging. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { telnyxAuthorized } from './auth.js';
import type { MockContext } from './context.js';
import { applyItemFaults, type FaultState, type ItemFaultProfile } from './faults.js';
import type { MicroTime, TelnyxParticipant } from './model.js';
import { ApiProblem, badRequest, boundedInteger, notFound, single } from './params.js';
import { schemaFacts } from './schema-facts.js';
import { parseDate, telnyxTime, utcDate } from './time.js';
import { JsonCache, ListResponses, listJson, sendJson } from './json-cache.js';

export const TELNYX_LIST_PATH = '/v2/room_sessions/:session/participants';

/** The three date filters: query name, and the participant timestamp each compares. */
const DATE_FILTERS = [
  { name: 'date_joined_at', of: (p: TelnyxParticipant): MicroTime | null => p.joinedAt },
  { name: 'date_updated_at', of: (p: TelnyxParticipant): MicroTime | null => p.updatedAt },
  { name: 'date_left_at', of: (p: TelnyxParticipant): MicroTime | null => p.leftAt },
] as const;
const OPERATORS = ['eq', 'gte', 'lte'] as const;
type Operator = (typeof OPERATORS)[number];

interface DateCondition {
  of: (p: TelnyxParticipant) => MicroTime | null;
  op: Operator;
  /** `YYYY-MM-DD`; compared with the timestamp's UTC calendar date. */
  date: string;
}

let profile: ItemFaultProfile | undefined;
function telnyxFaultProfile(): ItemFaultProfile {
  return (profile ??= {
    missingField: 'updated_at',
    typeChange: { field: 'joined_at', change: (v) => (typeof v === 'string' ? Date.parse(v) : 0) },
    undocumentedField: { field: 'status', value: 'active' },
  });
}

function telnyxParticipantObject(p: TelnyxParticipant): Record<string, unknown> {
  return {
    id: p.id,
    session_id: p.sessionId,
    context: p.context,
    joined_at: telnyxTime(p.joinedAt),
    updated_at: telnyxTime(p.updatedAt),
    left_at: p.leftAt === null ? null : telnyxTime(p.leftAt),
    record_type: schemaFacts().telnyxRecordType,
  };
}

/** Telnyx participants carry no URL and change once at most (leaving sets left_at and updated_at): two renderings each. */
/** Whole list responses, kept per room session. */
const telnyxLists = new ListResponses();
const telnyxJson = new JsonCache<TelnyxParticipant>((p) => telnyxParticipantObject(p));

export function renderTelnyxParticipant(p: TelnyxParticipant, index: number, faults: FaultState): Record<string, unknown> {
  const item = telnyxParticipantObject(p);
  if (faults.active.size > 0) applyItemFaults(item, index, faults, telnyxFaultProfile());
  return item;
}

function parseDateConditions(query: unknown): DateCondition[] {
  const conditions: DateCondition[] = [];
  const keys = query !== null && typeof query === 'object' ? Object.keys(query) : [];
  for (const filter of DATE_FILTERS) {
    const prefix = `filter[${filter.name}]`;
    for (const key of keys) {
      const op = key.startsWith(prefix) ? /^\[(eq|gte|lte)\]$/.exec(key.slice(prefix.length))?.[1] : 'other';
      if (op === undefined) throw badRequest(`${key.slice(0, 80)} is not a filter; use ${prefix}[eq], [gte] or [lte].`, key.slice(0, 80));
    }
    for (const op of OPERATORS) {
      const parameter = `${prefix}[${op}]`;
      const raw = single(query, parameter);
      if (raw === undefined) continue;
      const date = parseDate(raw);
      if (date === undefined) throw badRequest(`${parameter} must be a date (YYYY-MM-DD), not '${raw.slice(0, 40)}'.`, parameter);
      conditions.push({ of: filter.of, op, date });
    }
  }
  return conditions;
}

function meets(p: TelnyxParticipant, c: DateCondition): boolean {
  const t = c.of(p);
  if (t === null) return false;
  const day = utcDate(t.ms);
  return c.op === 'eq' ? day === c.date : c.op === 'gte' ? day >= c.date : day <= c.date;
}

interface TelnyxSlice {
  offset: number;
  totalResults: number;
}

/** Where page n starts, and the total the meta reports; the paging faults live here. */
function sliceFor(total: number, size: number, number: number, faults: FaultState): TelnyxSlice {
  const multiPage = total > size;
  if (faults.has('duplicate-across-pages') && multiPage) {
    // As if one item had been inserted at the front between requests: later pages repeat one item.
    return { offset: number === 1 ? 0 : (number - 1) * size - 1, totalResults: total + 1 };
  }
  if (faults.has('dropped-item') && multiPage) {
    return { offset: number === 1 ? 0 : (number - 1) * size + 1, totalResults: total };
  }
  return { offset: (number - 1) * size, totalResults: total };
}

function requireBearer(ctx: MockContext, request: FastifyRequest): void {
  if (!telnyxAuthorized(ctx.dataset, request.headers.authorization)) {
    throw new ApiProblem({ status: 401, message: 'The API key is missing or invalid: send Authorization: Bearer <API key>.' });
  }
}

export function registerTelnyxRoutes(app: FastifyInstance, ctx: MockContext): void {
  app.get<{ Params: { session: string } }>(TELNYX_LIST_PATH, async (request, reply) => {
    requireBearer(ctx, request);
    const session = ctx.dataset.telnyx.sessions.find((s) => s.id === request.params.session);
    if (!session) throw notFound(`Room session ${request.params.session.slice(0, 80)} was not found.`);
    const list = () => {
      const { telnyxPageSize, telnyxPageNumber } = schemaFacts();
      const query = request.query;
      const requestedSize = boundedInteger(single(query, 'page[size]'), telnyxPageSize, 'page[size]');
      const number = boundedInteger(single(query, 'page[number]'), telnyxPageNumber, 'page[number]');
      const size = ctx.faults.has('page-size-ignored') ? telnyxPageSize.default : requestedSize;
      const conditions = parseDateConditions(query);
      const context = ctx.faults.has('filter-ignored') ? undefined : single(query, 'filter[context]');
      const filtered = session.participants.filter(
        (p) => (context === undefined || p.context === context) && conditions.every((c) => meets(p, c)),
      );
      const { offset, totalResults } = sliceFor(filtered.length, size, number, ctx.faults);
      const start = Math.min(offset, filtered.length);
      const totalPages = Math.ceil(totalResults / size) + (ctx.faults.has('meta-inconsistent') ? 1 : 0);
      const items = filtered.slice(start, start + size);
      return { items, meta: { page_number: number, page_size: size, total_pages: totalPages, total_results: totalResults } };
    };
    if (ctx.faults.active.size === 0) {
      // Telnyx bodies carry no URL: the request URL is the key, while the session's version (churn) holds.
      return sendJson(reply, telnyxLists.respond(session, session.version, request.url, () => {
        const { items, meta } = list();
        return listJson(schemaFacts().telnyxListKey, items.map((p) => telnyxJson.json(p, '', p.leftAt === null ? '' : 'left')), meta);
      }));
    }
    const { items, meta } = list();
    return { [schemaFacts().telnyxListKey]: items.map((p, i) => renderTelnyxParticipant(p, i, ctx.faults)), meta };
  });
}
