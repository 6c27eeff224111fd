/**
 * Small readers over the (resolved or unresolved) OpenAPI document that Spectral hands our rule
 * functions. Spectral's inputs are untyped JSON; everything here narrows `unknown` step by step.
 */
/** A path into a JSON document, as Spectral writes it (`['paths', '/v1/Rooms', 'get']`). */
export type JsonPath = Array<string | number>;

export type JsonObject = { [key: string]: unknown };

/** A node of the document and where it is, relative to the node a rule was given. */
export interface Located<T = JsonObject> {
  node: T;
  path: JsonPath;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A keyword's value as it applies to `schema`: on the schema itself or on one of its `allOf`
 * members, depth first (a 2020-12 `{type, $ref}` arrives here as `{type, allOf: [target]}`, see
 * src/lint/resolver.ts). `path` leads from `schema` to the schema that carries the keyword.
 */
export function findKeyword(schema: JsonObject, keyword: string): { value: unknown; path: JsonPath } | undefined {
  const seen = new WeakSet<object>();
  const find = (node: JsonObject, path: JsonPath): { value: unknown; path: JsonPath } | undefined => {
    if (seen.has(node)) return undefined;
    seen.add(node);
    if (keyword in node) return { value: node[keyword], path };
    if (!Array.isArray(node.allOf)) return undefined;
    for (const [i, member] of node.allOf.entries()) {
      const found = isObject(member) ? find(member, [...path, 'allOf', i]) : undefined;
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return find(schema, []);
}

function typesOf(schema: JsonObject): string[] {
  const type = findKeyword(schema, 'type')?.value;
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((t): t is string => typeof t === 'string');
  return [];
}

/** `{type: 'null'}`: the null branch of a nullable `anyOf` / `oneOf`. */
function isNullOnly(schema: unknown): boolean {
  if (!isObject(schema)) return false;
  const types = typesOf(schema);
  return types.length === 1 && types[0] === 'null';
}

/**
 * The branches that describe a non-null value. Our schemas write a nullable field as
 * `anyOf: [X, {type: 'null'}]`; rules look through that to X. Any other node is its own branch.
 */
export function nonNullBranches(schema: JsonObject): Located[] {
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const branches = schema[keyword];
    if (!Array.isArray(branches) || !branches.some(isNullOnly)) continue;
    const out: Located[] = [];
    branches.forEach((branch, i) => {
      if (isObject(branch) && !isNullOnly(branch)) out.push({ node: branch, path: [keyword, i] });
    });
    return out;
  }
  return [{ node: schema, path: [] }];
}

export function isArraySchema(schema: JsonObject): boolean {
  return typesOf(schema).includes('array') || findKeyword(schema, 'items') !== undefined || findKeyword(schema, 'prefixItems') !== undefined;
}

/** The object's properties, including those its `allOf` members declare. */
export function objectProperties(schema: JsonObject): Map<string, Located> {
  const out = new Map<string, Located>();
  const collect = (node: JsonObject, base: JsonPath): void => {
    if (isObject(node.properties)) {
      for (const [name, value] of Object.entries(node.properties)) {
        if (isObject(value) && !out.has(name)) out.set(name, { node: value, path: [...base, 'properties', name] });
      }
    }
    if (Array.isArray(node.allOf)) {
      node.allOf.forEach((member, i) => {
        if (isObject(member)) collect(member, [...base, 'allOf', i]);
      });
    }
  };
  collect(schema, []);
  return out;
}

/** The union of `required` of the object and of its `allOf` members. */
export function requiredProperties(schema: JsonObject): Set<string> {
  const out = new Set<string>();
  const collect = (node: JsonObject): void => {
    if (Array.isArray(node.required)) for (const name of node.required) if (typeof name === 'string') out.add(name);
    if (Array.isArray(node.allOf)) for (const member of node.allOf) if (isObject(member)) collect(member);
  };
  collect(schema);
  return out;
}

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json(?:\s*;.*)?$/i;

/** The JSON body schemas of one response status of an operation (`responses.<status>.content.<json type>.schema`). */
export function jsonResponseSchemas(operation: JsonObject, status: string): Located[] {
  const response = isObject(operation.responses) ? operation.responses[status] : undefined;
  if (!isObject(response) || !isObject(response.content)) return [];
  const out: Located[] = [];
  for (const [mediaType, media] of Object.entries(response.content)) {
    if (JSON_MEDIA_TYPE.test(mediaType) && isObject(media) && isObject(media.schema)) {
      out.push({ node: media.schema, path: ['responses', status, 'content', mediaType, 'schema'] });
    }
  }
  return out;
}

export interface ListResponse extends Located {
  /** The name of the array property that carries the page's items. */
  itemsProperty: string;
}

/** An array whose items are objects: a page of resources, not a field such as a list of SIDs. */
function isArrayOfObjects(schema: JsonObject): boolean {
  const items = findKeyword(schema, 'items')?.value;
  if (!isObject(items)) return false;
  return nonNullBranches(items).some(({ node }) => typesOf(node).includes('object') || objectProperties(node).size > 0);
}

/**
 * The 200 response of a list operation: a GET of a collection (its path does not end in a path
 * parameter, so `/Rooms/{RoomSid}/Participants` lists and `/Compositions/{Sid}` fetches) whose
 * JSON response is an object with an array-of-objects property (Twilio's `participants`, Telnyx's
 * `data`). Undefined for any other operation. Works on the resolved document.
 */
export function listResponse(operation: JsonObject, pathTemplate: string): ListResponse | undefined {
  if (/\}\/?$/.test(pathTemplate)) return undefined;
  for (const located of jsonResponseSchemas(operation, '200')) {
    for (const branch of nonNullBranches(located.node)) {
      for (const [name, property] of objectProperties(branch.node)) {
        if (nonNullBranches(property.node).some((p) => isArrayOfObjects(p.node))) {
          return { node: branch.node, path: [...located.path, ...branch.path], itemsProperty: name };
        }
      }
    }
  }
  return undefined;
}

/** Keywords whose values are schemas, or maps / arrays of schemas: where a walk descends. */
const SUBSCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'] as const;
const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'] as const;
const SUBSCHEMA_SINGLE = ['items', 'additionalProperties', 'unevaluatedProperties', 'contains', 'not', 'if', 'then', 'else', 'propertyNames'] as const;

/**
 * Visits every schema node under `root` (depth first, each object once: a resolved document may
 * be circular). `visit` gets the node, its path from root, and the property name when the node is
 * the value of a `properties` entry.
 */
export function walkSchema(root: JsonObject, visit: (node: JsonObject, path: JsonPath, propertyName?: string) => void): void {
  const seen = new WeakSet<object>();
  const go = (node: JsonObject, path: JsonPath, propertyName?: string): void => {
    if (seen.has(node)) return;
    seen.add(node);
    visit(node, path, propertyName);
    for (const keyword of SUBSCHEMA_MAPS) {
      const map = node[keyword];
      if (!isObject(map)) continue;
      for (const [name, child] of Object.entries(map)) {
        if (isObject(child)) go(child, [...path, keyword, name], keyword === 'properties' ? name : undefined);
      }
    }
    for (const keyword of SUBSCHEMA_LISTS) {
      const list = node[keyword];
      if (!Array.isArray(list)) continue;
      list.forEach((child, i) => {
        if (isObject(child)) go(child, [...path, keyword, i]);
      });
    }
    for (const keyword of SUBSCHEMA_SINGLE) {
      const child = node[keyword];
      if (isObject(child)) go(child, [...path, keyword]);
    }
  };
  go(root, []);
}
