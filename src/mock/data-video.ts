/** Seeded Twilio Video rooms and participants. */
import { PARTICIPANT_STATUS, type RoomStatus } from '../catalog/facts.js';
import type { VideoParticipant, VideoRoom } from './model.js';
import type { SeededRandom } from './random.js';
import { schemaFacts } from './schema-facts.js';

export interface RoomPlan {
  uniqueName: string;
  status: RoomStatus;
  /** How many participants of each status (keys are ParticipantStatus enum values). */
  counts: Record<string, number>;
  /** Epoch ms when the room started. */
  startedAt: number;
  /** How identities are named: from a list of first names, or numbered. */
  identities: 'names' | 'numbered';
}

const FIRST_NAMES = [
  'alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'niaj',
  'olivia', 'peggy', 'rupert', 'sybil', 'trent', 'victor', 'walter', 'yasmin',
] as const;

const SECOND = 1000;

/** Fisher-Yates with the seeded generator, so the mix of statuses is stable for a seed. */
function shuffle<T>(values: T[], rng: SeededRandom): T[] {
  for (let i = values.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [values[i], values[j]] = [values[j] as T, values[i] as T];
  }
  return values;
}

export function buildRoom(plan: RoomPlan, accountSid: string, rng: SeededRandom): VideoRoom {
  const { sids, video } = schemaFacts();
  const { connected, disconnected } = PARTICIPANT_STATUS;
  for (const status of Object.keys(plan.counts)) {
    if (!video.participantStatus.includes(status)) throw new Error(`rollcall mock: room plan uses unknown status ${status}`);
  }
  const statuses = shuffle(
    Object.entries(plan.counts).flatMap(([status, n]) => Array.from({ length: n }, () => status)),
    rng,
  );
  const roomSid = rng.sid(sids.room);
  let clock = plan.startedAt;
  const participants: VideoParticipant[] = statuses.map((status, position) => {
    clock += rng.int(1, 90) * SECOND;
    const startTime = clock;
    const endTime = status === disconnected ? startTime + rng.int(30, 3600) * SECOND : null;
    const identity =
      plan.identities === 'names'
        ? `${FIRST_NAMES[position % FIRST_NAMES.length]}${position >= FIRST_NAMES.length ? position : ''}`
        : `attendee-${String(position + 1).padStart(4, '0')}`;
    return {
      sid: rng.sid(sids.participant),
      roomSid,
      accountSid,
      status,
      identity,
      startTime,
      endTime,
      dateUpdated: endTime ?? startTime,
      position,
    };
  });
  // Twilio disconnects an earlier client when one joins with the same identity: make one
  // disconnected participant share its identity with a connected one, as happens in real rooms.
  const earlier = participants.find((p) => p.status === disconnected);
  const later = participants.find((p) => p.status === connected && earlier && p.startTime > earlier.startTime);
  if (earlier && later) earlier.identity = later.identity;
  return {
    sid: roomSid,
    uniqueName: plan.uniqueName,
    accountSid,
    status: plan.status,
    participants,
    bySid: new Map(participants.map((p) => [p.sid, p])),
    version: 0,
  };
}

/** Kicks a participant: it becomes disconnected now (never before it started), and lists see it. */
export function kick(room: VideoRoom, participant: VideoParticipant, nowMs: number): void {
  const { disconnected } = PARTICIPANT_STATUS;
  if (participant.status === disconnected) return;
  room.version += 1;
  const wholeSecond = Math.floor(nowMs / SECOND) * SECOND;
  const endTime = Math.max(wholeSecond, participant.startTime + SECOND);
  participant.status = disconnected;
  participant.endTime = endTime;
  participant.dateUpdated = endTime;
}

export function countByStatus(room: VideoRoom): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const status of schemaFacts().video.participantStatus) counts[status] = 0;
  for (const p of room.participants) counts[p.status] = (counts[p.status] ?? 0) + 1;
  return counts;
}
