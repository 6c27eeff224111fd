/** Twilio Video: list, fetch and update (kick) room participants. */
import type { FastifyInstance } from 'fastify';
import { kick } from './data-video.js';
import { type MockContext, originOf, requireTwilioAccount } from './context.js';
import { applyItemFaults, type FaultState, type ItemFaultProfile } from './faults.js';
import type { TwilioAccount, VideoParticipant, VideoRoom } from './model.js';
import { badRequest, enumValue, notFound, single } from './params.js';
import { DEFAULT_PARTICIPANT_STATUS, PARTICIPANT_STATUS, ROOM_STATUS, TWILIO_REGION } from '../catalog/facts.js';
import { schemaFacts } from './schema-facts.js';
import { parseDateTime, twilioTime } from './time.js';
import { parseTwilioPaging, twilioPage } from './twilio-paging.js';
import { segment } from './urls.js';
import { JsonCache, ListResponses, listJson, sendJson } from './json-cache.js';

export const VIDEO_LIST_PATH = '/v1/Rooms/:room/Participants';
export const VIDEO_INSTANCE_PATH = '/v1/Rooms/:room/Participants/:participant';

let profile: ItemFaultProfile | undefined;
function videoFaultProfile(): ItemFaultProfile {
  return (profile ??= {
    sidField: 'sid',
    enumDrift: { field: 'status', value: 'disconnecting', enumValues: schemaFacts().video.participantStatus },
    missingField: 'date_updated',
    // start_time, not duration: duration is null for connected participants, and a non-null one would break a second promise.
    typeChange: { field: 'start_time', change: (v) => (typeof v === 'string' ? Date.parse(v) / 1000 : 0) },
    undocumentedField: { field: 'media_region', value: TWILIO_REGION.us1 },
  });
}

/** The participant as Twilio writes it, on the request's origin. */
function videoParticipantObject(p: VideoParticipant, origin: string): Record<string, unknown> {
  const url = `${origin}/v1/Rooms/${p.roomSid}/Participants/${p.sid}`;
  return {
    sid: p.sid,
    room_sid: p.roomSid,
    account_sid: p.accountSid,
    status: p.status,
    identity: p.identity,
    date_created: twilioTime(p.startTime),
    date_updated: twilioTime(p.dateUpdated),
    start_time: twilioTime(p.startTime),
    end_time: p.endTime === null ? null : twilioTime(p.endTime),
    duration: p.endTime === null ? null : Math.round((p.endTime - p.startTime) / 1000),
    url,
    links: {
      published_tracks: `${url}/PublishedTracks`,
      subscribed_tracks: `${url}/SubscribedTracks`,
      subscribe_rules: `${url}/SubscribeRules`,
      anonymize: `${url}/Anonymize`,
    },
  };
}

/** Whole list responses, kept per room while its version holds. */
const videoLists = new ListResponses();
const videoJson = new JsonCache<VideoParticipant>(videoParticipantObject);

export function renderVideoParticipant(p: VideoParticipant, origin: string, index: number, faults: FaultState): Record<string, unknown> {
  const item = videoParticipantObject(p, origin);
  if (faults.active.size > 0) applyItemFaults(item, index, faults, videoFaultProfile());
  return item;
}

/**
 * The room by SID, or by UniqueName while it is in progress (twilio-node's Room model: the name "is
 * unique for in-progress rooms" and addresses the room "as long as the room is in-progress"); among
 * the account's own rooms only (another account's is a 404).
 */
function findRoom(account: TwilioAccount, nameOrSid: string): VideoRoom {
  const room =
    account.rooms.find((r) => r.sid === nameOrSid) ?? account.rooms.find((r) => r.status === ROOM_STATUS.inProgress && r.uniqueName === nameOrSid);
  if (!room) throw notFound(`The requested resource /Rooms/${nameOrSid.slice(0, 80)} was not found`);
  return room;
}

/** By SID (any status) or by identity, which searches connected participants only. */
function findParticipant(room: VideoRoom, identityOrSid: string): VideoParticipant {
  const { connected } = PARTICIPANT_STATUS;
  const participant =
    room.bySid.get(identityOrSid) ?? room.participants.find((p) => p.status === connected && p.identity === identityOrSid);
  if (!participant) throw notFound(`The requested resource /Rooms/${room.sid}/Participants/${identityOrSid.slice(0, 80)} was not found`);
  return participant;
}

/** The participants that pass the filters, in stable order; the last few results per room are kept until a kick. */
const filteredCache = new WeakMap<VideoRoom, { version: number; byKey: Map<string, VideoParticipant[]> }>();
const FILTERED_CACHE_SIZE = 16;

