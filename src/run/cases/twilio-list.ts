/**
 * Cases for the two Twilio list operations (Video room participants, Insights conference
 * participants): page sizes in and out of bounds, every enum value of every enum filter, walks,
 * 401/404. Video adds Identity, the date filters, and the Status partition.
 */
import type { Session } from '../session.js';
import type { Outcome } from '../outcome.js';
import type { Discovered, RoomTarget } from '../target.js';
import { authRequired, notFound } from '../../checks/http/expected-status.js';
import { buildUrl, discoverItems, oneItemPerPage, plannedWalkCases, participantUrl, checkedWalk, pageIndexCaseList, pageSizeCaseList, enumValues, itemsOf, listKeyOf, referencePage, allWalkItems, type Case, type Params } from './common.js';
import { PARTICIPANT_STATUS } from '../../catalog/facts.js';
import { isoSeconds } from '../../timestamps.js';
import { need, Unmet } from '../needs.js';
import { judgeDrops, placedBoundCases } from './bounds.js';

const PAGE_SIZE = 'PageSize';

export interface ListScope {
  operationId: string;
  baseUrl: string;
  /** The list path for this parent, e.g. /v1/Rooms/RM.../Participants. */
  path: string;
  /** A well-formed id that does not exist, for the 404 case. */
  unknownPath: string;
  /** What discovery found in the parent: the list's size plans the walks. */
  discovered?: Discovered;
}

/** Cases every Twilio list has. */
export function twilioListCases(s: Session, scope: ListScope): Case[] {
  const { operationId, baseUrl, path } = scope;
  const sizeSchema = s.catalog.parameterSchema(operationId, PAGE_SIZE);
  if (!sizeSchema) throw new Error(`rollcall: ${operationId} documents no ${PAGE_SIZE}`);
  const max = sizeSchema.maximum as number;
  const def = sizeSchema.default as number;
  const url = (params: Params = {}) => buildUrl(baseUrl, path, params);
  const probe = () => s.probe(operationId);

  const cases: Case[] = pageSizeCaseList(s, operationId, PAGE_SIZE, url);
  cases.push(...pageIndexCaseList(s, operationId, 'Page', url));
  cases.push({
    name: `walk every page at ${PAGE_SIZE}=${def}`,
    run: async (o) => {
      const reference = await referencePage(s, o, operationId, url({ [PAGE_SIZE]: max }));
      await checkedWalk(s, o, operationId, url({ [PAGE_SIZE]: def }), def, reference);
    },
  });
  cases.push(oneItemPerPage(s, operationId, PAGE_SIZE, scope.discovered?.counts[''], url));
  cases.push(...plannedWalkCases(s, operationId, 'the default list', scope.discovered?.counts[''], url));
  cases.push(
    {
      name: 'no credentials: 401',
      run: async (o) => {
        const r = await probe().send({ method: 'GET', url: url(), auth: 'none' });
        o.checkResult(r);
        o.expectStatus(authRequired, r.exchange, 'A request without credentials');
      },
    },
    {
      name: 'wrong credentials: 401',
      run: async (o) => {
        const r = await probe().send({ method: 'GET', url: url(), auth: 'wrong' });
        o.checkResult(r);
        o.expectStatus(authRequired, r.exchange, 'A request with wrong credentials');
      },
    },
    {
      name: 'unknown parent: 404',
      run: async (o) => {
        const r = await probe().send({ method: 'GET', url: buildUrl(baseUrl, scope.unknownPath) });
        o.checkResult(r);
        o.expectStatus(notFound, r.exchange, 'A request for an unknown id');
      },
    },
  );
  return cases;
}

/**
 * Every participant of a room: what discovery read (src/run/discovery.ts), or, where it could not,
 * each documented Status walked here at the largest page size (discoverItems: what that answers is
 * judged in the case `o`, never taken for an empty room).
 */
export async function roomParticipants(s: Session, baseUrl: string, room: RoomTarget, o?: Outcome): Promise<Array<Record<string, unknown>>> {
  const known = room.discovered ?? s.target.twilioVideo?.rooms.find((r) => r.sid === room.sid)?.discovered;
  if (known) return known.items;
  const op = 'twilio-video.listRoomParticipants';
  const max = s.catalog.parameterSchema(op, PAGE_SIZE)?.maximum as number;
  const out: Array<Record<string, unknown>> = [];
  for (const status of enumValues(s.catalog.parameterSchema(op, 'Status'))) {
    const items = await discoverItems(s, o, op, buildUrl(baseUrl, `/v1/Rooms/${encodeURIComponent(room.sid)}/Participants`, { Status: status, [PAGE_SIZE]: max }), max);
    const seen = new Set(out.map((p) => p.sid));
    for (const p of items) if (!seen.has(p.sid)) out.push(p);
  }
  return out;
}

