import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { ApiName } from '../types.js';
import type { JsonSchema, SchemaFile } from '../schemas.js';
import { SPECS_DIR } from '../paths.js';
import { isLocalRef, refOf, RefResolver } from '../ref/resolver.js';
import { parseResponseCode, statusesOf, type DocumentedStatus } from './status-codes.js';
import {
  isObject,
  isOpenApiDocument,
  type ExampleObject,
  type MediaTypeObject,
  type OpenApiDocument,
  type OperationObject,
  type ParameterObject,
  type PathItemObject,
  type RequestBodyObject,
  type ResponseObject,
  type RollcallInfoObject,
  type SecuritySchemeObject,
  type ServerObject,
} from '../ref/openapi.js';

export interface ParameterInfo {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  /** The schema with every file `$ref` rewritten to a schema `$id`: compile or resolve it as is. */
  schema: JsonSchema;
  style?: string;
  description?: string;
}

export interface ResponseInfo {
  /**
   * The status; for a range code the first status it covers (400 for 4XX), so that code reading a
   * number keeps working: where the difference matters, read `code` or `range`.
   */
  status: number;
  /** The response key as documented: an exact status (404) or a range code ('4XX'). */
  code: DocumentedStatus;
  /** For a range code, the statuses it documents, inclusive ([400, 499] for 4XX). */
  range?: readonly [number, number];
  description: string;
  contentType?: string;
  /** Absolute schema reference (`$id` + fragment), when the response has a JSON body. */
  schemaRef?: string;
  headers: string[];
  examples: Array<{ name: string; summary?: string; value: unknown }>;
}

export interface OperationInfo {
  id: string;
  api: ApiName;
  specFile: string;
  method: string;
  /** The path template as the spec writes it, e.g. /v1/Rooms/{RoomSid}/Participants. */
  path: string;
  /** The first server URL of the spec, e.g. https://api.telnyx.com/v2. */
  server: string;
  security: 'basic' | 'bearer';
  parameters: ParameterInfo[];
  requestBody?: { contentType: string; schema: JsonSchema };
  responses: ResponseInfo[];
  summary: string;
}

type Doc = { [key: string]: unknown };
const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/**
 * A node of the spec with its local `#/components/...` references followed (src/ref/resolver.ts),
 * as the OpenAPI object it stands for; throws, naming the spec, when it is not an object.
 */
function local<T extends object = Doc>(refs: RefResolver, node: unknown, specFile: string): T {
  const { node: current } = refs.deref(node, specFile, { sameDocument: true });
  if (!isObject(current)) throw new Error(`rollcall: ${specFile}: expected an object, found ${JSON.stringify(current)}`);
  return current as T;
}

/**
 * Rewrites every `$ref` of a spec schema so Ajv can compile it: a file reference
 * (`../schemas/x.schema.json#/$defs/Y`) becomes the file's `$id` + fragment; a local
 * `#/components/schemas/Z` is inlined (our specs keep only small helper schemas there).
 */
function rewriteRefs(node: unknown, refs: RefResolver, specFile: string): unknown {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(n, refs, specFile));
  if (!isObject(node)) return node;
  const ref = refOf(node);
  if (ref !== undefined && isLocalRef(ref)) return rewriteRefs(local(refs, node, specFile), refs, specFile);
  const out: Doc = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') {
      const absolute = refs.absolute(value, specFile);
      if (refs.idOf(refs.locate(value, specFile)) === undefined) throw new Error(`rollcall: ${specFile}: $ref ${value} names no file of schemas/`);
      out.$ref = absolute;
    } else {
      out[key] = rewriteRefs(value, refs, specFile);
    }
  }
  return out;
}

function readSpec(specFile: string): OpenApiDocument {
  let text: string;
  try {
    text = fs.readFileSync(specFile, 'utf8');
  } catch (err) {
    throw new Error(`rollcall: cannot read spec ${specFile}: ${(err as Error).message}`);
  }
  const doc: unknown = specFile.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  if (!isOpenApiDocument(doc, false)) throw new Error(`rollcall: ${specFile} is not an OpenAPI document (no paths)`);
  return doc;
}

