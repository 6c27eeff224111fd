/**
 * The operations a stateful sequence drives, read from specs/ through the catalog, per API: the list
 * (a GET answering a list), the fetch (a GET on the list's path plus one segment: one item), and the
 * kick (another method on the fetch's path whose body sets the list's enum filter to one of its values:
 * an update that moves the item to another status). Nothing here names an operation, a parameter or a
 * value: an API whose spec has a list with a fetch or a kick gets a stateful group.
 */
import type { Catalog } from '../catalog/catalog.js';
import type { OperationInfo } from '../catalog/specs.js';
import type { JsonSchema } from '../schemas.js';
import type { ApiName } from '../types.js';
import { isList } from '../checks/check.js';
import { paramSpace, type ParamSpace } from './space.js';

export interface KickOperation {
  id: string;
  /** The probe sends GET and POST (Twilio's updates): an update by another method is not driven. */
  method: 'POST';
  /** The path template (the item's, as the fetch's). */
  path: string;
  /** The body's media type (Twilio: form-encoded) and the one field the update sets, with its value. */
  contentType: string;
  param: string;
  value: string;
}

export interface StatefulOperations {
  api: ApiName;
  list: ParamSpace;
  /** The list's enum filter that the kick moves an item across (Video's Status), when it has one. */
  statusParam?: string;
  fetch?: { id: string; path: string };
  kick?: KickOperation;
}

const segments = (path: string) => path.split('/').length;
/** A path's shape, whatever its parameters are named (`{RoomSid}` and `{RoomNameOrSid}` fill the same place). */
const shape = (path: string) => path.replace(/\{[^}]+\}/g, '{}');

/** A schema with its `$ref` followed (a local one read against `base`, the document it sits in), and the document it now sits in. */
function resolved(catalog: Catalog, schema: JsonSchema | undefined, base: string): { schema?: JsonSchema; base: string } {
  if (!schema || typeof schema.$ref !== 'string') return { ...(schema ? { schema } : {}), base };
  const ref = new URL(schema.$ref, base).href;
  return { schema: { ...catalog.resolve(ref), ...schema }, base: ref };
}

/** A body field of `op` that sets `filter` to values it documents: the update moves the item to that status. */
function kickOf(catalog: Catalog, op: OperationInfo, filter: { name: string; values: string[] }): KickOperation | undefined {
  const body = resolved(catalog, op.requestBody?.schema, 'rollcall:/');
  const property = resolved(catalog, (body.schema?.properties as Record<string, JsonSchema> | undefined)?.[filter.name], body.base).schema;
  const values = Array.isArray(property?.enum) ? property.enum.filter((v): v is string => typeof v === 'string' && filter.values.includes(v)) : [];
  // One value: the update has one effect (Video's Status=disconnected); more would be several commands.
  if (!op.requestBody || values.length !== 1 || op.method.toUpperCase() !== 'POST') return undefined;
  return { id: op.id, method: 'POST', path: op.path, contentType: op.requestBody.contentType, param: filter.name, value: values[0] as string };
}

/** Every API with a list and at least a fetch or a kick, and those operations. */
export function statefulOperations(catalog: Catalog): StatefulOperations[] {
  const out: StatefulOperations[] = [];
  for (const listOp of catalog.operations.filter((o) => o.method.toUpperCase() === 'GET' && isList(o))) {
    const list = paramSpace(catalog, listOp.id);
    const item = catalog.operations.filter((o) => o.api === listOp.api && shape(o.path).startsWith(`${shape(listOp.path)}/`) && segments(o.path) === segments(listOp.path) + 1);
    const fetchOp = item.find((o) => o.method.toUpperCase() === 'GET');
    const status = list.filters.find((f) => f.kind === 'enum');
    const kick = status ? item.filter((o) => o.method.toUpperCase() !== 'GET').map((o) => kickOf(catalog, o, status)).find((k) => k !== undefined) : undefined;
    if (!fetchOp && !kick) continue;
    out.push({
      api: listOp.api,
      list,
      ...(status ? { statusParam: status.name } : {}),
      ...(fetchOp ? { fetch: { id: fetchOp.id, path: fetchOp.path } } : {}),
      ...(kick ? { kick } : {}),
    });
  }
  return out;
}

/** The item's URL: the fetch's (and kick's) path with the parent and the item filled in. */
export function itemPath(path: string, parent: string, item: string): string {
  const params = path.match(/\{[^}]+\}/g) ?? [];
  return path.replace(params[0] as string, encodeURIComponent(parent)).replace(params[1] as string, encodeURIComponent(item));
}
