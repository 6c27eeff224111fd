/** Twilio Insights: list the participant summaries of a conference. */
import type { FastifyInstance } from 'fastify';
import { type MockContext, originOf, requireTwilioAccount } from './context.js';
import { applyItemFaults, type FaultState, type ItemFaultProfile } from './faults.js';
import type { Conference, ConferenceParticipant } from './model.js';
import { badRequest, notFound, single } from './params.js';
import { schemaFacts } from './schema-facts.js';
import { parseTwilioPaging, twilioPage } from './twilio-paging.js';
import { segment } from './urls.js';
import { JsonCache, ListResponses, listJson, sendJson } from './json-cache.js';

export const INSIGHTS_LIST_PATH = '/v1/Conferences/:conference/Participants';

let profile: ItemFaultProfile | undefined;
function insightsFaultProfile(): ItemFaultProfile {
  return (profile ??= {
    sidField: 'participant_sid',
    enumDrift: { field: 'call_status', value: 'failed', enumValues: schemaFacts().insights.callStatus },
    missingField: 'processing_state',
    typeChange: { field: 'duration_seconds', change: (v) => String(v ?? 0) },
    undocumentedField: { field: 'conference_friendly_name', value: 'support-queue' },
  });
}

function conferenceParticipantObject(p: ConferenceParticipant, origin: string): Record<string, unknown> {
  return { ...p, url: `${origin}/v1/Conferences/${p.conference_sid}/Participants/${p.participant_sid}` };
}

/** Conference participant summaries never change: the origin is all the cache depends on. */
/** Whole list responses, kept per conference. */
const insightsLists = new ListResponses();
const insightsJson = new JsonCache<ConferenceParticipant>(conferenceParticipantObject);

export function renderConferenceParticipant(
  p: ConferenceParticipant,
  origin: string,
  index: number,
  faults: FaultState,
): Record<string, unknown> {
  const item = conferenceParticipantObject(p, origin);
  if (faults.active.size > 0) applyItemFaults(item, index, faults, insightsFaultProfile());
  return item;
}

interface InsightsFilters {
  participantSid: string | undefined;
  label: string | undefined;
  events: string[];
  echo: Array<readonly [string, string]>;
}

function parseInsightsFilters(query: unknown): InsightsFilters {
  const participantSid = single(query, 'ParticipantSid');
  const spec = schemaFacts().sids.conferenceParticipant;
  if (participantSid !== undefined && !spec.pattern.test(participantSid)) {
    throw badRequest(`ParticipantSid must match ${spec.pattern.source}, not '${participantSid.slice(0, 40)}'.`, 'ParticipantSid');
  }
  const label = single(query, 'Label');
  const rawEvents = single(query, 'Events');
  const echo: Array<readonly [string, string]> = [];
  if (participantSid !== undefined) echo.push(['ParticipantSid', participantSid]);
  if (label !== undefined) echo.push(['Label', label]);
  if (rawEvents !== undefined) echo.push(['Events', rawEvents]);
  const events = (rawEvents ?? '').split(',').map((e) => e.trim()).filter((e) => e.length > 0);
  return { participantSid, label, events, echo };
}

/** Events: a comma-separated list; a participant matches when it has every listed event. */
function matches(p: ConferenceParticipant, f: InsightsFilters): boolean {
  return (
    (f.participantSid === undefined || p.participant_sid === f.participantSid) &&
    (f.label === undefined || p.label === f.label) &&
    f.events.every((e) => p.events !== null && Object.prototype.hasOwnProperty.call(p.events, e))
  );
}

function findConference(conferences: Conference[], sid: string): Conference {
  const conference = conferences.find((c) => c.sid === sid);
  if (!conference) throw notFound(`The requested resource /Conferences/${sid.slice(0, 80)} was not found`);
  return conference;
}

export function registerInsightsRoutes(app: FastifyInstance, ctx: MockContext): void {
  app.get<{ Params: { conference: string } }>(INSIGHTS_LIST_PATH, async (request, reply) => {
    const account = requireTwilioAccount(ctx, request);
    const conference = findConference(account.conferences, request.params.conference);
    const origin = originOf(ctx, request);
    const list = () => {
      const filters = parseInsightsFilters(request.query);
      return twilioPage(
        {
          filtered: conference.participants.filter((p) => matches(p, filters)),
          positionOf: (p) => conference.positionBySid.get(p.participant_sid) ?? 0,
          keyOf: (p) => p.participant_sid,
          positionOfKey: (sid) => conference.positionBySid.get(sid),
        },
        parseTwilioPaging(request.query, ctx.faults),
        `${origin}/v1/Conferences/${segment(request.params.conference)}/Participants`,
        filters.echo,
        schemaFacts().insights.metaKey,
        ctx.faults,
      );
    };
    if (ctx.faults.active.size === 0) {
      // A conference's participants never change: version 0 holds for the mock's life.
      return sendJson(reply, insightsLists.respond(conference, 0, origin + request.url, () => {
        const page = list();
        return listJson(schemaFacts().insights.listKey, page.items.map((p) => insightsJson.json(p, origin, '')), page.meta);
      }));
    }
    const page = list();
    return { [schemaFacts().insights.listKey]: page.items.map((p, i) => renderConferenceParticipant(p, origin, i, ctx.faults)), meta: page.meta };
  });
}
