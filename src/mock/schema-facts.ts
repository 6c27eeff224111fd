/**
 * Everything the mock needs to know about the contract, read from schemas/ (never written twice):
 * SID prefixes and lengths, enum values, page-size bounds and defaults, the list and meta keys, the
 * record type. The readers are src/catalog/facts.ts's; the documented values the mock gives a meaning
 * to (a kick sets `disconnected`, ...) are named there too (PARTICIPANT_STATUS, CALL_STATUS, ...).
 */
import { documentedEnum, listKey, sidSpec, type SidSpec } from '../catalog/facts.js';
import { resolveDef, type JsonSchema } from '../schemas.js';

export type { SidSpec };

export interface IntegerBounds {
  ref: string;
  minimum: number;
  /** Undefined when the schema sets no maximum. */
  maximum: number | undefined;
  default: number;
}

export interface SchemaFacts {
  sids: {
    account: SidSpec;
    apiKey: SidSpec;
    room: SidSpec;
    participant: SidSpec;
    conference: SidSpec;
    call: SidSpec;
    conferenceParticipant: SidSpec;
  };
  video: {
    participantStatus: readonly string[];
    statusUpdate: readonly string[];
    metaKey: string;
    /** The key of the list response's array of participants. */
    listKey: string;
  };
  insights: {
    callDirection: readonly string[];
    callStatus: readonly string[];
    callType: readonly string[];
    region: readonly string[];
    jitterBufferSize: readonly string[];
    processingState: readonly string[];
    countryCode: RegExp;
    metaKey: string;
    listKey: string;
  };
  twilioPageSize: IntegerBounds;
  twilioPageIndex: IntegerBounds;
  telnyxPageSize: IntegerBounds;
  telnyxPageNumber: IntegerBounds;
  telnyxRecordType: string;
  telnyxListKey: string;
}

function enumOf(ref: string): readonly string[] {
  const values = documentedEnum(ref);
  if (values.length === 0) throw new Error(`rollcall mock: ${ref} has no string enum`);
  return Object.freeze(values);
}

function constOf(ref: string): string {
  const value = resolveDef(ref).const;
  if (typeof value !== 'string') throw new Error(`rollcall mock: ${ref} has no string const`);
  return value;
}

function integerBounds(ref: string): IntegerBounds {
  const node: JsonSchema = resolveDef(ref);
  const { minimum, maximum } = node;
  const dflt = node.default;
  if (typeof minimum !== 'number' || typeof dflt !== 'number') {
    throw new Error(`rollcall mock: ${ref} needs a numeric minimum and default`);
  }
  return { ref, minimum, maximum: typeof maximum === 'number' ? maximum : undefined, default: dflt };
}

function patternOf(ref: string): RegExp {
  const source = resolveDef(ref).pattern;
  if (typeof source !== 'string') throw new Error(`rollcall mock: ${ref} has no pattern`);
  return new RegExp(source);
}

function readFacts(): SchemaFacts {
  const insights = (name: string): readonly string[] => enumOf(`twilio-insights.schema.json#/$defs/${name}`);
  return {
    sids: {
      account: sidSpec('AccountSid'),
      apiKey: sidSpec('ApiKeySid'),
      room: sidSpec('RoomSid'),
      participant: sidSpec('ParticipantSid'),
      conference: sidSpec('ConferenceSid'),
      call: sidSpec('CallSid'),
      conferenceParticipant: sidSpec('ConferenceParticipantSid'),
    },
    video: {
      participantStatus: enumOf('twilio-video.schema.json#/$defs/ParticipantStatus'),
      statusUpdate: enumOf('twilio-video.schema.json#/$defs/ParticipantStatusUpdate'),
      metaKey: constOf('twilio-video.schema.json#/$defs/ListRoomParticipantsResponse/properties/meta/properties/key'),
      listKey: listKey('twilio-video.schema.json#/$defs/ListRoomParticipantsResponse'),
    },
    insights: {
      callDirection: insights('CallDirection'),
      callStatus: insights('CallStatus'),
      callType: insights('CallType'),
      region: insights('Region'),
      jitterBufferSize: insights('JitterBufferSize'),
      processingState: insights('ProcessingState'),
      countryCode: patternOf('twilio-insights.schema.json#/$defs/ConferenceParticipant/properties/country_code'),
      metaKey: constOf('twilio-insights.schema.json#/$defs/ListConferenceParticipantsResponse/properties/meta/properties/key'),
      listKey: listKey('twilio-insights.schema.json#/$defs/ListConferenceParticipantsResponse'),
    },
    twilioPageSize: integerBounds('twilio.schema.json#/$defs/PageSize'),
    twilioPageIndex: integerBounds('twilio.schema.json#/$defs/PageIndex'),
    telnyxPageSize: integerBounds('telnyx.schema.json#/$defs/PageSize'),
    telnyxPageNumber: integerBounds('telnyx.schema.json#/$defs/PageNumber'),
    telnyxRecordType: constOf('telnyx.schema.json#/$defs/RoomParticipant/properties/record_type'),
    telnyxListKey: listKey('telnyx.schema.json#/$defs/ListRoomParticipantsResponse'),
  };
}

let cached: SchemaFacts | undefined;

/** The facts, read once from schemas/. */
export function schemaFacts(): SchemaFacts {
  cached ??= readFacts();
  return cached;
}
