/**
 * Lifecycle cases, only where mutations are allowed (the mock's own copy, or the live room named by
 * --allow-mutations): a kick sets end_time and duration and moves the participant between the
 * Status lists; a second kick is rejected or idempotent; invalid updates are refused.
 */
import type { Session } from '../session.js';
import { PARTICIPANT_STATUS, unknownSid } from '../../catalog/facts.js';
import { need } from '../needs.js';
import type { RoomTarget } from '../target.js';
import type { Probe } from '../probe.js';
import type { Listed } from '../../checks/consistency/listed.js';
import { kickMovesFilter, kickMovesFilterRule, kickSetsEnd, kickSetsEndRule, listedFromWalk, secondKick, secondKickRule } from '../../checks/multi.js';
import { authRequired, invalidParameter, notFound } from '../../checks/http/expected-status.js';
import { buildUrl, checkedWalk, itemsOf, walkContext, type Case, participantUrl as participantUrlOf } from './common.js';

/** Eventual consistency after a kick: the first wait between reads, doubled up to the largest. */
const CONSISTENCY_FIRST_WAIT_MS = 250;
const CONSISTENCY_MAX_WAIT_MS = 2000;

const LIST = 'twilio-video.listRoomParticipants';
const FETCH = 'twilio-video.fetchRoomParticipant';
const UPDATE = 'twilio-video.updateRoomParticipant';

export function lifecycleCases(s: Session, baseUrl: string, room: RoomTarget): Case[] {
  const ctx = walkContext(s, LIST);
  const max = s.catalog.parameterSchema(LIST, 'PageSize')?.maximum as number;
  const listUrl = (status: string) => buildUrl(baseUrl, `/v1/Rooms/${encodeURIComponent(room.sid)}/Participants`, { Status: status, PageSize: max });
  const participantUrl = (sid: string) => participantUrlOf(baseUrl, room.sid, sid);
  const update = (url: string, form: Record<string, string>, auth: 'valid' | 'none' = 'valid') => s.probe(UPDATE).send({ method: 'POST', url, form, auth });
  const connectedOne = async () => {
    const r = await s.probe(LIST).send({ method: 'GET', url: listUrl(PARTICIPANT_STATUS.connected) });
    return itemsOf(r.exchange, ctx.listKey)[0];
  };
  return [
    {
      name: 'kick a connected participant, then kick it again',
      run: async (o) => {
        const connectedBefore = listedFromWalk(await checkedWalk(s, o, LIST, listUrl(PARTICIPANT_STATUS.connected), max), ctx.listKey);
        const target = need(connectedBefore[0]?.value, 'the room named by --allow-mutations has no connected participant to kick');
        const sid = String(target.sid);
        const first = await update(participantUrl(sid), { Status: PARTICIPANT_STATUS.disconnected });
        o.checkResult(first, UPDATE);
        // Eventual consistency: each view (the fetch, the connected list, the disconnected list) is read
        // again until it shows the kick or the budget is spent. A view that never shows it is the
        // violation (the rules below, on its last answer); how long each took is a measured figure.
        const kickedAt = Date.now();
        const budget = s.target.settings.consistencyBudgetMs;
        const shownAfter: Record<'fetch' | 'connected list' | 'disconnected list', number | undefined> = { fetch: undefined, 'connected list': undefined, 'disconnected list': undefined };
        let reads = 0;
        let after: Awaited<ReturnType<Probe['send']>> | undefined;
        let connectedAfter: Listed[] = [];
        let disconnectedAfter: Listed[] = [];
        const listed = (list: Listed[]) => list.some((i) => i.value.sid === sid);
        for (let wait = CONSISTENCY_FIRST_WAIT_MS; ; wait = Math.min(wait * 2, CONSISTENCY_MAX_WAIT_MS)) {
          reads++;
          if (shownAfter.fetch === undefined) {
            after = await s.probe(FETCH).send({ method: 'GET', url: participantUrl(sid) });
            o.checkResult(after, FETCH);
            if (kickSetsEnd({ before: target, update: first.exchange, after: after.exchange }, ctx).length === 0) shownAfter.fetch = Date.now() - kickedAt;
          }
          if (shownAfter['connected list'] === undefined) {
            connectedAfter = listedFromWalk(await checkedWalk(s, o, LIST, listUrl(PARTICIPANT_STATUS.connected), max), ctx.listKey);
            if (!listed(connectedAfter)) shownAfter['connected list'] = Date.now() - kickedAt;
          }
          if (shownAfter['disconnected list'] === undefined) {
            disconnectedAfter = listedFromWalk(await checkedWalk(s, o, LIST, listUrl(PARTICIPANT_STATUS.disconnected), max), ctx.listKey);
            if (listed(disconnectedAfter)) shownAfter['disconnected list'] = Date.now() - kickedAt;
          }
          if (Object.values(shownAfter).every((v) => v !== undefined) || Date.now() - kickedAt + wait > budget) break;
          await new Promise((r) => setTimeout(r, wait));
        }
        for (const [view, ms] of Object.entries(shownAfter)) {
          o.measure({ name: `kick visible in the ${view}`, value: ms ?? null, unit: 'ms', detail: ms === undefined ? `not within ${budget} ms (${reads} reads)` : `${reads} read(s)` });
        }
        if (after) o.judgeLocated(kickSetsEndRule, kickSetsEnd({ before: target, update: first.exchange, after: after.exchange }, ctx), UPDATE);
        o.judgeLocated(kickMovesFilterRule, kickMovesFilter({ sid, connectedBefore, connectedAfter, disconnectedAfter }, ctx), UPDATE);
        const second = await update(participantUrl(sid), { Status: PARTICIPANT_STATUS.disconnected });
        // The second kick's answer keeps the contract like any other (status, media type, JSON, schema).
        o.checkResult(second, UPDATE);
        o.judgeLocated(secondKickRule, secondKick({ first: first.exchange, second: second.exchange }, ctx), UPDATE);
      },
    },
    {
      name: `update to Status=${PARTICIPANT_STATUS.connected}: 400`,
      run: async (o) => {
        const someone = need(await connectedOne(), 'the room named by --allow-mutations has no connected participant to update');
        const r = await update(participantUrl(String(someone.sid)), { Status: PARTICIPANT_STATUS.connected });
        o.checkResult(r, UPDATE);
        o.expectStatus(invalidParameter, r.exchange, 'An update to a status other than disconnected', UPDATE);
      },
    },
    {
      name: 'update of an unknown participant: 404',
      run: async (o) => {
        const r = await update(participantUrl(unknownSid('ParticipantSid')), { Status: PARTICIPANT_STATUS.disconnected });
        o.checkResult(r, UPDATE);
        o.expectStatus(notFound, r.exchange, 'An update of an unknown participant', UPDATE);
      },
    },
    {
      name: 'update without credentials: 401',
      run: async (o) => {
        const someone = await connectedOne();
        const r = await update(participantUrl(someone ? String(someone.sid) : unknownSid('ParticipantSid')), { Status: PARTICIPANT_STATUS.disconnected }, 'none');
        o.checkResult(r, UPDATE);
        o.expectStatus(authRequired, r.exchange, 'An update without credentials', UPDATE);
      },
    },
  ];
}
