/** Seeded Twilio Insights conferences: participant summaries covering every enum value of the schema. */
import type { Conference, ConferenceParticipant } from './model.js';
import type { SeededRandom } from './random.js';
import { CALL_DIRECTION, CALL_STATUS, CALL_TYPE } from '../catalog/facts.js';
import { schemaFacts } from './schema-facts.js';
import { twilioTime } from './time.js';

/** Event names Insights reports (the document: "e.g. hold, mute"); free strings in the schema. */
export const CONFERENCE_EVENTS = ['mute', 'unmute', 'hold', 'unhold', 'modify'] as const;
const LABELS = ['customer', 'agent', 'supervisor', null] as const;
const COUNTRIES = ['US', 'GB', 'DE', 'JP', 'BR', 'AU', 'IE', 'SG', 'FR', 'IN'] as const;
/** Call statuses whose call reached the conference (the others never joined). */
const JOINED = new Set<string>([CALL_STATUS.answered, CALL_STATUS.completed]);
const STILL_IN = new Set<string>([CALL_STATUS.answered]);
const SECOND = 1000;

function phoneNumber(rng: SeededRandom): string {
  return `+1555${String(rng.int(0, 9_999_999)).padStart(7, '0')}`;
}

function endpoint(callType: string | null, rng: SeededRandom, role: 'from' | 'to'): string | null {
  switch (callType) {
    case CALL_TYPE.carrier:
      return phoneNumber(rng);
    case CALL_TYPE.client:
      // A Twilio address names its kind as the call type does (client:NAME, sip:URI).
      return role === 'from' ? `${CALL_TYPE.client}:${rng.pick(['alice', 'bob', 'carol'])}` : `${CALL_TYPE.client}:support`;
    case CALL_TYPE.sip:
      return role === 'from' ? `${CALL_TYPE.sip}:${rng.pick(['alice', 'bob'])}@pbx.example.com` : `${CALL_TYPE.sip}:conference@pbx.example.com`;
    default:
      return null;
  }
}

function cycle(values: readonly string[], i: number): string {
  const value = values[i % values.length];
  if (value === undefined) throw new Error('rollcall mock: empty enum');
  return value;
}

export function buildConference(size: number, accountSid: string, startedAt: number, rng: SeededRandom): Conference {
  const { sids, insights } = schemaFacts();
  const conferenceSid = rng.sid(sids.conference);
  const conferenceRegion = rng.pick(insights.region);
  const callSids = Array.from({ length: size }, () => rng.sid(sids.call));
  let clock = startedAt;
  const participants: ConferenceParticipant[] = callSids.map((callSid, i) => {
    clock += rng.int(1, 30) * SECOND;
    // Index-cycling over each enum: any conference of at least lcm-covering size shows every value.
    const callStatus = cycle(insights.callStatus, i);
    const callType = cycle(insights.callType, i);
    const direction = cycle(insights.callDirection, i);
    const joined = JOINED.has(callStatus);
    const joinTime = joined ? clock : null;
    const leaveTime = joined && !STILL_IN.has(callStatus) && joinTime !== null ? joinTime + rng.int(20, 1800) * SECOND : null;
    const isCoach = i % 8 === 5;
    const coached = isCoach ? [callSids[(i + 1) % size] ?? callSid] : null;
    const events: Record<string, number[]> | null = joined && rng.bool(0.7) ? {} : null;
    if (events && joinTime !== null) {
      for (const name of CONFERENCE_EVENTS) {
        if (rng.bool(0.4)) events[name] = [joinTime + rng.int(1, 20) * SECOND];
      }
    }
    const country = callType === CALL_TYPE.client ? null : rng.pick(COUNTRIES);
    if (country !== null && !insights.countryCode.test(country)) throw new Error(`rollcall mock: ${country} fails the country_code pattern`);
    const outbound = direction === CALL_DIRECTION.outbound;
    return {
      account_sid: accountSid,
      call_direction: direction,
      call_sid: callSid,
      call_status: callStatus,
      call_type: callType,
      coached_participants: coached,
      conference_region: conferenceRegion,
      conference_sid: conferenceSid,
      country_code: country,
      duration_seconds: joinTime !== null && leaveTime !== null ? (leaveTime - joinTime) / SECOND : null,
      events,
      from: endpoint(callType, rng, 'from'),
      is_coach: isCoach,
      is_moderator: i === 0,
      jitter_buffer_size: cycle(insights.jitterBufferSize, i),
      join_time: joinTime === null ? null : twilioTime(joinTime),
      label: LABELS[i % LABELS.length] ?? null,
      leave_time: leaveTime === null ? null : twilioTime(leaveTime),
      metrics: joined
        ? {
            inbound: { total_packets_lost: rng.int(0, 40), total_packets_received: rng.int(1000, 90000), jitter: { avg: rng.int(1, 30), max: rng.int(30, 90) } },
            outbound: { total_packets_lost: rng.int(0, 40), total_packets_sent: rng.int(1000, 90000) },
          }
        : null,
      outbound_queue_length: outbound ? rng.int(0, 3) : null,
      outbound_time_in_queue: outbound ? rng.int(0, 12) : null,
      participant_region: cycle(insights.region, i),
      participant_sid: rng.sid(sids.conferenceParticipant),
      processing_state: cycle(insights.processingState, i),
      properties: joined
        ? { start_conference_on_enter: i === 0 || rng.bool(), end_conference_on_exit: i === 0, early_media: false, enter_muted: rng.bool(0.2) }
        : null,
      to: endpoint(callType, rng, 'to'),
    };
  });
  return {
    sid: conferenceSid,
    accountSid,
    participants,
    positionBySid: new Map(participants.map((p, i) => [p.participant_sid, i])),
  };
}
