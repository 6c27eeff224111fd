/**
 * The preflight of a live run: before any suite, one authenticated read of each configured parent
 * (its participant list at the smallest documented page size), so that a run that cannot check
 * anything says so in one line and exits 2, instead of blaming the API for a wrong token, a wrong id,
 * a wrong base URL or an unreachable host. The reads go through the run's probes: they count against
 * --max-requests and are recorded with --record like every other exchange; their bodies are checked
 * by the cases, which send the same requests.
 */
import type { Catalog } from '../catalog/catalog.js';
import type { OperationInfo } from '../catalog/specs.js';
import type { ApiName, Exchange } from '../types.js';
import { BudgetSpent, HttpFailure, TransportError, type Probe } from './probe.js';
import { enumValues, itemsOf } from './cases/common.js';
import { createWalkContext } from '../checks/walk/context.js';
import type { PreflightParent, PreflightReport, TargetInfo } from './target.js';
import { ALL_APIS } from './targets.js';
import { specOperations, targetOf } from './spec-operations.js';

/** Tries of a refused loopback connection, 250 ms apart: a mock started in the background a moment before the run. */
const LOOPBACK_RETRIES = 12;

/** Why a run cannot go on: one line that says what to fix. */
export class PreflightError extends Error {
  override name = 'PreflightError';
}

/** The ids of the parents a target names for an API (rooms, conferences, room sessions). */
export function parentsOf(target: TargetInfo, api: ApiName): string[] {
  if (api === 'twilio-video') return target.twilioVideo?.rooms.map((r) => r.sid) ?? [];
  if (api === 'twilio-insights') return target.twilioInsights?.conferences.map((c) => c.sid) ?? [];
  return target.telnyx?.sessions.map((s) => s.id) ?? [];
}

/** The list operation of an API: its GET with a page-size parameter, whose one path parameter is the parent. */
export function listOperationOf(catalog: Catalog, api: ApiName): OperationInfo | undefined {
  return catalog.operations.find((o) => o.api === api && o.method.toUpperCase() === 'GET' && catalog.paging(o.id).size && (o.path.match(/\{[^}]+\}/g) ?? []).length === 1);
}

function listUrl(baseUrl: string, operation: OperationInfo, parent: string, params: Record<string, string | number>): string {
  const url = new URL(baseUrl.replace(/\/$/, '') + operation.path.replace(/\{[^}]+\}/, encodeURIComponent(parent)));
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, String(v));
  return url.toString();
}

/**
 * Reads each parent once. Throws a PreflightError (the run exits 2) when the credentials are refused,
 * a parent is not found or the host cannot be reached (refused, DNS, TLS, reset, no answer within the deadline). Returns what it saw,
 * with the number of participants seen per parent (0: nothing to test there).
 */
export async function preflight(target: TargetInfo, catalog: Catalog, probeFor: (operationId: string) => Probe, redact: (text: string) => string): Promise<PreflightReport> {
  const started = Date.now();
  let requests = 0;
  const parents: PreflightParent[] = [];
  for (const api of ALL_APIS) {
    const section = targetOf(target, api);
    if (!section) continue;
    const operation = listOperationOf(catalog, api);
    const size = operation && catalog.paging(operation.id).size;
    if (!operation || !size) continue;
    const smallest = catalog.parameterSchema(operation.id, size.param)?.minimum;
    const pageSize = typeof smallest === 'number' ? smallest : 1;
    const names = target.variables?.[api];
    const baseVariable = names?.baseUrl ?? 'the base URL';
    const origin = new URL(section.baseUrl).origin;
    for (const id of parentsOf(target, api)) {
      const read = async (params: Record<string, string | number>) => {
        const url = listUrl(section.baseUrl, operation, id, params);
        // A sandbox on this machine may still be starting (`rollcall mock --port N &` just before the run):
        // a refused connection to a loopback host is tried again for a few seconds; anywhere else it fails at once.
        const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);
        for (let attempt = 0; ; attempt++) {
          requests++;
          try {
            return await probeFor(operation.id).send({ method: 'GET', url });
          } catch (err) {
            const refused = err instanceof TransportError && /ECONNREFUSED/.test(err.message);
            if (!(loopback && refused && attempt < LOOPBACK_RETRIES)) throw err;
            await new Promise((r) => setTimeout(r, 250));
          }
        }
      };
      const readOrExplain = async (params: Record<string, string | number>) => {
        try {
          return await read(params);
        } catch (err) {
          if (err instanceof BudgetSpent) throw new PreflightError(`the preflight read of ${api} was refused by the request budget (--max-requests ${target.settings.maxRequests}); raise --max-requests`);
          const why = (err instanceof HttpFailure ? err.finding.message : (err as Error).message).replace(/^cannot reach [^:]+:\/\/[^:]+(:\d+)?: /, '');
          throw new PreflightError(`${api}: cannot reach ${origin} (${redact(why)}); check ${baseVariable} and that the sandbox is reachable from here`);
        }
      };
      const first = await readOrExplain({ [size.param]: pageSize });
      const status = first.exchange.response.status;
      const credentials = names?.credentials ?? 'the credentials';
      if (status === 401 || status === 403) {
        throw new PreflightError(`${api}: ${origin} refused the credentials (${status}) when reading ${id}; check ${credentials}${status === 403 ? ' and that they may read this parent' : ''}`);
      }
      if (status === 404) {
        throw new PreflightError(`${api}: ${origin} does not know ${names?.parent ?? 'the parent'}=${redact(id)} (404 on ${operation.path}); check the id, and ${baseVariable} if the id is right`);
      }
      // Any other answer (a 5xx, a 429, a body that is not a list) is the API's to answer for: the cases judge it.
      const listKey = createWalkContext(catalog, operation.id).listKey;
      const count = (exchange: Exchange): number | null => {
        const body = exchange.response.body as Record<string, unknown> | undefined;
        const ok = exchange.response.status >= 200 && exchange.response.status < 300 && !!body && typeof body === 'object' && Array.isArray(body[listKey]);
        return ok ? itemsOf(exchange, listKey).length : null;
      };
      let seen = count(first.exchange);
      // The default list may leave participants out (a Video room lists its connected ones by default):
      // each documented Status is read before calling the parent empty.
      const filter = api === 'twilio-video' ? enumValues(catalog.parameterSchema(operation.id, 'Status')) : [];
      for (const value of seen === 0 ? filter : []) {
        const more = count((await readOrExplain({ Status: value, [size.param]: pageSize })).exchange);
        seen = more === null || seen === null ? null : seen + more;
        if (seen === null) break;
      }
      parents.push({ api, id, status, participantsSeen: seen });
    }
  }
  return { requests, durationMs: Date.now() - started, parents };
}

