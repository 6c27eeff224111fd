/**
 * Cases for fetching a room participant: every listed participant of each documented Status (up to
 * a bound) equals its fetch by SID, by identity (connected only, else 404) and by its own url;
 * the room by UniqueName; 404 for an unknown participant; 401 without credentials.
 */
import type { Session } from '../session.js';
import type { RoomTarget } from '../target.js';
import { fetchMatchesList, fetchMatchesListRule, identityFetch, identityFetchRule, urlResolves, urlResolvesRule, type Listed } from '../../checks/multi.js';
import { authRequired, notFound } from '../../checks/http/expected-status.js';
import { buildUrl, enumValues, participantUrl as participantUrlOf, walkContext, type Case } from './common.js';
import { roomParticipants } from './twilio-list.js';
import { unknownSid } from '../../catalog/facts.js';
import { need, Unmet } from '../needs.js';
import { parseServerUrl } from '../../server-url.js';
import { urlOffOrigin } from '../../checks/consistency/url-resolves.js';

const LIST = 'twilio-video.listRoomParticipants';
const FETCH = 'twilio-video.fetchRoomParticipant';
/** Participants fetched per Status and room: enough to catch a systematic difference, bounded for a live sandbox. */
const PER_STATUS = 8;

export function fetchCases(s: Session, baseUrl: string, room: RoomTarget): Case[] {
  const ctx = walkContext(s, LIST);
  const participantUrl = (roomRef: string, who: string) => participantUrlOf(baseUrl, roomRef, who);
  const fetch = (url: string, auth: 'valid' | 'none' = 'valid') => s.probe(FETCH).send({ method: 'GET', url, auth });
  const cases: Case[] = enumValues(s.catalog.parameterSchema(LIST, 'Status')).map((status) => ({
    name: `each ${status} participant equals its fetch by SID, identity and url`,
    run: async (o) => {
      const listed: Listed[] = (await roomParticipants(s, baseUrl, room, o))
        .filter((p) => p.status === status)
        .slice(0, PER_STATUS)
        .map((value, i) => ({ pointer: `/participants/${i}`, value }));
      if (listed.length === 0) throw new Unmet(`the room has no ${status} participant to fetch`);
      for (const item of listed) {
        const sid = String(item.value.sid);
        const bySid = await fetch(participantUrl(room.sid, sid));
        o.checkResult(bySid);
        o.judgeLocated(fetchMatchesListRule, fetchMatchesList(item, bySid.exchange, ctx));
        if (typeof item.value.identity === 'string') {
          const byIdentity = await fetch(participantUrl(room.sid, item.value.identity));
          o.checkResult(byIdentity);
          let found = identityFetch(item, byIdentity.exchange, ctx);
          if (found.length > 0) {
            // Before calling it a defect: the participant may have left, dropped or rejoined since it was
            // listed (a busy sandbox). A fetch by SID taken now tells churn from a wrong answer.
            const later = await fetch(participantUrl(room.sid, sid));
            o.checkResult(later);
            found = identityFetch(item, byIdentity.exchange, ctx, later.exchange);
          }
          o.judgeLocated(identityFetchRule, found);
        }
        // The item's own url is followed only on the target's origin (src/server-url.ts); one elsewhere is a finding.
        o.judgeLocated(urlResolvesRule, urlOffOrigin(item, baseUrl, ctx));
        const selfUrl = parseServerUrl(item.value.url, baseUrl);
        if (selfUrl) {
          const self = await fetch(selfUrl.href);
          o.checkResult(self);
          o.judgeLocated(urlResolvesRule, urlResolves(item, self.exchange, ctx));
        }
      }
    },
  }));
  if (room.uniqueName) {
    const name = room.uniqueName;
    cases.push({
      name: 'the room by its UniqueName gives the same participant',
      run: async (o) => {
        const someone = need((await roomParticipants(s, baseUrl, room, o))[0], 'the room has no participant to fetch by the room\'s UniqueName');
        const r = await fetch(participantUrl(name, String(someone.sid)));
        o.checkResult(r);
        o.judgeLocated(fetchMatchesListRule, fetchMatchesList({ pointer: '/participants/0', value: someone }, r.exchange, ctx));
      },
    });
  }
  cases.push(
    {
      name: 'unknown participant: 404',
      run: async (o) => {
        const r = await fetch(participantUrl(room.sid, unknownSid('ParticipantSid')));
        o.checkResult(r);
        o.expectStatus(notFound, r.exchange, 'A fetch of an unknown participant');
      },
    },
    {
      name: 'no credentials: 401',
      run: async (o) => {
        const someone = (await roomParticipants(s, baseUrl, room, o))[0];
        const r = await fetch(participantUrl(room.sid, someone ? String(someone.sid) : unknownSid('ParticipantSid')), 'none');
        o.checkResult(r);
        o.expectStatus(authRequired, r.exchange, 'A fetch without credentials');
      },
    },
  );
  return cases;
}
