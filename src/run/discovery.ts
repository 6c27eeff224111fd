/**
 * Discovery: before the fixed cases, each parent's lists are read once at the largest page size
 * (through the run's probes, so bounded by --max-requests and recorded like every exchange), so that
 * the cases are planned from what the target holds, the same way against the embedded mock, a live
 * sandbox or a recording: how many participants each list holds (which sizes make a walk span three
 * pages or end on a page boundary), which statuses occur, the room's state (read where the target
 * knows it, inferred where it does not: a connected participant means the room is in progress), and
 * the participants themselves (identities, labels, contexts, timestamps) for filters and bounds.
 *
 * Nothing read here is judged: the cases read the same lists and judge them. A list that cannot be
 * read (a 5xx, a body that is not a page) leaves the parent undiscovered: the cases that need it read
 * it themselves and fail on what they get. A request that cannot be sent at all is the run's transport error.
 */
import type { Catalog } from '../catalog/catalog.js';
import { ROOM_STATUS, PARTICIPANT_STATUS, type RoomStatus } from '../catalog/facts.js';
import type { ApiName, Exchange } from '../types.js';
import { walkPages } from '../checks/walk/walk.js';
import { createWalkContext } from '../checks/walk/context.js';
import { ID_FIELD } from '../checks/walk/support.js';
import { enumValues } from './cases/common.js';
import { BudgetSpent, HttpFailure, TransportError, type Probe } from './probe.js';
import { listOperationOf } from './preflight.js';
import { timestampFieldsOf } from '../timestamps.js';
import type { Discovered, DiscoverySummary, TargetInfo } from './target.js';
import { ALL_APIS } from './targets.js';
import { targetOf } from './spec-operations.js';


/** The parents of an API in a target, each with the slot discovery fills. */
function parentSlots(target: TargetInfo, api: ApiName): Array<{ id: string; slot: { discovered?: Discovered; participants?: number; status?: RoomStatus } }> {
  if (api === 'twilio-video') return (target.twilioVideo?.rooms ?? []).map((r) => ({ id: r.sid, slot: r }));
  if (api === 'twilio-insights') return (target.twilioInsights?.conferences ?? []).map((c) => ({ id: c.sid, slot: c }));
  return (target.telnyx?.sessions ?? []).map((s) => ({ id: s.id, slot: s }));
}


/**
 * Reads every parent of the target and writes what it found onto it (`discovered`, and the room's
 * state and size where they were unknown). Throws the TransportError of a request that could not be
 * sent, and a BudgetSpent when --max-requests does not even cover discovery.
 */
