/**
 * Facts code needs about an operation, derived from the specs and schemas/ instead of written again:
 * which query parameter sets the page size and the page index, and which meta field echoes each.
 * A parameter and its echo share one schema definition, and with it one `x-rule` annotation
 * (PageSize ↔ meta.page_size, PageIndex ↔ meta.page, PageNumber ↔ meta.page_number): that is how
 * they are paired, for every vendor alike.
 */
import { resolveDef, resolveNode, type JsonSchema, type SchemaFile } from '../schemas.js';
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
