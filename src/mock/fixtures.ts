/** `GET /__mock/fixtures`: what a client needs to talk to the mock, with live participant counts. */
import type { Churn, ChurnCounts } from './churn.js';
import { countByStatus } from './data-video.js';
import type { MockDataset, TwilioAccount } from './model.js';
import type { RoomStatus } from '../catalog/facts.js';

export interface RoomFixture {
  sid: string;
  uniqueName: string;
  status: RoomStatus;
  /**
   * Live counts by status. `connected` and `disconnected` always; `reconnecting` too, because the schema's
   * ParticipantStatus has that third value and the dataset shows every enum value (kept apart from
   * `connected`, since a `Status=connected` list does not return them).
   */
  participants: { connected: number; disconnected: number; reconnecting: number };
}

export interface MockFixtures {
  twilio: {
    accountSid: string;
    authToken: string;
    /** An API key of the account: its SID and secret are Basic credentials too. */
    apiKey: { sid: string; secret: string };
    rooms: RoomFixture[];
    conferences: Array<{ sid: string; participants: number }>;
  };
  telnyx: {
    apiKey: string;
    roomSessions: Array<{ id: string; participants: number }>;
  };
  /** Only when the mock churns: its RATE (events per API request) and the events so far. */
  churn?: { rate: number; events: ChurnCounts };
}

function firstApiKey(account: TwilioAccount): { sid: string; secret: string } {
  const key = account.apiKeys[0];
  if (!key) throw new Error(`rollcall mock: account ${account.accountSid} has no API key`);
  return { sid: key.sid, secret: key.secret };
}

export function fixturesOf(dataset: MockDataset, churn?: Churn): MockFixtures {
  const { primary } = dataset.twilio;
  return {
    twilio: {
      accountSid: primary.accountSid,
      authToken: primary.authToken,
      apiKey: firstApiKey(primary),
      rooms: primary.rooms.map((room) => {
        const counts = countByStatus(room);
        return {
          sid: room.sid,
          uniqueName: room.uniqueName,
          status: room.status,
          participants: {
            connected: counts.connected ?? 0,
            disconnected: counts.disconnected ?? 0,
            reconnecting: counts.reconnecting ?? 0,
          },
        };
      }),
      conferences: primary.conferences.map((c) => ({ sid: c.sid, participants: c.participants.length })),
    },
    telnyx: {
      apiKey: dataset.telnyx.apiKey,
      roomSessions: dataset.telnyx.sessions.map((s) => ({ id: s.id, participants: s.participants.length })),
    },
    ...(churn ? { churn: { rate: churn.rate, events: { ...churn.counts } } } : {}),
  };
}

/** The second Twilio account (not listed by the endpoint): its credentials see only its own resources. */
export interface OtherAccountFixture {
  accountSid: string;
  authToken: string;
  apiKey: { sid: string; secret: string };
  rooms: Array<{ sid: string; uniqueName: string }>;
  conferences: Array<{ sid: string }>;
}

export function otherAccountOf(dataset: MockDataset): OtherAccountFixture {
  const { other } = dataset.twilio;
  return {
    accountSid: other.accountSid,
    authToken: other.authToken,
    apiKey: firstApiKey(other),
    rooms: other.rooms.map((r) => ({ sid: r.sid, uniqueName: r.uniqueName })),
    conferences: other.conferences.map((c) => ({ sid: c.sid })),
  };
}