function filterParticipants(room: VideoRoom, f: VideoFilters): VideoParticipant[] {
  let cache = filteredCache.get(room);
  if (!cache || cache.version !== room.version) {
    cache = { version: room.version, byKey: new Map() };
    filteredCache.set(room, cache);
  }
  const key = `${f.status}\u0000${f.identity ?? '\u0001'}\u0000${f.after ?? ''}\u0000${f.before ?? ''}`;
  let hit = cache.byKey.get(key);
  if (!hit) {
    hit = room.participants.filter((p) => matches(p, f));
    if (cache.byKey.size >= FILTERED_CACHE_SIZE) cache.byKey.clear();
    cache.byKey.set(key, hit);
  }
  return hit;
}

interface VideoFilters {
  status: string;
  identity: string | undefined;
  after: number | undefined;
  before: number | undefined;
  /** As sent, in Twilio's order, for the page URLs. */
  echo: Array<readonly [string, string]>;
}

function dateParam(query: unknown, name: string): { raw: string; ms: number } | undefined {
  const raw = single(query, name);
  if (raw === undefined) return undefined;
  const ms = parseDateTime(raw);
  if (ms === undefined) throw badRequest(`${name} must be an ISO 8601 date-time with a time zone, not '${raw.slice(0, 40)}'.`, name);
  return { raw, ms };
}

function parseVideoFilters(query: unknown, room: VideoRoom, faults: FaultState): VideoFilters {
  const rawStatus = single(query, 'Status');
  const status = rawStatus === undefined ? undefined : enumValue(rawStatus, schemaFacts().video.participantStatus, 'Status');
  const after = dateParam(query, 'DateCreatedAfter');
  const before = dateParam(query, 'DateCreatedBefore');
  const identity = single(query, 'Identity');
  const echo: Array<readonly [string, string]> = [];
  if (rawStatus !== undefined) echo.push(['Status', rawStatus]);
  if (after) echo.push(['DateCreatedAfter', after.raw]);
  if (before) echo.push(['DateCreatedBefore', before.raw]);
  if (identity !== undefined) echo.push(['Identity', identity]);
  // The document: in-progress rooms default to connected; completed rooms return only disconnected.
  const byDefault = DEFAULT_PARTICIPANT_STATUS[room.status];
  return {
    status: status === undefined || faults.has('filter-ignored') ? byDefault : status,
    identity,
    after: after?.ms,
    before: before?.ms,
    echo,
  };
}

function matches(p: VideoParticipant, f: VideoFilters): boolean {
  return (
    p.status === f.status &&
    (f.identity === undefined || p.identity === f.identity) &&
    (f.after === undefined || p.startTime > f.after) &&
    (f.before === undefined || p.startTime < f.before)
  );
}

export function registerVideoRoutes(app: FastifyInstance, ctx: MockContext): void {
  app.get<{ Params: { room: string } }>(VIDEO_LIST_PATH, async (request, reply) => {
    const account = requireTwilioAccount(ctx, request);
    const room = findRoom(account, request.params.room);
    const origin = originOf(ctx, request);
    const list = () => {
      const filters = parseVideoFilters(request.query, room, ctx.faults);
      return twilioPage(
        {
          filtered: filterParticipants(room, filters),
          positionOf: (p) => p.position,
          keyOf: (p) => p.sid,
          positionOfKey: (sid) => room.bySid.get(sid)?.position,
        },
        parseTwilioPaging(request.query, ctx.faults),
        `${origin}/v1/Rooms/${segment(request.params.room)}/Participants`,
        filters.echo,
        schemaFacts().video.metaKey,
        ctx.faults,
      );
    };
    if (ctx.faults.active.size === 0) {
      return sendJson(reply, videoLists.respond(room, room.version, origin + request.url, () => {
        const page = list();
        // A status may come back (reconnecting, then connected) with a later date_updated: both are the state.
        return listJson(schemaFacts().video.listKey, page.items.map((p) => videoJson.json(p, origin, `${p.status}@${p.dateUpdated}`)), page.meta);
      }));
    }
    const page = list();
    return { [schemaFacts().video.listKey]: page.items.map((p, i) => renderVideoParticipant(p, origin, i, ctx.faults)), meta: page.meta };
  });

  app.get<{ Params: { room: string; participant: string } }>(VIDEO_INSTANCE_PATH, async (request) => {
    const account = requireTwilioAccount(ctx, request);
    const participant = findParticipant(findRoom(account, request.params.room), request.params.participant);
    return renderVideoParticipant(participant, originOf(ctx, request), 0, ctx.faults);
  });

  app.post<{ Params: { room: string; participant: string } }>(VIDEO_INSTANCE_PATH, async (request, reply) => {
    const account = requireTwilioAccount(ctx, request);
    const room = findRoom(account, request.params.room);
    const participant = findParticipant(room, request.params.participant);
    // Only a form-encoded body carries parameters (Twilio's API); without Status the update changes nothing.
    const rawStatus = single(request.body, 'Status');
    if (rawStatus !== undefined) {
      enumValue(rawStatus, schemaFacts().video.statusUpdate, 'Status');
      kick(room, participant, ctx.now());
    }
    reply.code(202);
    return renderVideoParticipant(participant, originOf(ctx, request), 0, ctx.faults);
  });
}
