/**
 * rollcall-enum-ref: a parameter's enum is the shared one in schemas/, reached by `$ref`; an
 * `enum` written inline in a parameter's schema (or in a schema of the same document that the
 * parameter reaches by a local `$ref`) is a second copy of a constraint that lives in schemas/.
 * Runs on the unresolved document, where an inline enum can be told from a referenced one.
 */
import { type IFunctionResult } from '@stoplight/spectral-core';
import { defineRuleFunction } from './define.js';
import { isObject, walkSchema, type JsonObject, type JsonPath } from '../schema-nodes.js';
import { segmentsOf } from '../../json-pointer.js';
import { isLocalRef, refOf, RefError, RefResolver } from '../../ref/resolver.js';

/** The document a rule is given, under one key, for the shared resolver (src/ref/resolver.ts). */
const DOCUMENT = 'linted document';

/** Every inline `enum` under a schema, following local `$ref`s once each (a reference to another file, or one that does not resolve, is not followed: Spectral reports the latter). */
function inlineEnums(schema: JsonObject, path: JsonPath, refs: RefResolver, followed: Set<string>): Array<{ values: unknown[]; path: JsonPath }> {
  const found: Array<{ values: unknown[]; path: JsonPath }> = [];
  walkSchema(schema, (node, relative) => {
    const at = [...path, ...relative];
    if (Array.isArray(node.enum)) found.push({ values: node.enum, path: [...at, 'enum'] });
    const ref = refOf(node);
    if (ref === undefined || !isLocalRef(ref) || followed.has(ref)) return;
    let target;
    try {
      target = refs.resolve(ref, DOCUMENT);
    } catch (err) {
      if (err instanceof RefError) return;
      throw err;
    }
    followed.add(ref);
    if (target.pointer !== '' && isObject(target.node)) found.push(...inlineEnums(target.node, segmentsOf(target.pointer), refs, followed));
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
    const refs = new RefResolver({ documents: [{ file: DOCUMENT, document: context.document.data }] });
    return schemas.flatMap(({ schema, path }) =>
      inlineEnums(schema, path, refs, followed).map(({ values, path: at }) => ({
        message: `Parameter ${name} has an inline enum ${JSON.stringify(values)}: $ref the shared enum in schemas/.`,
        path: at,
      })),
    );
  },
);
