/**
 * rollcall-sid-pattern: every SID property of a response schema (`*_sid`, and `sid` itself)
 * carries a `pattern` and `minLength` = `maxLength` = the SID length. Runs on the resolved
 * document; looks through the nullable `anyOf: [X, {type: 'null'}]` to X, and takes a keyword
 * from the schema or its `allOf` members (where a 2020-12 `$ref` with siblings puts its target).
 */
import type { IFunctionResult } from '@stoplight/spectral-core';
import { defineRuleFunction } from './define.js';
import { findKeyword, isObject, nonNullBranches, walkSchema, type JsonObject, type JsonPath } from '../schema-nodes.js';

export interface SidPatternOptions {
  /** A regular expression over property names: the properties that hold a SID. */
  propertyPattern: string;
  /** The exact length of a SID (prefix + 32 hex digits). */
  length: number;
}

/**
 * What is missing or wrong in one SID schema, as phrases ("has no pattern"), with the path (from
 * the schema) of the node to fix: the one that carries a wrong bound, else the schema itself.
 */
function sidProblems(schema: JsonObject, length: number): { phrases: string[]; path: JsonPath } {
  const phrases: string[] = [];
  let path: JsonPath = [];
  const pattern = findKeyword(schema, 'pattern');
  if (typeof pattern?.value !== 'string' || pattern.value === '') phrases.push('has no pattern');
  for (const keyword of ['minLength', 'maxLength'] as const) {
    const found = findKeyword(schema, keyword);
    if (found === undefined) phrases.push(`has no ${keyword} (expected ${length})`);
    else if (found.value !== length) {
      phrases.push(`has ${keyword} ${JSON.stringify(found.value)} (expected ${length})`);
      path = found.path;
    }
  }
  return { phrases, path };
}

function joinPhrases(phrases: string[]): string {
  return phrases.length <= 1 ? (phrases[0] ?? '') : `${phrases.slice(0, -1).join(', ')} and ${phrases[phrases.length - 1]}`;
}

export default defineRuleFunction<SidPatternOptions>(
  'rollcall-sid-pattern',
  {
    type: 'object',
    additionalProperties: false,
    required: ['propertyPattern', 'length'],
    properties: {
      propertyPattern: { type: 'string', minLength: 1 },
      length: { type: 'integer', minimum: 1 },
    },
  },
  function rollcallSidPattern(schema, options, context): IFunctionResult[] {
    if (!isObject(schema)) return [];
    const isSidName = new RegExp(options.propertyPattern);
    const results: IFunctionResult[] = [];
    walkSchema(schema, (node, path, propertyName) => {
      if (propertyName === undefined || !isSidName.test(propertyName)) return;
      for (const branch of nonNullBranches(node)) {
        const problems = sidProblems(branch.node, options.length);
        if (problems.phrases.length === 0) continue;
        results.push({
          message: `SID property ${propertyName} ${joinPhrases(problems.phrases)}: give it its SID pattern and minLength = maxLength = ${options.length}.`,
          path: [...context.path, ...path, ...branch.path, ...problems.path],
        });
      }
    });
    return results;
  },
);