/** Video only: Status values, Identity, date filters, partition. */
export function videoFilterCases(s: Session, baseUrl: string, room: RoomTarget): Case[] {
  const operationId = 'twilio-video.listRoomParticipants';
  const path = `/v1/Rooms/${encodeURIComponent(room.sid)}/Participants`;
  const max = s.catalog.parameterSchema(operationId, PAGE_SIZE)?.maximum as number;
  const def = s.catalog.parameterSchema(operationId, PAGE_SIZE)?.default as number;
  const url = (params: Params) => buildUrl(baseUrl, path, params);
  const cases: Case[] = [];
  const statuses = enumValues(s.catalog.parameterSchema(operationId, 'Status'));
  for (const status of statuses) {
    cases.push({
      name: `Status=${status}: walk every page`,
      run: async (o) => {
        const reference = await referencePage(s, o, operationId, url({ Status: status, [PAGE_SIZE]: max }));
        await checkedWalk(s, o, operationId, url({ Status: status, [PAGE_SIZE]: def }), def, reference);
      },
    });
    // Planned from the list's size: pages 2 and 3 are read, so a link that loses the filter, or a page that stops applying it, shows.
    cases.push(...plannedWalkCases(s, operationId, `Status=${status}`, room.discovered?.counts[`Status=${status}`], (params) => url({ Status: status, ...params })));
  }
  cases.push({
    name: 'Identity of a participant',
    run: async (o) => {
      const all = await roomParticipants(s, baseUrl, room, o);
      const someone = need(all.find((p) => typeof p.identity === 'string'), 'the room has no participant with an identity to filter by');
      const r = await s.probe(operationId).send({ method: 'GET', url: url({ Identity: someone.identity as string, Status: someone.status as string }) });
      o.checkResult(r);
      const { droppedMatches, droppedMatch, droppedMatchExcuse } = await import('../../checks/filter/dropped-match.js');
      const dropped = droppedMatches(`Identity=${String(someone.identity)}`, [someone], itemsOf(r.exchange, listKeyOf(s, operationId)), 'sid');
      if (dropped.length > 0 && typeof someone.sid === 'string') {
        // On a busy sandbox the participant may have left or changed state between the two reads: a
        // fetch by SID taken now tells that churn from a filter that drops a match.
        const later = await s.probe('twilio-video.fetchRoomParticipant').send({ method: 'GET', url: participantUrl(baseUrl, room.sid, someone.sid) });
        o.checkResult(later);
        // Excused only by evidence (gone, left the filter, a status round trip), and the excuse is kept with it.
        const excuse = droppedMatchExcuse(`Identity=${String(someone.identity)}&Status=${String(someone.status)}`, { identity: someone.identity, status: someone.status }, someone, later.exchange, 'sid');
        if (excuse) {
          const { rule, severity, request: _reRead, ...finding } = excuse;
          o.addFinding(rule, severity, finding, r.exchange);
          return;
        }
      }
      o.judge(droppedMatch, dropped, r.exchange);
    },
  });
  cases.push({ name: 'Identity nobody has', run: async (o) => o.checkResult(await s.probe(operationId).send({ method: 'GET', url: url({ Identity: 'rollcall-no-such-identity' }) })) });
  // Bounds placed from the data (src/run/cases/bounds.ts), on the Status list with the most participants.
  const counts = room.discovered?.counts ?? {};
  const busiest = statuses.reduce<string | undefined>((best, st) => ((counts[`Status=${st}`] ?? 0) > (best ? counts[`Status=${best}`] ?? 0 : -1) ? st : best), undefined) ?? PARTICIPANT_STATUS.disconnected;
  for (const bound of ['DateCreatedAfter', 'DateCreatedBefore'] as const) {
    cases.push(...placedBoundCases(s, operationId, { param: bound, field: 'date_created', others: ['start_time', 'date_updated'], unit: 'second' }, (o) => roomParticipants(s, baseUrl, room, o), url, { Status: busiest }));
  }
  for (const bound of ['DateCreatedAfter', 'DateCreatedBefore'] as const) {
    for (const where of ['inside', 'outside'] as const) {
      cases.push({
        name: `${bound} ${where} the room's range`,
        run: async (o) => {
          const all = await roomParticipants(s, baseUrl, room, o);
          const times = all.map((p) => Date.parse(String(p.date_created))).filter((t) => !Number.isNaN(t)).sort((a, b) => a - b);
          if (times.length === 0) throw new Unmet('the room has no participant with a date_created to place the bound by');
          const first = times[0] as number;
          const last = times[times.length - 1] as number;
          const day = 86_400_000;
          // One second inside the range, so that every item matches whether the API's bound is inclusive or not (NOTES V10).
          const at = bound === 'DateCreatedAfter' ? (where === 'inside' ? first - 1000 : last + day) : where === 'inside' ? last + 1000 : first - day;
          const value = isoSeconds(at);
          // Every participant whose status the default lists (disconnected: present whatever the room's state).
          const status = PARTICIPANT_STATUS.disconnected;
          const reference = await referencePage(s, o, operationId, url({ Status: status, [PAGE_SIZE]: max }));
          const walk = await checkedWalk(s, o, operationId, url({ [bound]: value, Status: status, [PAGE_SIZE]: max }), max, undefined);
          if (where === 'inside' && reference) {
            const reRead = async () => allWalkItems(await checkedWalk(s, o, operationId, url({ Status: status, [PAGE_SIZE]: max }), max, undefined), listKeyOf(s, operationId));
            await judgeDrops(s, o, operationId, { text: `${bound}=${value}`, query: { [bound]: value, Status: status } }, itemsOf(reference, listKeyOf(s, operationId)), allWalkItems(walk, listKeyOf(s, operationId)), reRead, walk.pages[0]);
          }
        },
      });
    }
  }
  return cases;
}
