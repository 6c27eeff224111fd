/** rollcall.config.json: read, validated against its own JSON Schema, errors that name the file and the option. */
import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { SCHEMAS_DIR } from '../paths.js';
import { jsonSyntaxError } from './json-syntax.js';
import type { RollcallConfigJson } from './config-types.generated.js';

/**
 * The type of rollcall.config.json, generated from schemas/config/rollcall.config.schema.json (and the
 * schemas/*.schema.json definitions it $refs) by `npm run gen:types`: edit the schema, not the type.
 */
export type RollcallConfig = RollcallConfigJson;

export const CONFIG_FILE = 'rollcall.config.json';
const CONFIG_SCHEMA_ID = 'https://rollcall.dev/schemas/config/rollcall.config.schema.json';
const ROOM_SID_REF = 'https://rollcall.dev/schemas/twilio.schema.json#/$defs/RoomSid';

let ajv: Ajv2020 | undefined;
/**
 * The config schema with the API schemas beside it: it `$ref`s their definitions (the Room SID of
 * allowMutations), so a constraint is written once. Only patterns and types matter here, so formats
 * are not validated (the API schemas' formats are the catalog's business).
 */
function configAjv(): Ajv2020 {
  if (ajv) return ajv;
  ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
  for (const dir of [SCHEMAS_DIR, path.join(SCHEMAS_DIR, 'config')]) {
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.schema.json'))) ajv.addSchema(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as object);
  }
  return ajv;
}

/** Whether `value` is a Room SID, by the schema's own definition (schemas/twilio.schema.json). */
export function isRoomSid(value: string): boolean {
  const validate = configAjv().getSchema(ROOM_SID_REF);
  if (!validate) throw new Error(`rollcall: ${ROOM_SID_REF} is missing from schemas/`);
  return validate(value) === true;
}

export class ConfigError extends Error {}

export function loadConfig(file: string | undefined, cwd: string = process.cwd()): { config: RollcallConfig; file?: string } {
  const chosen = file ?? (fs.existsSync(path.join(cwd, CONFIG_FILE)) ? path.join(cwd, CONFIG_FILE) : undefined);
  if (!chosen) return { config: {} };
  let text: string;
  try {
    text = fs.readFileSync(chosen, 'utf8');
  } catch (err) {
    throw new ConfigError(`${chosen}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    // The file as the user named it (or as found in the working directory), then line:column, as compilers print it.
    const shown = file ?? CONFIG_FILE;
    throw new ConfigError(jsonSyntaxError(shown, text, err as Error));
  }
  const validate = configAjv().getSchema(CONFIG_SCHEMA_ID);
  if (!validate) throw new Error(`rollcall: ${CONFIG_SCHEMA_ID} is missing from schemas/config/`);
  if (!validate(raw)) {
    const lines = (validate.errors ?? []).map((e) => {
      const where = e.instancePath || '(top level)';
      if (e.keyword === 'additionalProperties') return `${where}: unknown option "${(e.params as { additionalProperty: string }).additionalProperty}"`;
      if (e.keyword === 'enum') return `${where}: must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues).map((v) => JSON.stringify(v)).join(', ')}`;
      if (e.keyword === 'propertyNames') return `${where}: "${(e.params as { propertyName: string }).propertyName}" is not a rule id (area.rule-name)`;
      return `${where}: ${e.message ?? e.keyword}`;
    });
    throw new ConfigError(`${chosen} is not a valid rollcall config:\n  ${[...new Set(lines)].join('\n  ')}`);
  }
  return { config: raw as RollcallConfig, file: chosen };
}
