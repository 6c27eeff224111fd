/**
 * Churn: participants join, drop to reconnecting, recover and leave in-progress Twilio rooms, and
 * join and leave Telnyx room sessions that still have someone in, while the mock serves. Completed
 * rooms, Insights conferences and empty sessions never change (a finished call does not).
 *
 * RATE is the mean number of events per API request (list, fetch or update of any vendor; not
 * `/__mock/fixtures`): `--churn 0.1` is one event every 10 requests. The schedule is tied to the
 * request count, not to wall time, so the same seed and the same sequence of requests give the same
 * events, the same ids and the same timestamps: before request n is served, every event due at n
 * is applied. Which resource, which participant and what happens are drawn from a stream of the
 * seed of its own; the events' clock (`ChurnClock`) starts a minute after the dataset's latest
 * timestamp and moves 1-30 s per event, and kicks are stamped with it too.
 */
import { derivedRandom } from './dataset.js';
import type { MockDataset, TelnyxParticipant, TelnyxSession, VideoParticipant, VideoRoom } from './model.js';
import type { SeededRandom } from './random.js';
import { PARTICIPANT_STATUS, ROOM_STATUS } from '../catalog/facts.js';
import { schemaFacts } from './schema-facts.js';

const SECOND = 1000;
/** The largest RATE accepted: more than 10 events per request is no longer a room, it is a fuzzer. */
export const MAX_CHURN_RATE = 10;

export class ChurnRateError extends Error {}

/** RATE from the command line or a config file: a decimal number from 0 to MAX_CHURN_RATE. */
export function parseChurnRate(raw: string | number): number {
  const value = typeof raw === 'number' ? raw : /^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!(Number.isFinite(value) && value >= 0 && value <= MAX_CHURN_RATE)) {
    throw new ChurnRateError(`--churn must be a number of events per request from 0 to ${MAX_CHURN_RATE} (e.g. 0.1: one event every 10 requests), not "${String(raw)}"`);
  }
  return value;
}

export interface ChurnCounts {
  joined: number;
  reconnecting: number;
  reconnected: number;
  left: number;
}

type Churnable = { kind: 'room'; room: VideoRoom } | { kind: 'session'; session: TelnyxSession };

/** The events' clock: epoch ms, whole seconds. */
function latestTimestamp(dataset: MockDataset): number {
  let latest = 0;
  for (const account of [dataset.twilio.primary, dataset.twilio.other]) {
    for (const room of account.rooms) for (const p of room.participants) latest = Math.max(latest, p.dateUpdated, p.endTime ?? 0);
  }
  for (const session of dataset.telnyx.sessions) {
    for (const p of session.participants) latest = Math.max(latest, p.updatedAt.ms, p.leftAt?.ms ?? 0);
  }
  return Math.ceil(latest / SECOND) * SECOND;
}

export class Churn {
  readonly rate: number;
  /** What has happened so far (for `/__mock/fixtures` and tests). */
  readonly counts: ChurnCounts = { joined: 0, reconnecting: 0, reconnected: 0, left: 0 };
  private readonly rng: SeededRandom;
  private credit: number;
  private clock: number;
  private joins = 0;

  constructor(private readonly dataset: MockDataset, rate: number) {
    this.rate = parseChurnRate(rate);
    this.rng = derivedRandom(dataset.seed, 2);
    // Where in its first interval the schedule starts: seeds differ in when, not only in what.
    this.credit = this.rng.next();
    this.clock = latestTimestamp(dataset) + 60 * SECOND;
  }

  /** The churn clock: kicks are stamped with it, so a kick never precedes a churn event it follows. */
  now(): number {
    return this.clock;
  }

  /** Counts one API request and applies the events due before it is served. */
  beforeRequest(): void {
    if (this.rate === 0) return;
    this.credit += this.rate;
    while (this.credit >= 1) {
      this.credit -= 1;
      this.step();
    }
  }

