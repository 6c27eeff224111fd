/** The whole seeded dataset: the same seed always gives the same accounts, rooms, conferences and sessions. */
import { buildConference } from './data-insights.js';
import { buildSession } from './data-telnyx.js';
import { buildRoom, type RoomPlan } from './data-video.js';
import type { MockDataset, TwilioAccount } from './model.js';
import { SeededRandom } from './random.js';
import { PARTICIPANT_STATUS, ROOM_STATUS } from '../catalog/facts.js';
import { schemaFacts } from './schema-facts.js';

export const DEFAULT_SEED = 42;

const DAY_START = Date.UTC(2024, 2, 4, 9, 0, 0);
const HOUR = 3_600_000;

/** The rooms of the issue: mixed in-progress, completed, empty, and one with 2,345 participants. */
function primaryRoomPlans(): RoomPlan[] {
  const { connected, disconnected, reconnecting } = PARTICIPANT_STATUS;
  const { inProgress, completed } = ROOM_STATUS;
  return [
    { uniqueName: 'DailyStandup', status: inProgress, counts: { [connected]: 6, [reconnecting]: 2, [disconnected]: 5 }, startedAt: DAY_START, identities: 'names' },
    { uniqueName: 'Retrospective', status: completed, counts: { [disconnected]: 12 }, startedAt: DAY_START - 24 * HOUR, identities: 'names' },
    { uniqueName: 'QuietRoom', status: inProgress, counts: {}, startedAt: DAY_START + HOUR, identities: 'names' },
    { uniqueName: 'AllHands', status: completed, counts: { [disconnected]: 2345 }, startedAt: DAY_START - 72 * HOUR, identities: 'numbered' },
  ];
}

function account(rng: SeededRandom): Pick<TwilioAccount, 'accountSid' | 'authToken'> {
  return { accountSid: rng.sid(schemaFacts().sids.account), authToken: rng.hex(32) };
}

/**
 * One API key per account, from a generator of its own: the ids of a seed's rooms, participants and
 * sessions stay what they were before API keys existed.
 */
function apiKey(rng: SeededRandom): TwilioAccount['apiKeys'][number] {
  return { sid: rng.sid(schemaFacts().sids.apiKey), secret: rng.hex(32) };
}

/** A second stream of the seed, for what was added to the dataset later (API keys, churn). */
export function derivedRandom(seed: number, stream: number): SeededRandom {
  return new SeededRandom((Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(stream, 0x85ebca77)) >>> 0);
}

function telnyxApiKey(rng: SeededRandom): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let tail = '';
  for (let i = 0; i < 22; i++) tail += alphabet[rng.int(0, alphabet.length - 1)];
  return `KEY${rng.hex(32).toUpperCase()}_${tail}`;
}

export function createDataset(seed: number = DEFAULT_SEED): MockDataset {
  const rng = new SeededRandom(seed);
  const primaryIds = account(rng);
  const keys = derivedRandom(seed, 1);
  const primary: TwilioAccount = {
    ...primaryIds,
    apiKeys: [apiKey(keys)],
    rooms: primaryRoomPlans().map((plan) => buildRoom(plan, primaryIds.accountSid, rng)),
    conferences: [
      buildConference(24, primaryIds.accountSid, DAY_START + 2 * HOUR, rng),
      buildConference(0, primaryIds.accountSid, DAY_START + 3 * HOUR, rng),
      buildConference(137, primaryIds.accountSid, DAY_START + 4 * HOUR, rng),
    ],
  };
  const otherIds = account(rng);
  const other: TwilioAccount = {
    ...otherIds,
    apiKeys: [apiKey(keys)],
    rooms: [
      buildRoom(
        { uniqueName: 'DailyStandup', status: ROOM_STATUS.inProgress, counts: { [PARTICIPANT_STATUS.connected]: 3 }, startedAt: DAY_START, identities: 'names' },
        otherIds.accountSid,
        rng,
      ),
    ],
    conferences: [buildConference(5, otherIds.accountSid, DAY_START, rng)],
  };
  const sessionStart = Date.UTC(2024, 2, 4, 20, 0, 0);
  return {
    seed,
    twilio: { primary, other },
    telnyx: {
      apiKey: telnyxApiKey(rng),
      sessions: [
        buildSession(0, 0, sessionStart, rng),
        buildSession(1, 1, sessionStart, rng),
        buildSession(1000, 0.25, sessionStart, rng),
      ],
    },
  };
}
