/**
 * pactum's JSON-schema adapter, backed by the catalog's Ajv instance (pactum uses its own validator
 * by default). `expectJsonSchema` in any pactum spec then sees exactly what rollcall sees: our
 * formats (the strict `uri`), our `x-rule` ids, our messages.
 */
import type { ValidateFunction } from 'ajv';
import type { Catalog } from '../catalog/catalog.js';
import { ajvErrorsToViolations } from '../catalog/adapter.js';

export interface PactumJsonSchemaAdapter {
  validate(schema: object, target: unknown): string | undefined;
}

export function jsonSchemaAdapter(catalog: Catalog): PactumJsonSchemaAdapter {
  const compiled = new Map<string, ValidateFunction>();
  return {
    validate(schema, target) {
      const key = JSON.stringify(schema);
      let validate = compiled.get(key);
      if (!validate) {
        const ref = (schema as { $ref?: unknown }).$ref;
        validate = typeof ref === 'string' && Object.keys(schema).length === 1 ? catalog.ajv.getSchema(ref) : catalog.ajv.compile(schema);
        if (!validate) throw new Error(`rollcall: no schema ${String(ref)} in schemas/`);
        compiled.set(key, validate);
      }
      if (validate(target)) return undefined;
      const violations = ajvErrorsToViolations(validate.errors, 'pactum');
      return violations.map((v) => `${v.rule} at ${v.path || '(body)'}: ${v.message} (expected ${JSON.stringify(v.expected)}, actual ${JSON.stringify(v.actual)})`).join('\n');
    },
  };
}
