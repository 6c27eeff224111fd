/**
 * Facts code needs, derived from the specs and schemas/ instead of written again: the one module where
 * code names a documented value it gives a meaning to (a participant status, a call type), each checked
 * against schemas/ when it loads; SID prefixes and patterns; the key of each list response's array.
 *
 * And about an operation: which query parameter sets the page size and the page index, and which meta
 * field echoes each. A parameter and its echo share one schema definition, and with it one `x-rule`
 * annotation (PageSize ↔ meta.page_size, PageIndex ↔ meta.page, PageNumber ↔ meta.page_number): that
 * is how they are paired, for every vendor alike.
 */
import { loadSchemaFiles, resolveDef, resolveNode, schemaFileOf, type JsonSchema, type SchemaFile } from '../schemas.js';
import { RULE_KEYWORD } from './ajv.js';
import type { OperationInfo } from './specs.js';

export interface PagingParam {
  /** The query parameter, e.g. `PageSize`, `page[number]`. */
  param: string;
  /** The meta field that echoes it, e.g. `page_size`, `page_number`. */
  field: string;
}

export interface PagingProfile {
  size?: PagingParam;
  index?: PagingParam;
}

const SIZE_RULE = 'pagination.page-size-bounds';

/** The paging profile of a list operation (empty for an operation whose response has no meta). */
export function pagingProfile(info: OperationInfo, files: SchemaFile[], parameterSchema: (name: string) => JsonSchema | undefined): PagingProfile {
  const success = info.responses.find((r) => r.status >= 200 && r.status < 300 && r.schemaRef);
  if (!success?.schemaRef) return {};
  const list = resolveDef(success.schemaRef, files);
  const metaNode = (list.properties as Record<string, JsonSchema> | undefined)?.meta;
  if (!metaNode) return {};
  const listFileName = schemaFileOf(success.schemaRef, undefined, files);
  const { node: meta, baseFile } = resolveNode(metaNode, listFileName, files);
  const ruleOfField = new Map<string, string>();
  for (const [field, node] of Object.entries((meta.properties ?? {}) as Record<string, JsonSchema>)) {
    const rule = resolveNode(node, baseFile, files).node[RULE_KEYWORD];
    if (typeof rule === 'string') ruleOfField.set(field, rule);
  }
  const profile: PagingProfile = {};
  for (const p of info.parameters) {
    if (p.in !== 'query') continue;
    const rule = parameterSchema(p.name)?.[RULE_KEYWORD];
    const field = [...ruleOfField].find(([, r]) => r === rule)?.[0];
    if (typeof rule !== 'string' || !field) continue;
    if (rule === SIZE_RULE) profile.size = { param: p.name, field };
    else profile.index ??= { param: p.name, field };
  }
  return profile;
}

/** The enum of a schema definition, e.g. `twilio-video.schema.json#/$defs/ParticipantStatus`. */
export function documentedEnum(ref: string, files: SchemaFile[] = loadSchemaFiles()): string[] {
  const values = resolveDef(ref, files).enum;
  if (!Array.isArray(values)) throw new Error(`rollcall: ${ref} documents no enum`);
  return values.filter((v): v is string => typeof v === 'string');
}

/**
 * Names the documented values code gives a meaning to (a kick sets `disconnected`; a `connected`
 * participant has no end), each checked against the enum in schemas/ when this module loads: the
 * one place such a value is written in code, and it fails loudly when schemas/ stops documenting it.
 * Each value's type is its own literal, so code can type with it (`typeof PARTICIPANT_STATUS.connected`).
 */
function meanings<const K extends string>(ref: string, names: readonly K[]): Readonly<{ [P in K]: P }> {
  const values = documentedEnum(ref);
  const missing = names.filter((n) => !values.includes(n));
  if (missing.length) throw new Error(`rollcall: ${ref} no longer documents ${missing.join(', ')} (documented: ${values.join(', ')}); the code that relies on them needs updating`);
  return Object.freeze(Object.fromEntries(names.map((n) => [n, n])) as { [P in K]: P });
}

/** Twilio Video participant statuses with a meaning in code. */
export const PARTICIPANT_STATUS = meanings('twilio-video.schema.json#/$defs/ParticipantStatus', ['connected', 'disconnected', 'reconnecting']);
export type ParticipantStatus = (typeof PARTICIPANT_STATUS)[keyof typeof PARTICIPANT_STATUS];

/**
 * The states of a Twilio Video room that behaviour depends on (specs/NOTES.md V11: "in-progress rooms
 * default to `connected`; completed rooms return only `disconnected`"). The contract has no room
 * resource, so schemas/ documents no room status to check them against: they are written here, once,
 * as the list operation's description spells them (specs/twilio-video.v1.yaml).
 */
