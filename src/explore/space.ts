/**
 * The parameter space of a list operation, read from the catalog: its filters (every query
 * parameter that does not page), what kind of value each takes (an enum, a timestamp, a deepObject
 * of date operators, a free string), and the bounds of its page size and page index. Nothing here
 * names a parameter, a bound or an enum value: they all come from specs/ and schemas/.
 */
import type { Catalog } from '../catalog/catalog.js';
import type { JsonSchema } from '../schemas.js';
import type { ApiName } from '../types.js';
import { createWalkContext } from '../checks/walk/context.js';
import { ID_FIELD, PAGE_INDEX_PARAM, PAGE_SIZE_PARAM, PAGE_TOKEN, isPagingParam } from '../checks/walk/support.js';

export type FilterKind = 'enum' | 'timestamp' | 'date-operators' | 'string';

export interface FilterSpec {
  /** The query parameter (for date-operators, the deepObject's name: `filter[date_joined_at]`). */
  name: string;
  kind: FilterKind;
  /** enum: the documented values. */
  values: string[];
  /** date-operators: the operators (deepObject properties), sent as `name[op]`. */
  operators: string[];
  /** string: the item field whose values the filter takes (identity, label, context...), when items have one. */
  field: string;
  /** string: the schema's pattern, when it has one (a SID): values nobody has are built to match it. */
  pattern?: RegExp;
  /** string: the schema's examples (Insights Events), used when items have no such field. */
  examples: string[];
}

export interface IntBounds {
  min: number;
  max?: number;
  def?: number;
}

export interface ParamSpace {
  operationId: string;
  api: ApiName;
  listKey: string;
  idField: string;
  /** The path template, e.g. /v1/Rooms/{RoomSid}/Participants, and its one path parameter. */
  pathTemplate: string;
  pathParam: string;
  sizeParam: string;
  size: Required<IntBounds>;
  indexParam: string;
  index: IntBounds;
  /** Pages are asked by number (Telnyx); where a cursor pages (Twilio's PageToken), the index is client state and only its bounds are probed. */
  pagesByNumber: boolean;
  filters: FilterSpec[];
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** `ParticipantSid` -> `participant_sid`, `filter[context]` -> `context`: the item field a filter names. */
export function fieldOf(param: string): string {
  const inner = param.replace(/^filter\[(.*)\]$/, '$1');
  return inner.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

function isDateSchema(catalog: Catalog, schema: JsonSchema | undefined): 'date' | 'date-time' | undefined {
  if (!schema) return undefined;
  const resolved = typeof schema.$ref === 'string' ? { ...catalog.resolve(schema.$ref), ...schema } : schema;
  const format = resolved.format;
  return format === 'date' || format === 'date-time' ? format : undefined;
}

export function paramSpace(catalog: Catalog, operationId: string): ParamSpace {
  const ctx = createWalkContext(catalog, operationId);
  const op = ctx.operation;
  const sizeParam = PAGE_SIZE_PARAM[op.api];
  const indexParam = PAGE_INDEX_PARAM[op.api];
  const sizeSchema = catalog.parameterSchema(operationId, sizeParam);
  const min = num(sizeSchema?.minimum);
  const max = num(sizeSchema?.maximum);
  const def = num(sizeSchema?.default);
  if (min === undefined || max === undefined || def === undefined) throw new Error(`rollcall: ${operationId}'s ${sizeParam} has no minimum, maximum and default; --explore needs them`);
  const indexSchema = catalog.parameterSchema(operationId, indexParam);
  const indexMin = num(indexSchema?.minimum);
  if (indexMin === undefined) throw new Error(`rollcall: ${operationId}'s ${indexParam} has no minimum; --explore needs it`);
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  if (pathParams.length !== 1) throw new Error(`rollcall: ${operationId} has ${pathParams.length} path parameters; --explore lists under one parent`);
  const filters: FilterSpec[] = [];
  for (const p of op.parameters) {
    if (p.in !== 'query' || isPagingParam(p.name) || p.name === PAGE_TOKEN) continue;
    const schema = catalog.parameterSchema(operationId, p.name);
    const base: FilterSpec = { name: p.name, kind: 'string', values: [], operators: [], field: fieldOf(p.name), examples: [] };
    if (p.style === 'deepObject') {
      const props = (schema?.properties ?? {}) as Record<string, JsonSchema>;
      const operators = Object.keys(props).filter((k) => isDateSchema(catalog, props[k]) === 'date');
      // A deepObject whose members are not dates is not one this explorer knows how to fill.
      if (operators.length > 0) filters.push({ ...base, kind: 'date-operators', operators });
      continue;
    }
    if (Array.isArray(schema?.enum)) {
      filters.push({ ...base, kind: 'enum', values: schema.enum.filter((v): v is string => typeof v === 'string') });
    } else if (isDateSchema(catalog, schema) === 'date-time') {
      filters.push({ ...base, kind: 'timestamp' });
    } else {
      const pattern = typeof schema?.pattern === 'string' ? new RegExp(schema.pattern) : undefined;
      const examples = Array.isArray(schema?.examples) ? schema.examples.filter((v): v is string => typeof v === 'string') : [];
      filters.push({ ...base, ...(pattern ? { pattern } : {}), examples });
    }
  }
  return {
    operationId,
    api: op.api,
    listKey: ctx.listKey,
    idField: ID_FIELD[op.api],
    pathTemplate: op.path,
    pathParam: (pathParams[0] as { name: string }).name,
    sizeParam,
    size: { min, max, def },
    indexParam,
    index: { min: indexMin, ...(num(indexSchema?.default) !== undefined ? { def: num(indexSchema?.default) } : {}) },
    pagesByNumber: !op.parameters.some((p) => p.name === PAGE_TOKEN),
    filters,
  };
}

/** The list path for one parent (room, conference, session). */
export function listPath(space: ParamSpace, parent: string): string {
  return space.pathTemplate.replace(`{${space.pathParam}}`, encodeURIComponent(parent));
}
