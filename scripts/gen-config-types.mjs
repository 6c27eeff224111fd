#!/usr/bin/env node
/**
 * Generates src/run/config-types.generated.ts from schemas/config/rollcall.config.schema.json, so the
 * TypeScript type of rollcall.config.json is derived from its published JSON Schema instead of repeating it.
 *
 *   npm run gen:types            write the file
 *   npm run gen:types -- --check exit 1 if the committed file differs from what the schema gives
 *
 * The config schema `$ref`s shared definitions by their `$id` (https://rollcall.dev/schemas/...); a
 * resolver reads those from schemas/ on disk, and any other URL is refused (no network).
 * test/run/config-types.test.ts calls generateConfigTypes() and compares in memory.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SCHEMAS_DIR = path.join(ROOT, 'schemas');
export const CONFIG_SCHEMA_FILE = path.join(SCHEMAS_DIR, 'config', 'rollcall.config.schema.json');
export const GENERATED_FILE = path.join(ROOT, 'src', 'run', 'config-types.generated.ts');

const SCHEMA_BASE = 'https://rollcall.dev/schemas/';

export const BANNER = `/* eslint-disable */
/**
 * GENERATED, DO NOT EDIT: run \`npm run gen:types\` (scripts/gen-config-types.mjs).
 * Source: schemas/config/rollcall.config.schema.json and the schemas/*.schema.json definitions it $refs.
 * test/run/config-types.test.ts fails when this file and the schema disagree.
 */`;

/** The schemas under schemas/, by their `$id` (every `*.schema.json`, including schemas/config/ and schemas/report/). */
export function schemasById(dir = SCHEMAS_DIR) {
  const byId = new Map();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.schema.json')) continue;
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    const schema = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (typeof schema.$id === 'string') byId.set(schema.$id, { file, text: JSON.stringify(schema) });
  }
  return byId;
}

/**
 * The source of src/run/config-types.generated.ts, as the schema on disk gives it now (or as `schema`,
 * another schema whose `$ref`s resolve the same way, would give it).
 */
export async function generateConfigTypes(schema = JSON.parse(fs.readFileSync(CONFIG_SCHEMA_FILE, 'utf8'))) {
  const byId = schemasById();
  const rollcallSchemas = {
    order: 1,
    canRead: (file) => file.url.startsWith(SCHEMA_BASE),
    read: (file) => {
      const id = file.url.split('#')[0];
      const found = byId.get(id);
      if (!found) throw new Error(`gen-config-types: ${id} is not the $id of any schemas/**/*.schema.json`);
      return found.text;
    },
  };
  const ts = await compile(schema, 'RollcallConfigFile', {
    bannerComment: BANNER,
    cwd: path.dirname(CONFIG_SCHEMA_FILE),
    additionalProperties: false,
    unknownAny: true,
    format: true,
    style: { singleQuote: true, printWidth: 120 },
    $refOptions: {
      resolve: { rollcall: rollcallSchemas, http: false, file: false },
    },
  });
  return ts;
}

async function main() {
  const check = process.argv.includes('--check');
  const ts = await generateConfigTypes();
  const rel = path.relative(ROOT, GENERATED_FILE);
  if (check) {
    const current = fs.existsSync(GENERATED_FILE) ? fs.readFileSync(GENERATED_FILE, 'utf8') : '';
    if (current !== ts) {
      console.error(`${rel} is out of date with the config schema: run npm run gen:types`);
      process.exit(1);
    }
    console.log(`${rel} is up to date`);
    return;
  }
  fs.writeFileSync(GENERATED_FILE, ts);
  console.log(`wrote ${rel}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
