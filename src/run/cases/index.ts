/**
 * The case groups of each operation, for the target at hand: one group per fixture (room,
 * conference, session), named by its kind so that reports read "many pages", "empty"...
 */
import type { Session } from '../session.js';
import type { RoomTarget } from '../target.js';
import type { CaseGroup } from './common.js';
import { twilioListCases, videoFilterCases } from './twilio-list.js';
import { telnyxCases } from './telnyx-list.js';
import { insightsCases } from './insights-list.js';
import { fetchCases } from './twilio-fetch.js';
import { lifecycleCases } from './twilio-update.js';
import { partitionCase } from './partition.js';
import { unknownSid } from '../../catalog/facts.js';

export function kindOf(count: number | undefined, pageSize: number): string {
  if (count === undefined) return 'size unknown';
  if (count === 0) return 'empty';
  return count <= pageSize ? 'one page' : 'many pages';
}

function roomLabel(room: RoomTarget, pageSize: number): string {
  const state = room.status ? `${room.status}, ` : '';
  return `room ${room.uniqueName ?? room.sid} (${state}${kindOf(room.participants, pageSize)})`;
}

export async function caseGroups(s: Session, operationId: string): Promise<CaseGroup[]> {
  // --explore adds generated groups (src/explore/); --replay-case runs one generated case and nothing else.
  const explore = s.target.settings.explore;
  if (!explore) return fixedCaseGroups(s, operationId);
  const { exploreGroups } = await import('../../explore/cases.js');
  const generated = await exploreGroups(s, operationId);
  return explore.replayCase ? generated : [...(await fixedCaseGroups(s, operationId)), ...generated];
}

async function fixedCaseGroups(s: Session, operationId: string): Promise<CaseGroup[]> {
  const t = s.target;
  switch (operationId) {
    case 'twilio-video.listRoomParticipants': {
      const video = t.twilioVideo;
      if (!video) return [];
      const def = s.catalog.parameterSchema(operationId, 'PageSize')?.default as number;
      return video.rooms.map((room) => ({
        name: roomLabel(room, def),
        cases: [
          ...twilioListCases(s, { operationId, baseUrl: video.baseUrl, path: `/v1/Rooms/${encodeURIComponent(room.sid)}/Participants`, unknownPath: `/v1/Rooms/${unknownSid('RoomSid')}/Participants`, discovered: room.discovered }),
          ...videoFilterCases(s, video.baseUrl, room),
          partitionCase(s, video.baseUrl, room),
        ],
      }));
    }
    case 'twilio-video.fetchRoomParticipant': {
      const video = t.twilioVideo;
      if (!video) return [];
      const def = s.catalog.parameterSchema('twilio-video.listRoomParticipants', 'PageSize')?.default as number;
      return video.rooms.map((room) => ({ name: roomLabel(room, def), cases: fetchCases(s, video.baseUrl, room) }));
    }
    case 'twilio-video.updateRoomParticipant': {
      const m = t.twilioVideo?.mutations;
      if (!m) return [];
      return [{ name: `room ${m.room.uniqueName ?? m.room.sid} (mutations allowed)`, cases: lifecycleCases(s, m.baseUrl, m.room) }];
    }
    case 'twilio-insights.listConferenceParticipants': {
      const insights = t.twilioInsights;
      if (!insights) return [];
      const def = s.catalog.parameterSchema(operationId, 'PageSize')?.default as number;
      return insights.conferences.map((c) => ({ name: `conference ${c.sid} (${kindOf(c.participants, def)})`, cases: insightsCases(s, insights.baseUrl, c) }));
    }
    case 'telnyx.listRoomSessionParticipants': {
      const telnyx = t.telnyx;
      if (!telnyx) return [];
      const def = s.catalog.parameterSchema(operationId, 'page[size]')?.default as number;
      return telnyx.sessions.map((session) => ({ name: `session ${session.id} (${kindOf(session.participants, def)})`, cases: telnyxCases(s, telnyx.baseUrl, session) }));
    }
    default:
      throw new Error(`rollcall: no suite for operation ${operationId}`);
  }
}
