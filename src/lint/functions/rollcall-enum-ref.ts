/**
 * rollcall-enum-ref: a parameter's enum is the shared one in schemas/, reached by `$ref`; an
 * `enum` written inline in a parameter's schema (or in a schema of the same document that the
 * parameter reaches by a local `$ref`) is a second copy of a constraint that lives in schemas/.
 * Runs on the unresolved document, where an inline enum can be told from a referenced one.
 */
import { type IFunctionResult } from '@stoplight/spectral-core';
import { defineRuleFunction } from './define.js';
import { getAt, isObject, walkSchema, type JsonObject, type JsonPath } from '../schema-nodes.js';
import { unescapeSegment } from '../../json-pointer.js';

/** `#/components/schemas/X` to its path; undefined for a reference to another file. */
function localPointerPath(ref: string): JsonPath | undefined {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((segment) => unescapeSegment(decodeURIComponent(segment)));
}

/** Every inline `enum` under a schema, following local `$ref`s once each. */
function inlineEnums(schema: JsonObject, path: JsonPath, root: unknown, followed: Set<string>): Array<{ values: unknown[]; path: JsonPath }> {
  const found: Array<{ values: unknown[]; path: JsonPath }> = [];
  walkSchema(schema, (node, relative) => {
    const at = [...path, ...relative];
    if (Array.isArray(node.enum)) found.push({ values: node.enum, path: [...at, 'enum'] });
    if (typeof node.$ref !== 'string' || followed.has(node.$ref)) return;
    const target = localPointerPath(node.$ref);
    if (target === undefined) return;
    followed.add(node.$ref);
    const targetNode = getAt(root, target);
    if (isObject(targetNode)) found.push(...inlineEnums(targetNode, target, root, followed));
  });
  return found;
}

export default defineRuleFunction<null>(
  'rollcall-enum-ref',
  null,
  function rollcallEnumRef(parameter, _options, context): IFunctionResult[] {
    // A `$ref`'d parameter is checked where it is defined (components.parameters is given too).
    if (!isObject(parameter) || typeof parameter.$ref === 'string') return [];
    const name = typeof parameter.name === 'string' ? parameter.name : '(unnamed)';
    const schemas: Array<{ schema: JsonObject; path: JsonPath }> = [];
    if (isObject(parameter.schema)) schemas.push({ schema: parameter.schema, path: [...context.path, 'schema'] });
    if (isObject(parameter.content)) {
      for (const [mediaType, media] of Object.entries(parameter.content)) {
        if (isObject(media) && isObject(media.schema)) schemas.push({ schema: media.schema, path: [...context.path, 'content', mediaType, 'schema'] });
      }
    }
    const followed = new Set<string>();
    return schemas.flatMap(({ schema, path }) =>
      inlineEnums(schema, path, context.document.data, followed).map(({ values, path: at }) => ({
        message: `Parameter ${name} has an inline enum ${JSON.stringify(values)}: $ref the shared enum in schemas/.`,
        path: at,
      })),
    );
  },
);