export function specFiles(dir: string = SPECS_DIR): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Reads our specs and lists their operations, with every schema reference pointing into schemas/. */
export function loadOperations(files: SchemaFile[], specs: string[] = specFiles()): OperationInfo[] {
  const operations: OperationInfo[] = [];
  for (const specFile of specs) {
    const doc = readSpec(specFile);
    const refs = new RefResolver({ documents: files.map((f) => ({ file: f.file, id: f.id, document: f.schema })), byName: true, prefix: 'rollcall: ' });
    refs.add(specFile, doc);
    const schema = (raw: unknown) => rewriteRefs(raw, refs, specFile) as JsonSchema;
    const info: RollcallInfoObject = isObject(doc.info) ? doc.info : { title: '', version: '' };
    const api = info['x-rollcall-api'] as ApiName | undefined;
    if (!api) throw new Error(`rollcall: ${specFile}: info.x-rollcall-api is missing`);
    const servers: ServerObject[] = Array.isArray(doc.servers) ? doc.servers : [];
    const server = String(servers[0]?.url ?? '');
    const schemes = isObject(doc.components) && isObject(doc.components.securitySchemes) ? doc.components.securitySchemes : {};
    const scheme = Object.values(schemes).find(isObject) as SecuritySchemeObject | undefined;
    const security = scheme && 'scheme' in scheme && scheme.scheme === 'bearer' ? 'bearer' : 'basic';
    for (const [pathTemplate, pathItemRaw] of Object.entries(doc.paths ?? {})) {
      const pathItem = local<PathItemObject>(refs, pathItemRaw, specFile);
      const shared = Array.isArray(pathItem.parameters) ? pathItem.parameters : [];
      for (const method of HTTP_METHODS) {
        const op: OperationObject | undefined = pathItem[method];
        if (!isObject(op)) continue;
        if (typeof op.operationId !== 'string') throw new Error(`rollcall: ${specFile}: ${method.toUpperCase()} ${pathTemplate} has no operationId`);
        const own = Array.isArray(op.parameters) ? op.parameters : [];
        const parameters: ParameterInfo[] = [...shared, ...own].map((p) => {
          const param = local<ParameterObject>(refs, p, specFile);
          return {
            name: String(param.name),
            in: param.in as ParameterInfo['in'],
            required: param.required === true,
            schema: schema(param.schema ?? {}),
            style: typeof param.style === 'string' ? param.style : undefined,
            description: typeof param.description === 'string' ? param.description : undefined,
          };
        });
        let requestBody: OperationInfo['requestBody'];
        if (isObject(op.requestBody)) {
          const body = local<RequestBodyObject>(refs, op.requestBody, specFile);
          const [contentType, media] = Object.entries(isObject(body.content) ? body.content : {})[0] ?? [];
          if (contentType && isObject(media)) requestBody = { contentType, schema: schema(media.schema ?? {}) };
        }
        const responses: ResponseInfo[] = Object.entries(isObject(op.responses) ? op.responses : {}).map(([status, raw]) => {
          const code = parseResponseCode(status);
          if (code === undefined) throw new Error(`rollcall: ${specFile}: ${op.operationId} documents the response "${status}"; use a status (100..599) or a range code (1XX..5XX)`);
          const response = local<ResponseObject>(refs, raw, specFile);
          const content = isObject(response.content) ? response.content : {};
          const [contentType, mediaRaw] = Object.entries(content)[0] ?? [];
          const media: MediaTypeObject = isObject(mediaRaw) ? mediaRaw : {};
          const bodySchema = media.schema === undefined ? undefined : schema(media.schema);
          const examples = Object.entries(isObject(media.examples) ? media.examples : {}).map(([name, ex]) => {
            const example = local<ExampleObject>(refs, ex, specFile);
            return { name, summary: typeof example.summary === 'string' ? example.summary : undefined, value: example.value as unknown };
          });
          if (media.example !== undefined) examples.push({ name: 'example', summary: undefined, value: media.example });
          if (bodySchema && typeof bodySchema.$ref !== 'string') throw new Error(`rollcall: ${specFile}: the ${status} response of ${op.operationId} must $ref a schema of schemas/`);
          return {
            status: statusesOf(code)[0],
            code,
            ...(typeof code === 'string' ? { range: statusesOf(code) } : {}),
            description: String(response.description ?? ''),
            contentType,
            schemaRef: bodySchema ? String(bodySchema.$ref) : undefined,
            headers: Object.keys(isObject(response.headers) ? response.headers : {}),
            examples,
          };
        });
        operations.push({
          id: op.operationId,
          api,
          specFile,
          method: method.toUpperCase(),
          path: pathTemplate,
          server,
          security,
          parameters,
          requestBody,
          responses,
          summary: String(op.summary ?? ''),
        });
      }
    }
  }
  return operations;
}
