import { Ajv2020 } from 'ajv/dist/2020.js';
import { createRequire } from 'node:module';
import type { FormatsPlugin } from 'ajv-formats';
import type { SchemaFile } from '../schemas.js';
import { isDate, isDateTime, isHttpUrl, isUuid } from './url-format.js';

// ajv-formats is CommonJS with `module.exports = plugin`; require gives the callable itself under NodeNext.
const addFormats = createRequire(import.meta.url)('ajv-formats') as FormatsPlugin;
/** Annotation keywords our schemas carry; Ajv must know them in strict mode. */
export const RULE_KEYWORD = 'x-rule';

/**
 * The one Ajv instance of a catalog: JSON Schema 2020-12, all errors, verbose (the adapter reads
 * parentSchema to find `x-rule`), every schema file of schemas/ added once.
 */
export function createAjv(files: SchemaFile[]): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    verbose: true,
    strict: true,
    strictTypes: false, // `type: [string, null]` next to `pattern` is intended: the pattern applies to strings only.
    allowUnionTypes: true,
    validateFormats: true,
    // Our patterns are ASCII (SIDs, country codes); V8 runs non-unicode regexes markedly faster.
    unicodeRegExp: false,
  });
  // ajv-formats supplies every other format a spec might name; ours replace the four our schemas use.
  addFormats(ajv, { mode: 'full' });
  ajv.addFormat('date-time', { type: 'string', validate: isDateTime });
  ajv.addFormat('date', { type: 'string', validate: isDate });
  ajv.addFormat('uuid', { type: 'string', validate: isUuid });
  ajv.addFormat('uri', { type: 'string', validate: isHttpUrl });
  ajv.addKeyword({ keyword: RULE_KEYWORD, schemaType: 'string' });
  for (const f of files) ajv.addSchema(f.schema);
  return ajv;
}
