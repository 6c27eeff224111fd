/** Readers over OpenAPI operations shared by the rules that look at list operations. */
import { isObject, type JsonObject, type JsonPath, type Located } from './schema-nodes.js';
import type { HttpMethod, PathItemObject } from '../ref/openapi.js';

/**
 * The parameters that apply to an operation: the path item's, overridden by the operation's
 * own with the same name and location (OpenAPI 3, Path Item Object). Paths are relative to the
 * path item. Works on the resolved document (parameter `$ref`s already followed).
 */
export function effectiveParameters(pathItem: PathItemObject, method: HttpMethod): Located[] {
  const byKey = new Map<string, Located>();
  const add = (list: unknown, base: JsonPath): void => {
    if (!Array.isArray(list)) return;
    list.forEach((parameter, i) => {
      if (!isObject(parameter) || typeof parameter.name !== 'string') return;
      byKey.set(`${String(parameter.in)}:${parameter.name}`, { node: parameter, path: [...base, 'parameters', i] });
    });
  };
  add(pathItem.parameters, []);
  const operation = pathItem[method];
  if (isObject(operation)) add(operation.parameters, [method]);
  return [...byKey.values()];
}

/** How a message names an operation: its operationId, else `GET /path`. */
export function operationLabel(operation: JsonObject, method: string, pathTemplate: string | number | undefined): string {
  if (typeof operation.operationId === 'string' && operation.operationId !== '') return operation.operationId;
  return `${method.toUpperCase()} ${String(pathTemplate ?? '')}`;
}
