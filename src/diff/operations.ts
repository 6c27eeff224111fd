/**
 * Finds rollcall's operations in any OpenAPI document by method and path: path parameters match
 * whatever their names ({RoomSid}, {RoomNameOrSid}, {Sid}), and the server's path prefix counts
 * (Telnyx's /v2 may be in the server URL or in the path).
 */
import { loadSchemaFiles } from '../schemas.js';
import { loadOperations, specFiles } from '../catalog/specs.js';
import { isObject, type RefResolver } from './document.js';
import type { MediaTypeObject, OpenApiDocument, OperationObject, ParameterObject, PathItemObject, ServerObject } from '../ref/openapi.js';

/** An operation the diff looks for: one of ours. */
export interface AnchorOperation {
  id: string;
  method: string;
  /** The path template as our spec writes it. */
  path: string;
  /** Our spec's first server URL. */
  server: string;
}

export interface FoundParameter {
  name: string;
  in: string;
  required: boolean;
  schema: unknown;
  /** The file the schema's references are relative to. */
  file: string;
}

export interface FoundOperation {
  method: string;
  path: string;
  /** Server path prefix + path, as found. */
  fullPath: string;
  operation: OperationObject;
  file: string;
  parameters: FoundParameter[];
}

/** The five operations of specs/ (method, path, server), read once. */
export function ourOperations(): AnchorOperation[] {
  return loadOperations(loadSchemaFiles(), specFiles()).map((o) => ({ id: o.id, method: o.method, path: o.path, server: o.server }));
}

/** The path part of a server URL (`https://api.telnyx.com/v2` -> `/v2`), without a trailing slash. */
export function serverPrefix(servers: unknown): string {
  const first = Array.isArray(servers) ? (servers[0] as Partial<ServerObject> | undefined) : undefined;
  const url = typeof first?.url === 'string' ? first.url : '';
  return url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').replace(/\/+$/, '');
}

/** A path with every parameter unnamed: /v1/Rooms/{}/Participants. */
export function pathShape(p: string): string {
  return p.replace(/\{[^}]*\}/g, '{}').replace(/\/+$/, '') || '/';
}

/** Names of the path parameters, in order. */
export function pathParameterNames(p: string): string[] {
  return [...p.matchAll(/\{([^}]*)\}/g)].map((m) => m[1] as string);
}

function parametersOf(list: unknown, file: string, resolver: RefResolver): FoundParameter[] {
  if (!Array.isArray(list)) return [];
  return list.map((raw) => {
    const { node, file: at } = resolver.deref(raw, file);
    const p: Partial<ParameterObject> = isObject(node) ? node : {};
    const location = String(p.in ?? '');
    const schema = p.schema ?? (isObject(p.content) ? (Object.values(p.content)[0] as MediaTypeObject | undefined)?.schema : undefined) ?? {};
    // Header names are case-insensitive; the rest are not.
    return { name: location === 'header' ? String(p.name).toLowerCase() : String(p.name), in: location, required: p.required === true || location === 'path', schema, file: at };
  });
}

/** The operation of `doc` that is `anchor`: by method and path shape, the server prefix first, then without it. */
export function findOperation(doc: OpenApiDocument, file: string, resolver: RefResolver, anchor: AnchorOperation): FoundOperation | undefined {
  const wantedFull = pathShape(serverPrefix([{ url: anchor.server }]) + anchor.path);
  const wantedBare = pathShape(anchor.path);
  const method = anchor.method.toLowerCase();
  let bare: FoundOperation | undefined;
  for (const [template, rawItem] of Object.entries(doc.paths ?? {})) {
    const { node, file: itemFile } = resolver.deref(rawItem, file);
    if (!isObject(node) || !isObject(node[method])) continue;
    const item = node as PathItemObject;
    const operation = node[method] as OperationObject;
    const prefix = serverPrefix(operation.servers ?? item.servers ?? doc.servers);
    const fullPath = prefix + template;
    const own = parametersOf(operation.parameters, itemFile, resolver);
    const shared = parametersOf(item.parameters, itemFile, resolver).filter((s) => !own.some((o) => o.name === s.name && o.in === s.in));
    const found: FoundOperation = { method: anchor.method, path: template, fullPath, operation, file: itemFile, parameters: [...shared, ...own] };
    if (pathShape(fullPath) === wantedFull) return found;
    if (!bare && pathShape(template) === wantedBare) bare = found;
  }
  return bare;
}
