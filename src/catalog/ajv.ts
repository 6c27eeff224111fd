import { Ajv2020 } from 'ajv/dist/2020.js';
import { createRequire } from 'node:module';
import type { FormatsPlugin } from 'ajv-formats';
import type { JsonSchema, SchemaFile } from '../schemas.js';
import type { CodeKeywordDefinition, RegExpEngine } from 'ajv/dist/types/index.js';
import { isDate, isDateTime, isHttpUrl, isUuid, rememberAccepted } from './url-format.js';
import { inlineRefs } from './inline.js';

// ajv-formats is CommonJS with `module.exports = plugin`; require gives the callable itself under NodeNext.
const addFormats = createRequire(import.meta.url)('ajv-formats') as FormatsPlugin;
/** Annotation keywords our schemas carry; Ajv must know them in strict mode. */
export const RULE_KEYWORD = 'x-rule';

/**
 * Ajv warns once per instance that `unicode` is deprecated (it still works in Ajv 8, and a
 * later Ajv without it counts code points again: slower, never wrong). That one notice is known
 * and dropped; every other warning and error still reaches the console.
 */
const ajvLogger = {
  log: (...args: unknown[]) => console.log(...args),
  warn: (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith('DEPRECATED: option unicode.')) return;
    console.warn(...args);
  },
  error: (...args: unknown[]) => console.error(...args),
};

/** Ajv's `pattern` keyword through RegExps that remember the strings they last accepted (a list's SIDs repeat). */
const rememberingRegExp: RegExpEngine = Object.assign(
  (pattern: string, flags: string) => {
    const re = new RegExp(pattern, flags);
    // Ajv keys its compiled patterns by toString(): without it every pattern would share one key.
    return { test: rememberAccepted((value) => re.test(value)), toString: () => re.toString() };
  },
  { code: 'rememberingRegExp' },
);

export interface CompileOptions {
  /** false: the schemas as written, without merging references (the tests compare the two). */
  inline?: boolean;
  /** A marker keyword added to the compiled copy of every schema (the catalog's judged.ts), and how each document gets it. */
  marker?: { keyword: CodeKeywordDefinition; mark(schema: JsonSchema): JsonSchema };
}

/**
 * The one Ajv instance of a catalog: JSON Schema 2020-12, all errors, verbose (the adapter reads
 * parentSchema to find `x-rule`), every schema file of schemas/ added once, with its references
 * merged in where that is exact (inline.ts).
 */
export function createAjv(files: SchemaFile[], options: CompileOptions = {}): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    verbose: true,
    strict: true,
    strictTypes: false, // `type: [string, null]` next to `pattern` is intended: the pattern applies to strings only.
    allowUnionTypes: true,
    validateFormats: true,
    // Our patterns are ASCII (SIDs, country codes); V8 runs non-unicode regexes markedly faster.
    unicodeRegExp: false,
    // minLength/maxLength count UTF-16 code units (`.length`) instead of code points: Ajv's
    // code-point count was a fifth of validation time on a Twilio page (two calls per SID). Every
    // length bound in schemas/ sits beside an ASCII-only pattern or is a minLength of 1, where both
    // counts agree; test/catalog-compile.test.ts holds schemas/ to that.
    unicode: false,
    code: { regExp: rememberingRegExp },
    logger: ajvLogger,
    // schemas/ is checked against the JSON Schema 2020-12 meta-schema once, by test/catalog-compile.test.ts (the
    // package ships it as tested); checking it again on every catalog compiled the meta-schema each time, 57 of
    // the 70 ms this function took. Strict mode still refuses an unknown keyword or a misplaced one at compile.
    validateSchema: false,
  });
  // ajv-formats supplies every other format a spec might name; ours replace the four our schemas use.
  addFormats(ajv, { mode: 'full' });
  ajv.addFormat('date-time', { type: 'string', validate: isDateTime });
  ajv.addFormat('date', { type: 'string', validate: isDate });
  ajv.addFormat('uuid', { type: 'string', validate: isUuid });
  ajv.addFormat('uri', { type: 'string', validate: isHttpUrl });
  ajv.addKeyword({ keyword: RULE_KEYWORD, schemaType: 'string' });
  // Where a constraint comes from (src/findings/provenance.ts): an annotation, never validated.
  ajv.addKeyword({ keyword: 'x-source', schemaType: 'object' });
  const marker = options.marker;
  if (marker) ajv.addKeyword(marker.keyword);
  for (const f of options.inline === false ? files : inlineRefs(files)) ajv.addSchema(marker ? marker.mark(f.schema) : f.schema);
  return ajv;
}
