/** Shared by the problems tests: the JSON report's published schema, compiled. */
import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const ROOT = path.resolve(import.meta.dirname, '..');

export function reportSchemaValidator() {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  return ajv.compile(JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas/report/rollcall-report.schema.json'), 'utf8')) as object);
}
