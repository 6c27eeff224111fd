/**
 * Facts code needs about an operation, derived from the specs and schemas/ instead of written again:
 * which query parameter sets the page size and the page index, and which meta field echoes each.
 * A parameter and its echo share one schema definition, and with it one `x-rule` annotation
 * (PageSize ↔ meta.page_size, PageIndex ↔ meta.page, PageNumber ↔ meta.page_number): that is how
 * they are paired, for every vendor alike.
 */
import { loadSchemaFiles, resolveDef, resolveNode, type JsonSchema, type SchemaFile } from '../schemas.js';
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
  const [listFile = ''] = success.schemaRef.split('#');
  const list = resolveDef(success.schemaRef, files);
  const metaNode = (list.properties as Record<string, JsonSchema> | undefined)?.meta;
  if (!metaNode) return {};
  const listFileName = files.find((f) => f.id === listFile || f.file === listFile)?.file ?? listFile;
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
 */
function meanings<const K extends string>(ref: string, names: readonly K[]): Readonly<Record<K, string>> {
  const values = documentedEnum(ref);
  const missing = names.filter((n) => !values.includes(n));
  if (missing.length) throw new Error(`rollcall: ${ref} no longer documents ${missing.join(', ')} (documented: ${values.join(', ')}); the code that relies on them needs updating`);
  return Object.freeze(Object.fromEntries(names.map((n) => [n, n])) as unknown as Record<K, string>);
}

/** Twilio Video participant statuses with a meaning in code. */
export const PARTICIPANT_STATUS = meanings('twilio-video.schema.json#/$defs/ParticipantStatus', ['connected', 'disconnected', 'reconnecting']);

/** The documented pattern of a Twilio SID definition (`RoomSid`, `ConferenceSid`, ...), compiled. */
export function sidPattern(definition: string, files: SchemaFile[] = loadSchemaFiles()): RegExp {
  const pattern = resolveDef(`twilio.schema.json#/$defs/${definition}`, files).pattern;
  if (typeof pattern !== 'string') throw new Error(`rollcall: twilio.schema.json#/$defs/${definition} documents no pattern`);
  return new RegExp(pattern);
}

/** A well-formed SID of that definition that no resource has (its prefix, then zeros): for "unknown id" probes. */
export function unknownSid(definition: string, files: SchemaFile[] = loadSchemaFiles()): string {
  const prefix = /^\^([A-Z]{2})/.exec(sidPattern(definition, files).source)?.[1];
  if (!prefix) throw new Error(`rollcall: the ${definition} pattern has no two-letter prefix`);
  const sid = prefix + '0'.repeat(32);
  if (!sidPattern(definition, files).test(sid)) throw new Error(`rollcall: cannot build an unknown ${definition}`);
  return sid;
}
