import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { ApiName } from '../types.js';
import type { JsonSchema, SchemaFile } from '../schemas.js';
import { SPECS_DIR } from '../paths.js';
import { unescapeSegment } from '../json-pointer.js';

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
  status: number;
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
const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function isObject(v: unknown): v is Doc {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Follows a local `#/components/...` reference inside one spec document. */
function local(doc: Doc, node: unknown, specFile: string): Doc {
  let current = node;
  for (let hops = 0; isObject(current) && typeof current.$ref === 'string' && current.$ref.startsWith('#/'); hops++) {
    if (hops > 20) throw new Error(`rollcall: ${specFile}: $ref cycle at ${current.$ref}`);
    const ref: string = current.$ref;
    let target: unknown = doc;
    for (const key of ref.slice(2).split('/')) target = isObject(target) ? target[unescapeSegment(key)] : undefined;
    if (target === undefined) throw new Error(`rollcall: ${specFile}: ${ref} does not resolve`);
    current = target;
  }
  if (!isObject(current)) throw new Error(`rollcall: ${specFile}: expected an object, found ${JSON.stringify(current)}`);
  return current;
}

/**
 * Rewrites every `$ref` of a spec schema so Ajv can compile it: a file reference
 * (`../schemas/x.schema.json#/$defs/Y`) becomes the file's `$id` + fragment; a local
 * `#/components/schemas/Z` is inlined (our specs keep only small helper schemas there).
 */
function rewriteRefs(node: unknown, doc: Doc, specFile: string, files: SchemaFile[]): unknown {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(n, doc, specFile, files));
  if (!isObject(node)) return node;
  if (typeof node.$ref === 'string' && node.$ref.startsWith('#/')) {
    return rewriteRefs(local(doc, node, specFile), doc, specFile, files);
  }
  const out: Doc = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') {
      const [filePart = '', fragment = ''] = value.split('#');
      const target = path.resolve(path.dirname(specFile), filePart);
      const file = files.find((f) => path.basename(target) === f.file);
      if (!file) throw new Error(`rollcall: ${specFile}: $ref ${value} names no file of schemas/`);
      out.$ref = `${file.id}#${fragment}`;
    } else {
      out[key] = rewriteRefs(value, doc, specFile, files);
    }
  }
  return out;
}

function readSpec(specFile: string): Doc {
  let text: string;
  try {
    text = fs.readFileSync(specFile, 'utf8');
  } catch (err) {
    throw new Error(`rollcall: cannot read spec ${specFile}: ${(err as Error).message}`);
  }
  const doc: unknown = specFile.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  if (!isObject(doc) || !isObject(doc.paths)) throw new Error(`rollcall: ${specFile} is not an OpenAPI document (no paths)`);
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
    const info = isObject(doc.info) ? doc.info : {};
    const api = info['x-rollcall-api'] as ApiName | undefined;
    if (!api) throw new Error(`rollcall: ${specFile}: info.x-rollcall-api is missing`);
    const servers = Array.isArray(doc.servers) ? (doc.servers as Doc[]) : [];
    const server = String(servers[0]?.url ?? '');
    const schemes = isObject(doc.components) && isObject(doc.components.securitySchemes) ? doc.components.securitySchemes : {};
    const scheme = Object.values(schemes).find(isObject);
    const security = scheme?.scheme === 'bearer' ? 'bearer' : 'basic';
    for (const [pathTemplate, pathItemRaw] of Object.entries(doc.paths as Doc)) {
      const pathItem = local(doc, pathItemRaw, specFile);
      const shared = Array.isArray(pathItem.parameters) ? pathItem.parameters : [];
      for (const method of HTTP_METHODS) {
        const op = pathItem[method];
        if (!isObject(op)) continue;
        if (typeof op.operationId !== 'string') throw new Error(`rollcall: ${specFile}: ${method.toUpperCase()} ${pathTemplate} has no operationId`);
        const own = Array.isArray(op.parameters) ? op.parameters : [];
        const parameters: ParameterInfo[] = [...shared, ...own].map((p) => {
          const param = local(doc, p, specFile);
          return {
            name: String(param.name),
            in: param.in as ParameterInfo['in'],
            required: param.required === true,
            schema: rewriteRefs(param.schema ?? {}, doc, specFile, files) as JsonSchema,
            style: typeof param.style === 'string' ? param.style : undefined,
            description: typeof param.description === 'string' ? param.description : undefined,
          };
        });
        let requestBody: OperationInfo['requestBody'];
        if (isObject(op.requestBody)) {
          const body = local(doc, op.requestBody, specFile);
          const [contentType, media] = Object.entries(isObject(body.content) ? body.content : {})[0] ?? [];
          if (contentType && isObject(media)) requestBody = { contentType, schema: rewriteRefs(media.schema ?? {}, doc, specFile, files) as JsonSchema };
        }
        const responses: ResponseInfo[] = Object.entries(isObject(op.responses) ? op.responses : {}).map(([status, raw]) => {
          const response = local(doc, raw, specFile);
          const content = isObject(response.content) ? response.content : {};
          const [contentType, mediaRaw] = Object.entries(content)[0] ?? [];
          const media = isObject(mediaRaw) ? mediaRaw : {};
          const schema = media.schema === undefined ? undefined : (rewriteRefs(media.schema, doc, specFile, files) as JsonSchema);
          const examples = Object.entries(isObject(media.examples) ? media.examples : {}).map(([name, ex]) => {
            const example = local(doc, ex, specFile);
            return { name, summary: typeof example.summary === 'string' ? example.summary : undefined, value: example.value };
          });
          if (media.example !== undefined) examples.push({ name: 'example', summary: undefined, value: media.example });
          if (schema && typeof schema.$ref !== 'string') throw new Error(`rollcall: ${specFile}: the ${status} response of ${op.operationId} must $ref a schema of schemas/`);
          return {
            status: Number(status),
            description: String(response.description ?? ''),
            contentType,
            schemaRef: schema ? String(schema.$ref) : undefined,
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