/** What to point each API at so that every case has something to check. */
const WHAT_TO_TEST: Readonly<Record<ApiName, string>> = {
  'twilio-video': 'a room with connected and disconnected participants',
  'twilio-insights': 'a conference with participants',
  telnyx: 'a room session with participants',
};

/** The console's line for a preflight: requests, time, and what each parent holds. */
export function preflightLine(report: PreflightReport): string {
  const parents = report.parents.map((p) => `${p.api} ${p.id}: ${p.participantsSeen === 0 ? 'no participants' : p.participantsSeen === null ? `answered ${p.status}, left to the cases to judge` : 'participants found'}`);
  return `preflight: ${report.requests} request${report.requests === 1 ? '' : 's'} in ${report.durationMs} ms; ${parents.join('; ')}`;
}

/** Each configured API whose every parent holds no participant: one line each that says so and what to point it at. */
export function emptyParentLines(target: TargetInfo): Array<{ api: ApiName; line: string }> {
  const report = target.preflight;
  if (!report) return [];
  const lines: Array<{ api: ApiName; line: string }> = [];
  for (const api of ALL_APIS) {
    const mine = report.parents.filter((p) => p.api === api);
    if (mine.length === 0 || mine.some((p) => p.participantsSeen !== 0)) continue;
    const variable = target.variables?.[api]?.parent;
    lines.push({ api, line: `nothing to test on ${api}: ${variable ? `${variable}=` : ''}${mine.map((p) => p.id).join(', ')} holds no participants; point it at ${WHAT_TO_TEST[api]}, or pass --allow-empty` });
  }
  return lines;
}

/** A finished case, as nothingCheckedLines reads it. */
interface FinishedCase {
  operation: string;
  state: 'passed' | 'failed' | 'skipped';
  skippedBecause?: 'budget' | 'unmet';
  skipReason?: string;
}

/**
 * The operations under test (a case of theirs ran: not filtered out by --grep, not a suite skipped
 * by configuration) whose every case was skipped for what the target lacks: a run that checked nothing
 * there must not be green. One line each, with the first reason and what to point the run at.
 */
export function nothingCheckedLines(cases: readonly FinishedCase[], target: Pick<TargetInfo, 'twilioVideo'>): string[] {
  const byOperation = new Map<string, FinishedCase[]>();
  for (const c of cases) {
    const ran = c.state !== 'skipped' || c.skippedBecause !== undefined;
    if (ran) byOperation.set(c.operation, [...(byOperation.get(c.operation) ?? []), c]);
  }
  const lines: string[] = [];
  for (const [operation, mine] of byOperation) {
    if (!mine.every((c) => c.state === 'skipped' && c.skippedBecause === 'unmet')) continue;
    const api = specOperations().find((o) => o.id === operation)?.api;
    const room = operation.startsWith('twilio-video.update') && target.twilioVideo?.mutations ? 'the room named by --allow-mutations' : undefined;
    lines.push(`nothing was checked on ${operation}: all ${mine.length} of its cases were skipped (${mine[0]?.skipReason ?? 'the target lacks what they need'}); point ${room ?? 'the run'} at ${(api ? WHAT_TO_TEST[api] : undefined) ?? 'a parent with participants'}, or pass --allow-empty`);
  }
  return lines;
}