export async function discover(target: TargetInfo, catalog: Catalog, probeFor: (operationId: string) => Probe): Promise<DiscoverySummary> {
  const started = Date.now();
  let requests = 0;
  const summary: DiscoverySummary = { requests: 0, durationMs: 0, parents: [] };
  for (const api of ALL_APIS) {
    const section = targetOf(target, api);
    const operation = listOperationOf(catalog, api);
    const size = operation && catalog.paging(operation.id).size;
    if (!section || !operation || !size) continue;
    const max = catalog.parameterSchema(operation.id, size.param)?.maximum;
    if (typeof max !== 'number') continue;
    const { listKey } = createWalkContext(catalog, operation.id);
    const idField = ID_FIELD[api];
    // Video lists its connected participants by default: each documented Status is read too.
    const filters: Array<Record<string, string>> = [{}, ...(api === 'twilio-video' ? enumValues(catalog.parameterSchema(operation.id, 'Status')).map((s) => ({ Status: s })) : [])];
    for (const { id, slot } of parentSlots(target, api)) {
      const read = async (params: Record<string, string>): Promise<Array<Record<string, unknown>> | string> => {
        const url = new URL(section.baseUrl.replace(/\/$/, '') + operation.path.replace(/\{[^}]+\}/, encodeURIComponent(id)));
        for (const [k, v] of Object.entries({ ...params, [size.param]: String(max) })) url.searchParams.set(k, v);
        let fatal: Error | undefined;
        const walk = await walkPages(
          async (u) => {
            requests++;
            try {
              return (await probeFor(operation.id).send({ method: 'GET', url: u })).exchange;
            } catch (err) {
              // The request is named: a reset or a refusal says which read it ended.
              fatal ??= err instanceof TransportError && !(err as Error).message.includes(u) ? new TransportError(`${(err as Error).message} (GET ${u})`) : (err as Error);
              throw err;
            }
          },
          url.toString(),
          { api, operationId: operation.id, pageSize: max, maxPages: target.settings.maxPagesPerWalk },
        );
        if (fatal instanceof BudgetSpent || fatal instanceof TransportError) throw fatal;
        if (fatal instanceof HttpFailure) return fatal.finding.message;
        if (walk.stop.reason === 'error') return `GET ${walk.stop.url ?? url.toString()}: ${walk.stop.detail ?? 'no usable answer'}`;
        return walk.pages.flatMap((p: Exchange) => {
          const body = p.response.body as Record<string, unknown> | undefined;
          const list = body && typeof body === 'object' ? body[listKey] : undefined;
          return Array.isArray(list) ? (list as Array<Record<string, unknown>>) : [];
        });
      };
      const counts: Record<string, number> = {};
      const items: Array<Record<string, unknown>> = [];
      const seen = new Set<unknown>();
      let unread: string | undefined;
      for (const params of filters) {
        const got = await read(params);
        if (typeof got === 'string') {
          unread = got;
          break;
        }
        counts[Object.entries(params).map(([k, v]) => `${k}=${v}`).join('&')] = got.length;
        for (const item of got) {
          const key = item[idField];
          if (key !== undefined && seen.has(key)) continue;
          seen.add(key);
          items.push(item);
        }
      }
      if (unread) {
        summary.parents.push({ api, id, unread });
        continue;
      }
      const discovered: Discovered = { counts, items };
      if (api === 'twilio-video') {
        if (slot.status) discovered.state = { value: slot.status, from: 'read' };
        else if ((counts[`Status=${PARTICIPANT_STATUS.connected}`] ?? 0) > 0) {
          // Only a room in progress has connected participants (a completed room's are all disconnected).
          discovered.state = { value: ROOM_STATUS.inProgress, from: 'inferred' };
          slot.status = ROOM_STATUS.inProgress;
        }
      }
      slot.discovered = discovered;
      slot.participants ??= items.length;
      const statuses: Record<string, number> = {};
      const timestamps: Record<string, { count: number; first: string; last: string }> = {};
      // Timestamp fields found by their values (src/timestamps.ts), not by a list of names.
      const stampFields = new Set(timestampFieldsOf(items));
      for (const item of items) {
        if (typeof item.status === 'string') statuses[item.status] = (statuses[item.status] ?? 0) + 1;
        for (const [field, value] of Object.entries(item)) {
          if (!stampFields.has(field) || typeof value !== 'string') continue;
          const t = (timestamps[field] ??= { count: 0, first: value, last: value });
          t.count++;
          if (Date.parse(value) < Date.parse(t.first)) t.first = value;
          if (Date.parse(value) > Date.parse(t.last)) t.last = value;
        }
      }
      summary.parents.push({ api, id, counts, ...(Object.keys(statuses).length ? { statuses } : {}), ...(discovered.state ? { state: discovered.state } : {}), timestamps });
    }
  }
  summary.requests = requests;
  summary.durationMs = Date.now() - started;
  return summary;
}

/** The console's lines for discovery: requests and time, then one line per parent that could not be read (the rest is in the report). */
export function discoveryLine(summary: DiscoverySummary): string {
  const read = summary.parents.filter((p) => !p.unread);
  const participants = read.reduce((n, p) => n + Math.max(0, ...Object.values(p.counts ?? {})), 0);
  const lines = [`discovery: ${summary.requests} request${summary.requests === 1 ? '' : 's'} in ${summary.durationMs} ms; ${read.length} parent${read.length === 1 ? '' : 's'} read, ${participants} participants; the cases are planned from them`];
  for (const p of summary.parents) if (p.unread) lines.push(`discovery: ${p.api} ${p.id} could not be read (${p.unread}); its cases read the lists themselves`);
  return lines.join('\n');
}
