/**
 * The TypeScript type of rollcall.config.json is generated from its JSON Schema
 * (scripts/gen-config-types.mjs, `npm run gen:types`): the committed file is what the schema gives
 * (compared in memory, nothing is written), the shared definitions the schema `$ref`s resolve from
 * schemas/ without the network, and a config with every documented key is a RollcallConfig.
 *
 * vitest does not type-check test files, so the last test compiles this very file with the
 * TypeScript compiler (in memory, noEmit): the expectTypeOf lines below are checked there.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { RollcallConfig } from '../../src/run/config.js';
import { loadConfig } from '../../src/run/config.js';

const HERE = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(HERE), '../..');
const GENERATED = path.join(ROOT, 'src/run/config-types.generated.ts');
const SCHEMA_FILE = path.join(ROOT, 'schemas/config/rollcall.config.schema.json');

interface Generator {
  generateConfigTypes(schema?: object): Promise<string>;
  GENERATED_FILE: string;
}
// A computed specifier keeps the .mjs script out of the type check below (it has no declarations).
const generator = (): Promise<Generator> => import(pathToFileURL(path.join(ROOT, 'scripts/gen-config-types.mjs')).href) as Promise<Generator>;

/** Every key the schema documents, each with a value the schema accepts. */
const everyKey = {
  $schema: './node_modules/rollcall/schemas/config/rollcall.config.schema.json',
  target: 'live',
  api: ['twilio-video', 'telnyx'],
  reportDir: 'reports',
  strict: true,
  faults: ['drop-field'],
  seed: 7,
  record: 'recording',
  from: 'recording',
  allowMutations: 'RM0123456789abcdef0123456789abcdef',
  maxRequests: 2000,
  slowMs: 2000,
  timeoutMs: 10000,
  rateLimitBackoffMs: 1000,
  consistencyBudgetMs: 10000,
  caseBudgetMs: 100000,
  baseline: 'rollcall.baseline.json',
  severity: { 'twilio.duration-matches-times': 'off', 'drift.undocumented-field': 'error' },
  churn: 0.1,
  faultSettings: { slowMs: 50, burstLength: 3, rateLimitCount: 2, retryAfterSeconds: 1 },
  maxResponseBytes: 1048576,
} satisfies RollcallConfig;

describe('config type generated from the config schema', () => {
  it('src/run/config-types.generated.ts is exactly what npm run gen:types gives (edit the schema, then regenerate)', async () => {
    const { generateConfigTypes, GENERATED_FILE } = await generator();
    expect(path.resolve(GENERATED_FILE)).toBe(GENERATED);
    const committed = fs.readFileSync(GENERATED, 'utf8');
    expect(committed).toMatch(/GENERATED, DO NOT EDIT: run `npm run gen:types`/);
    const fresh = await generateConfigTypes();
    expect(fresh, 'schemas/config/rollcall.config.schema.json changed without `npm run gen:types`').toBe(committed);
  });

  it('resolves the shared definitions from schemas/ by $id (a pattern-constrained SID is a string), never from the network', async () => {
    const { generateConfigTypes } = await generator();
    const schema = (ref: string) => ({
      title: 'probe',
      type: 'object',
      additionalProperties: false,
      properties: { sid: { $ref: ref } },
    });
    const out = await generateConfigTypes(schema('https://rollcall.dev/schemas/twilio.schema.json#/$defs/RoomSid'));
    expect(out).toMatch(/sid\?: string;/);
    await expect(generateConfigTypes(schema('https://rollcall.dev/schemas/no-such.schema.json#/$defs/X'))).rejects.toThrow(/no-such\.schema\.json/);
    await expect(generateConfigTypes(schema('https://example.com/elsewhere.schema.json#/$defs/X'))).rejects.toThrow();
  });

  it('the config schema $refs the Room SID and the rule id instead of repeating their patterns', () => {
    const text = fs.readFileSync(SCHEMA_FILE, 'utf8');
    expect(text).not.toMatch(/\^(AC|RM|PA|CF|CA|SK)\[0-9a-fA-F\]\{32\}/);
    expect(text).not.toMatch(/\(schema\|twilio\|telnyx\|/);
    const schema = JSON.parse(text) as { properties: Record<string, { $ref?: string; propertyNames?: { $ref?: string } }> };
    expect(schema.properties.allowMutations?.$ref).toBe('https://rollcall.dev/schemas/twilio.schema.json#/$defs/RoomSid');
    expect(schema.properties.severity?.propertyNames?.$ref).toBe('https://rollcall.dev/schemas/config/rollcall.baseline.schema.json#/$defs/rule');
  });

  it('a config with every documented key is a RollcallConfig, and the schema accepts it', () => {
    const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as { properties: Record<string, unknown> };
    expect(Object.keys(everyKey).sort()).toEqual(Object.keys(schema.properties).sort());

    expectTypeOf(everyKey).toExtend<RollcallConfig>();
    expectTypeOf<RollcallConfig['target']>().toEqualTypeOf<'mock' | 'live' | 'replay' | undefined>();
    expectTypeOf<RollcallConfig['allowMutations']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<NonNullable<RollcallConfig['severity']>[string]>().toEqualTypeOf<'error' | 'warning' | 'off'>();
    expectTypeOf<{ target: 'staging' }>().not.toExtend<RollcallConfig>();
    expectTypeOf<{ api: [] }>().not.toExtend<RollcallConfig>();
    // @ts-expect-error additionalProperties: false, so an unknown option is a type error too
    const unknownOption: RollcallConfig = { reportsDir: 'reports' };
    void unknownOption;

    const dir = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR ?? '/tmp'), 'rollcall-config-types-'));
    try {
      const file = path.join(dir, 'rollcall.config.json');
      fs.writeFileSync(file, JSON.stringify(everyKey));
      expect(loadConfig(file).config).toEqual(everyKey);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('this file type-checks (so the expectTypeOf lines above hold)', () => {
    const parsed = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.json'), {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    });
    if (!parsed) throw new Error('tsconfig.json did not parse');
    const program = ts.createProgram({ rootNames: [HERE], options: { ...parsed.options, noEmit: true } });
    const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.file === undefined || !d.file.fileName.includes('/node_modules/'));
    const text = diagnostics.map((d) => `${d.file ? `${path.relative(ROOT, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ` : ''}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(text).toEqual([]);
  }, 120_000);
});
