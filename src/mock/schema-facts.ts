/**
 * Everything the mock needs to know about the contract, read from schemas/ (never written twice):
 * SID prefixes and lengths, enum values, page-size bounds and defaults, the meta key, the record type.
 */
import { resolveDef, type JsonSchema } from '../schemas.js';

export interface SidSpec {
  /** The schema definition it was read from, e.g. `twilio.schema.json#/$defs/RoomSid`. */
  ref: string;
  /** The two-letter prefix, e.g. `RM`. */
  prefix: string;
  /** How many hex digits follow the prefix. */
  hexDigits: number;
  pattern: RegExp;
}

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
  };
  twilioPageSize: IntegerBounds;
  twilioPageIndex: IntegerBounds;
  telnyxPageSize: IntegerBounds;
  telnyxPageNumber: IntegerBounds;
  telnyxRecordType: string;
}

/** `^RM[0-9a-fA-F]{32}$` is the only SID pattern shape the schemas use; anything else fails loudly. */
const SID_PATTERN_SHAPE = /^\^([A-Z]+)\[0-9a-fA-F\]\{(\d+)\}\$$/;

function sidSpec(defName: string): SidSpec {
  const ref = `twilio.schema.json#/$defs/${defName}`;
  const node = resolveDef(ref);
  const source = node.pattern;
  const match = typeof source === 'string' ? SID_PATTERN_SHAPE.exec(source) : null;
  if (!match || !match[1] || !match[2]) {
    throw new Error(`rollcall mock: ${ref} has pattern ${String(source)}, not of the form ^XX[0-9a-fA-F]{N}$`);
  }
  return { ref, prefix: match[1], hexDigits: Number(match[2]), pattern: new RegExp(source as string) };
}

function enumOf(ref: string): readonly string[] {
  const values = resolveDef(ref).enum;
  if (!Array.isArray(values) || values.length === 0 || !values.every((v) => typeof v === 'string')) {
    throw new Error(`rollcall mock: ${ref} has no string enum`);
  }
  return Object.freeze([...(values as string[])]);
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
    },
    twilioPageSize: integerBounds('twilio.schema.json#/$defs/PageSize'),
    twilioPageIndex: integerBounds('twilio.schema.json#/$defs/PageIndex'),
    telnyxPageSize: integerBounds('telnyx.schema.json#/$defs/PageSize'),
    telnyxPageNumber: integerBounds('telnyx.schema.json#/$defs/PageNumber'),
    telnyxRecordType: constOf('telnyx.schema.json#/$defs/RoomParticipant/properties/record_type'),
  };
}

let cached: SchemaFacts | undefined;

/** The facts, read once from schemas/. */
export function schemaFacts(): SchemaFacts {
  cached ??= readFacts();
  return cached;
}

/**
 * A status value the mock's behaviour is written against (the documents' own words: "default Status is
 * connected", "Status=disconnected kicks"). Fails loudly if the schema stops listing it.
 */
export function documentedStatus(value: string): string {
  const { participantStatus } = schemaFacts().video;
  if (!participantStatus.includes(value)) {
    throw new Error(`rollcall mock: status ${value} is not in twilio-video.schema.json#/$defs/ParticipantStatus`);
  }
  return value;
}
