import type { Catalog } from '../../catalog/catalog.js';
import type { JsonSchema } from '../../schemas.js';
import type { WalkContext } from './types.js';

/**
 * The context of the multi-exchange checks for one list operation, from the catalog: the list key
 * and the parameter schemas come from the spec and schemas/, error bodies are checked by the
 * catalog's own Ajv validators (the vendor's error body, for any 4xx status). Throws, naming the operation, when it is not a list.
 */
export function createWalkContext(catalog: Catalog, operationId: string): WalkContext {
  const operation = catalog.operation(operationId);
  const success = operation.responses.find((r) => r.status >= 200 && r.status < 300 && r.schemaRef);
  const properties = (success?.schemaRef ? catalog.resolve(success.schemaRef).properties : undefined) as Record<string, JsonSchema> | undefined;
  const listKey = Object.entries(properties ?? {}).find(([, s]) => s.type === 'array')?.[0];
  if (!listKey) throw new Error(`rollcall: ${operationId} is not a list operation (its ${success?.status ?? '2xx'} response has no array property); walks and consistency checks need a list`);
  return {
    operation,
    listKey,
    parameterSchema: (name) => catalog.parameterSchema(operationId, name),
    isErrorBody(status, body) {
      // A status the operation does not document (a 409 to a second kick) is held to the vendor's error body all the same.
      const ref = operation.responses.find((r) => r.status === status)?.schemaRef ?? operation.responses.find((r) => r.status >= 400 && r.schemaRef)?.schemaRef;
      const validate = ref ? catalog.ajv.getSchema(ref) : undefined;
      return validate ? validate(body) === true : false;
    },
  };
}
