/** The mock's in-memory state: plain records, rendered to each vendor's wire shape by the routes. */
import type { RoomStatus } from '../catalog/facts.js';

export type { RoomStatus };

export interface VideoParticipant {
  sid: string;
  roomSid: string;
  accountSid: string;
  /** A value of twilio-video.schema.json#/$defs/ParticipantStatus. */
  status: string;
  identity: string;
  /** Epoch milliseconds, whole seconds (Twilio's timestamps have no fraction). */
  startTime: number;
  endTime: number | null;
  dateUpdated: number;
  /** Position in the room's stable order (start time, then SID); page tokens point at it. */
  position: number;
}

export interface VideoRoom {
  sid: string;
  uniqueName: string;
  accountSid: string;
  status: RoomStatus;
  /** In stable order; kicks change a participant in place, never its position. */
  participants: VideoParticipant[];
  bySid: Map<string, VideoParticipant>;
  /** Incremented by every kick, so that what was derived from the participants can be reused until then. */
  version: number;
}

/** A conference participant summary, every field of the schema except `url` (it depends on the request's origin). */
export interface ConferenceParticipant {
  account_sid: string;
  call_direction: string | null;
  call_sid: string;
  call_status: string | null;
  call_type: string | null;
  coached_participants: string[] | null;
  conference_region: string | null;
  conference_sid: string;
  country_code: string | null;
  duration_seconds: number | null;
  events: Record<string, number[]> | null;
  from: string | null;
  is_coach: boolean | null;
  is_moderator: boolean | null;
  jitter_buffer_size: string | null;
  join_time: string | null;
  label: string | null;
  leave_time: string | null;
  metrics: Record<string, unknown> | null;
  outbound_queue_length: number | null;
  outbound_time_in_queue: number | null;
  participant_region: string | null;
  participant_sid: string;
  processing_state: string | null;
  properties: Record<string, unknown> | null;
  to: string | null;
}

export interface Conference {
  sid: string;
  accountSid: string;
  participants: ConferenceParticipant[];
  positionBySid: Map<string, number>;
}

/** A Twilio API key: its SID is the Basic user, its secret the password, for the account that owns it. */
export interface TwilioApiKey {
  sid: string;
  secret: string;
}

export interface TwilioAccount {
  accountSid: string;
  authToken: string;
  /** API keys of the account (Twilio's recommended credentials). */
  apiKeys: TwilioApiKey[];
  rooms: VideoRoom[];
  conferences: Conference[];
}

/** A Telnyx timestamp keeps microseconds, as Telnyx's documented sample does. */
export interface MicroTime {
  ms: number;
  /** 0..999 microseconds past `ms`. */
  micros: number;
}

export interface TelnyxParticipant {
  id: string;
  sessionId: string;
  context: string;
  joinedAt: MicroTime;
  updatedAt: MicroTime;
  leftAt: MicroTime | null;
}

export interface TelnyxSession {
  id: string;
  /** In stable order (join time, then id); churn appends joins and sets left_at in place. */
  participants: TelnyxParticipant[];
  /** Incremented by every change (churn), so that kept list responses are dropped then. */
  version: number;
}

export interface MockDataset {
  seed: number;
  twilio: {
    /** The account `GET /__mock/fixtures` lists. */
    primary: TwilioAccount;
    /** A second account, so that "resources of another account are 404" can be exercised. */
    other: TwilioAccount;
  };
  telnyx: {
    apiKey: string;
    sessions: TelnyxSession[];
  };
}