  private churnable(): Churnable[] {
    const out: Churnable[] = [];
    for (const account of [this.dataset.twilio.primary, this.dataset.twilio.other]) {
      for (const room of account.rooms) if (room.status === ROOM_STATUS.inProgress) out.push({ kind: 'room', room });
    }
    for (const session of this.dataset.telnyx.sessions) {
      if (session.participants.some((p) => p.leftAt === null)) out.push({ kind: 'session', session });
    }
    return out;
  }

  private step(): void {
    const targets = this.churnable();
    if (targets.length === 0) return;
    this.clock += this.rng.int(1, 30) * SECOND;
    const target = this.rng.pick(targets);
    if (target.kind === 'room') this.roomEvent(target.room);
    else this.sessionEvent(target.session);
  }

  private roomEvent(room: VideoRoom): void {
    const { connected, reconnecting } = PARTICIPANT_STATUS;
    const active = room.participants.filter((p) => p.status === connected || p.status === reconnecting);
    const dropping = room.participants.filter((p) => p.status === reconnecting);
    // About as many leave as join, so that a room neither empties nor swells over a long run.
    const roll = this.rng.next();
    const inRoom = active.filter((p) => p.status === connected);
    if (active.length === 0 || roll < 0.3) this.join(room);
    else if (roll < 0.45 && dropping.length > 0) this.setStatus(room, this.rng.pick(dropping), connected, 'reconnected');
    else if (roll < 0.65 && inRoom.length > 0) this.setStatus(room, this.rng.pick(inRoom), reconnecting, reconnecting);
    else this.leave(room, this.rng.pick(active));
  }

  private join(room: VideoRoom): void {
    const { sids } = schemaFacts();
    const { disconnected } = PARTICIPANT_STATUS;
    const held = new Set(room.participants.filter((p) => p.status !== disconnected).map((p) => p.identity));
    // Half the joins are someone coming back: a new participant with a free identity of one who left.
    const returning = room.participants.filter((p) => p.status === disconnected && !held.has(p.identity));
    this.joins += 1;
    const identity = returning.length > 0 && this.rng.bool() ? this.rng.pick(returning).identity : `guest-${this.dataset.seed}-${this.joins}`;
    const participant: VideoParticipant = {
      sid: this.rng.sid(sids.participant),
      roomSid: room.sid,
      accountSid: room.accountSid,
      status: PARTICIPANT_STATUS.connected,
      identity,
      startTime: this.clock,
      endTime: null,
      dateUpdated: this.clock,
      position: room.participants.length,
    };
    room.participants.push(participant);
    room.bySid.set(participant.sid, participant);
    room.version += 1;
    this.counts.joined += 1;
  }

  private setStatus(room: VideoRoom, p: VideoParticipant | undefined, status: string, counted: keyof ChurnCounts): void {
    if (!p || p.status === status) return;
    p.status = status;
    p.dateUpdated = Math.max(this.clock, p.startTime);
    room.version += 1;
    this.counts[counted] += 1;
  }

  private leave(room: VideoRoom, p: VideoParticipant | undefined): void {
    if (!p) return;
    const end = Math.max(this.clock, p.startTime + SECOND);
    p.status = PARTICIPANT_STATUS.disconnected;
    p.endTime = end;
    p.dateUpdated = end;
    room.version += 1;
    this.counts.left += 1;
  }

  private sessionEvent(session: TelnyxSession): void {
    const still = session.participants.filter((p) => p.leftAt === null);
    if (still.length === 0 || this.rng.bool(0.5)) {
      const joinedAt = { ms: this.clock, micros: this.rng.int(0, 999) };
      const participant: TelnyxParticipant = {
        id: this.rng.uuid(),
        sessionId: session.id,
        context: this.rng.pick(session.participants.map((p) => p.context)),
        joinedAt,
        updatedAt: joinedAt,
        leftAt: null,
      };
      // Joined now: after everyone, so the stable order (join time, then id) is kept by appending.
      session.participants.push(participant);
      this.counts.joined += 1;
    } else {
      const p = this.rng.pick(still);
      const leftAt = { ms: Math.max(this.clock, p.joinedAt.ms + SECOND), micros: this.rng.int(0, 999) };
      p.leftAt = leftAt;
      p.updatedAt = leftAt;
      this.counts.left += 1;
    }
    session.version += 1;
  }
}
