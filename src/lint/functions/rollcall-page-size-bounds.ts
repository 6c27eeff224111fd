/**
 * rollcall-page-size-bounds: every list operation (see listResponse) documents its page-size
 * query parameter with `minimum`, `maximum` and `default`. A default outside the bounds is left
 * to the standard rule oas3-valid-schema-example. Given a path item of the resolved document.
 */
import type { IFunctionResult } from '@stoplight/spectral-core';
import { defineRuleFunction } from './define.js';
import { findKeyword, isObject, listResponse, nonNullBranches } from '../schema-nodes.js';
import { effectiveParameters, operationLabel } from '../operations.js';
import type { PathItemObject } from '../../ref/openapi.js';

export interface PageSizeBoundsOptions {
  /** The names a page-size query parameter goes by (Twilio `PageSize`, Telnyx `page[size]`). */
  parameterNames: string[];
}

const BOUNDS = ['minimum', 'maximum', 'default'] as const;

export default defineRuleFunction<PageSizeBoundsOptions>(
  'rollcall-page-size-bounds',
  {
    type: 'object',
    additionalProperties: false,
    required: ['parameterNames'],
    properties: {
      parameterNames: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
    },
  },
  function rollcallPageSizeBounds(input, options, context): IFunctionResult[] {
    if (!isObject(input) || !isObject(input.get)) return [];
    const pathItem = input as PathItemObject;
    const operation = input.get;
    const pathTemplate = String(context.path[context.path.length - 1]);
    if (listResponse(operation, pathTemplate) === undefined) return [];
    const label = operationLabel(operation, 'get', pathTemplate);
    const pageSize = effectiveParameters(pathItem, 'get').find(
      (p) => p.node.in === 'query' && typeof p.node.name === 'string' && options.parameterNames.includes(p.node.name),
    );
    if (pageSize === undefined) {
      return [
        {
          message: `List operation ${label} documents no page-size parameter (${options.parameterNames.join(' or ')}).`,
          path: [...context.path, 'get'],
        },
      ];
    }
    const name = String(pageSize.node.name);
    const schema = pageSize.node.schema;
    if (!isObject(schema)) {
      return [{ message: `Page-size parameter ${name} of ${label} has no schema to carry its bounds.`, path: [...context.path, ...pageSize.path] }];
    }
    const results: IFunctionResult[] = [];
    for (const branch of nonNullBranches(schema)) {
      const where = [...context.path, ...pageSize.path, 'schema', ...branch.path];
      const numberOf = (keyword: string): number | undefined => {
        const value = findKeyword(branch.node, keyword)?.value;
        return typeof value === 'number' ? value : undefined;
      };
      const missing = BOUNDS.filter((keyword) => numberOf(keyword) === undefined);
      if (missing.length > 0) {
        results.push({ message: `Page-size parameter ${name} of ${label} has no ${missing.join(', ')}.`, path: where });
      }
    }
    return results;
  },
);
