/**
 * rollcall-list-meta: the `meta` of every list response is the vendor's pagination meta schema:
 * the same property names and the same `required` list as the definition in schemas/
 * (Twilio: twilio.schema.json#/$defs/ListMeta, Telnyx: telnyx.schema.json#/$defs/ListMeta).
 *
 * The vendor is `info.x-rollcall-api` when the document has it (our specs do), else the HTTP
 * security scheme (Basic: Twilio, Bearer: Telnyx), so a vendor's own OpenAPI file is checked too;
 * a document of an unknown vendor is not checked. The comparison is structural, not by `$ref`
 * target: the resolved document has no `$ref`s left, and a vendor's published file can never
 * reference our schemas/ but can still be compared with them.
 */
import { RulesetValidationError, type IFunctionResult } from '@stoplight/spectral-core';
import { defineRuleFunction } from './define.js';
import { resolveDef } from '../../schemas.js';
import type { HttpSecurityScheme, OpenApiDocument, RollcallInfoObject } from '../../ref/openapi.js';
import { isObject, listResponse, nonNullBranches, objectProperties, requiredProperties, type JsonObject } from '../schema-nodes.js';
import { operationLabel } from '../operations.js';

export interface Vendor {
  /** How messages name the vendor. */
  name: string;
  /** The values of `info.x-rollcall-api` that mean this vendor. */
  apis: string[];
  /** The HTTP auth scheme (`components.securitySchemes.*.scheme`) that means this vendor. */
  httpAuthScheme: string;
  /** The vendor's meta schema, as `<file in schemas/>#<JSON pointer>`. */
  meta: string;
}

export interface ListMetaOptions {
  vendors: Vendor[];
}

function vendorOf(root: unknown, vendors: Vendor[]): Vendor | undefined {
  if (!isObject(root)) return undefined;
  const doc = root as Partial<OpenApiDocument>;
  const info: Partial<RollcallInfoObject> = isObject(doc.info) ? doc.info : {};
  const api = info['x-rollcall-api'];
  if (typeof api === 'string') return vendors.find((v) => v.apis.includes(api));
  const schemes = new Set<string>();
  const securitySchemes = isObject(doc.components) ? doc.components.securitySchemes : undefined;
  if (isObject(securitySchemes)) {
    for (const scheme of Object.values(securitySchemes)) {
      if (!isObject(scheme)) continue;
      const http = scheme as Partial<HttpSecurityScheme>;
      if (http.type === 'http' && typeof http.scheme === 'string') schemes.add(http.scheme.toLowerCase());
    }
  }
  const matches = vendors.filter((v) => schemes.has(v.httpAuthScheme.toLowerCase()));
  return matches.length === 1 ? matches[0] : undefined;
}

function difference(a: Iterable<string>, b: Set<string>): string[] {
  return [...a].filter((x) => !b.has(x)).sort();
}

/** What differs between a list response's meta and the vendor's, as phrases; empty when it matches. */
function metaDifferences(actual: JsonObject, expected: JsonObject): string[] {
  const actualNames = new Set(objectProperties(actual).keys());
  const expectedNames = new Set(objectProperties(expected).keys());
  const actualRequired = requiredProperties(actual);
  const expectedRequired = requiredProperties(expected);
  const phrases: string[] = [];
  const missing = difference(expectedNames, actualNames);
  const extra = difference(actualNames, expectedNames);
  // Required-ness is compared over the properties both have: a missing or added one is said once.
  const notRequired = difference(expectedRequired, actualRequired).filter((name) => actualNames.has(name));
  const wronglyRequired = difference(actualRequired, expectedRequired).filter((name) => expectedNames.has(name));
  if (missing.length > 0) phrases.push(`lacks ${missing.join(', ')}`);
  if (extra.length > 0) phrases.push(`adds ${extra.join(', ')}`);
  if (notRequired.length > 0) phrases.push(`does not require ${notRequired.join(', ')}`);
  if (wronglyRequired.length > 0) phrases.push(`requires ${wronglyRequired.join(', ')}`);
  return phrases;
}

const checkedOptions = new WeakSet<object>();

const rollcallListMeta = defineRuleFunction<ListMetaOptions>(
  'rollcall-list-meta',
  {
    type: 'object',
    additionalProperties: false,
    required: ['vendors'],
    properties: {
      vendors: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'apis', 'httpAuthScheme', 'meta'],
          properties: {
            name: { type: 'string', minLength: 1 },
            apis: { type: 'array', items: { type: 'string', minLength: 1 } },
            httpAuthScheme: { type: 'string', minLength: 1 },
            meta: { type: 'string', pattern: '^[\\w.-]+\\.schema\\.json#/' },
          },
        },
      },
    },
  },
  function rollcallListMeta(operation, options, context): IFunctionResult[] {
    if (!isObject(operation)) return [];
    const pathTemplate = String(context.path[context.path.length - 2]);
    const list = listResponse(operation, pathTemplate);
    if (list === undefined) return [];
    const vendor = vendorOf(context.document.data, options.vendors);
    if (vendor === undefined) return [];
    const label = operationLabel(operation, 'get', pathTemplate);
    const expected = resolveDef(vendor.meta);
    const meta = objectProperties(list.node).get('meta');
    if (meta === undefined) {
      return [{ message: `List response of ${label} has no meta: use ${vendor.name}'s list meta schemas/${vendor.meta}.`, path: [...context.path, ...list.path] }];
    }
    const results: IFunctionResult[] = [];
    for (const branch of nonNullBranches(meta.node)) {
      const phrases = metaDifferences(branch.node, expected);
      if (phrases.length === 0) continue;
      results.push({
        message: `meta of ${label} is not ${vendor.name}'s list meta schemas/${vendor.meta}: it ${phrases.join('; ')}.`,
        path: [...context.path, ...list.path, ...meta.path, ...branch.path],
      });
    }
    return results;
  },
);

/* Options are checked when the ruleset loads: besides their shape, every vendor's meta reference
 * must resolve in schemas/, so a typo in the ruleset fails early and names the reference. */
const validateShape: (options: unknown) => void = rollcallListMeta.validator.bind(rollcallListMeta);
rollcallListMeta.validator = function validateListMetaOptions(options: unknown): asserts options is ListMetaOptions {
  validateShape(options);
  if (!isObject(options) || checkedOptions.has(options)) return;
  for (const vendor of (options as unknown as ListMetaOptions).vendors) {
    try {
      resolveDef(vendor.meta);
    } catch (err) {
      throw new RulesetValidationError('invalid-function-options', `"rollcall-list-meta" function: vendor ${vendor.name}: meta ${vendor.meta} does not resolve in schemas/ (${(err as Error).message})`, ['functionOptions', 'vendors']);
    }
  }
  checkedOptions.add(options);
};

export default rollcallListMeta;
