/** Seeded Telnyx room sessions and participants. */
import type { MicroTime, TelnyxParticipant, TelnyxSession } from './model.js';
import type { SeededRandom } from './random.js';

/** What client SDKs put in `context`: a display name, often repeated across participants. */
const CONTEXTS = ['Alice', 'Bob', 'Carol', 'Dave', 'Erin', 'Frank', 'Grace', 'Heidi', 'Ivan', 'Judy'] as const;
const SECOND = 1000;

function micro(ms: number, rng: SeededRandom): MicroTime {
  return { ms, micros: rng.int(0, 999) };
}

export function compareMicro(a: MicroTime, b: MicroTime): number {
  return a.ms - b.ms || a.micros - b.micros;
}

/**
 * A session whose participants join over a few hours across UTC midnight and leave up to a day later,
 * so that date filters (eq / gte / lte on UTC calendar dates) select proper subsets.
 * `stillIn` of them have not left (left_at null).
 */
export function buildSession(size: number, stillInRatio: number, startedAt: number, rng: SeededRandom): TelnyxSession {
  const id = rng.uuid();
  let clock = startedAt;
  const participants: TelnyxParticipant[] = Array.from({ length: size }, () => {
    clock += rng.int(1, 40) * SECOND + rng.int(0, 999);
    const joinedAt = micro(clock, rng);
    const left = !rng.bool(stillInRatio);
    const leftAt = left ? micro(joinedAt.ms + rng.int(10, 30 * 3600) * SECOND + rng.int(0, 999), rng) : null;
    const updatedAt = leftAt ?? micro(joinedAt.ms + rng.int(1, 600) * SECOND, rng);
    return { id: rng.uuid(), sessionId: id, context: rng.pick(CONTEXTS), joinedAt, updatedAt, leftAt };
  });
  // Stable order: join time, then id (ids are unique, so the order is total).
  participants.sort((a, b) => compareMicro(a.joinedAt, b.joinedAt) || (a.id < b.id ? -1 : 1));
  return { id, participants, version: 0 };
}