export const ROOM_STATUS = Object.freeze({ inProgress: 'in-progress', completed: 'completed' } as const);
export type RoomStatus = (typeof ROOM_STATUS)[keyof typeof ROOM_STATUS];

/** The Status an unfiltered participant list of a room defaults to, for each room state (V11). */
export const DEFAULT_PARTICIPANT_STATUS: Readonly<Record<RoomStatus, ParticipantStatus>> = Object.freeze({
  [ROOM_STATUS.inProgress]: PARTICIPANT_STATUS.connected,
  [ROOM_STATUS.completed]: PARTICIPANT_STATUS.disconnected,
});

/** Twilio Insights call statuses with a meaning in code: the call reached the conference (and is still in it when answered). */
export const CALL_STATUS = meanings('twilio-insights.schema.json#/$defs/CallStatus', ['answered', 'completed']);

/** Twilio Insights call types with a meaning in code: what a participant's from/to looks like. */
export const CALL_TYPE = meanings('twilio-insights.schema.json#/$defs/CallType', ['carrier', 'client', 'sip']);

/** Twilio Insights call directions with a meaning in code. */
export const CALL_DIRECTION = meanings('twilio-insights.schema.json#/$defs/CallDirection', ['outbound']);

/** Twilio regions code names, as Insights documents them. */
export const TWILIO_REGION = meanings('twilio-insights.schema.json#/$defs/Region', ['us1']);

/** A Twilio SID definition's documented shape: its prefix, then hex digits. */
export interface SidSpec {
  /** The schema definition it was read from, e.g. `twilio.schema.json#/$defs/RoomSid`. */
  ref: string;
  /** The two-letter prefix, e.g. `RM`. */
  prefix: string;
  /** How many hex digits follow the prefix. */
  hexDigits: number;
  pattern: RegExp;
}

/** `^RM[0-9a-fA-F]{32}$` is the only SID pattern shape the schemas use; anything else fails loudly. */
const SID_PATTERN_SHAPE = /^\^([A-Z]+)\[0-9a-fA-F\]\{(\d+)\}\$$/;

/** The shape of a Twilio SID definition (`RoomSid`, `ParticipantSid`, ...), read from its pattern. */
export function sidSpec(definition: string, files: SchemaFile[] = loadSchemaFiles()): SidSpec {
  const ref = `twilio.schema.json#/$defs/${definition}`;
  const source = resolveDef(ref, files).pattern;
  const match = typeof source === 'string' ? SID_PATTERN_SHAPE.exec(source) : null;
  if (!match || !match[1] || !match[2]) throw new Error(`rollcall: ${ref} has pattern ${String(source)}, not of the form ^XX[0-9a-fA-F]{N}$`);
  return { ref, prefix: match[1], hexDigits: Number(match[2]), pattern: new RegExp(source as string) };
}

/** The documented pattern of a Twilio SID definition (`RoomSid`, `ConferenceSid`, ...), compiled. */
export function sidPattern(definition: string, files: SchemaFile[] = loadSchemaFiles()): RegExp {
  const pattern = resolveDef(`twilio.schema.json#/$defs/${definition}`, files).pattern;
  if (typeof pattern !== 'string') throw new Error(`rollcall: twilio.schema.json#/$defs/${definition} documents no pattern`);
  return new RegExp(pattern);
}

/** The prefix of a Twilio SID definition, e.g. `PA` for `ParticipantSid`. */
export function sidPrefix(definition: string, files: SchemaFile[] = loadSchemaFiles()): string {
  return sidSpec(definition, files).prefix;
}

/** A well-formed SID of that definition that no resource has (its prefix, then zeros): for "unknown id" probes. */
export function unknownSid(definition: string, files: SchemaFile[] = loadSchemaFiles()): string {
  const { prefix, hexDigits, pattern } = sidSpec(definition, files);
  const sid = prefix + '0'.repeat(hexDigits);
  if (!pattern.test(sid)) throw new Error(`rollcall: cannot build an unknown ${definition}`);
  return sid;
}

/**
 * The key of a list response's items (`participants`, `data`): the one array property of the list
 * response definition, e.g. `twilio-video.schema.json#/$defs/ListRoomParticipantsResponse`.
 */
export function listKey(ref: string, files: SchemaFile[] = loadSchemaFiles()): string {
  const node = resolveDef(ref, files);
  const file = schemaFileOf(ref, undefined, files);
  const arrays = Object.entries((node.properties ?? {}) as Record<string, JsonSchema>).filter(([, p]) => resolveNode(p, file, files).node.type === 'array');
  if (arrays.length !== 1 || !arrays[0]) throw new Error(`rollcall: ${ref} has ${arrays.length} array properties, not the one list of items`);
  return arrays[0][0];
}
