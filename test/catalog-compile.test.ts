import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ErrorObject } from 'ajv';
import { createAjv } from '../src/catalog/ajv.js';
import { inlineRefs } from '../src/catalog/inline.js';
import { loadCatalog } from '../src/index.js';
import { loadSchemaFiles, type JsonSchema, type SchemaFile } from '../src/schemas.js';
import { mutationsOf } from './support/mutations.js';
import { literalFacts, schemaFacts } from './support/literal-facts.js';

/** How the catalog compiles schemas/ for speed: references merged in (inline.ts), lengths counted as `.length` (ajv.ts). */

const A = 'https://t.test/a.json';
const B = 'https://t.test/b.json';
const file = (id: string, defs: Record<string, JsonSchema>): SchemaFile => ({ file: id.split('/').pop() ?? id, id, schema: { $id: id, $defs: defs } });
const defsOf = (files: SchemaFile[], i = 0): Record<string, JsonSchema> => files[i]?.schema.$defs as Record<string, JsonSchema>;

describe('inlineRefs: a $ref is merged into its node only where that is exact', () => {
  it('merges a target that shares no keyword with its siblings, across files and through chains', () => {
    const out = inlineRefs([
      file(A, { Sid: { type: ['string', 'null'], $ref: 'b.json#/$defs/Sid' } }),
      file(B, { Sid: { $ref: '#/$defs/Pattern' }, Pattern: { pattern: '^AC[0-9a-f]{32}$', 'x-rule': 'twilio.sid-pattern' } }),
    ]);
    expect(defsOf(out).Sid).toEqual({ type: ['string', 'null'], pattern: '^AC[0-9a-f]{32}$', 'x-rule': 'twilio.sid-pattern' });
  });

  it.each([
    ['a shared keyword', { description: 'outer', $ref: '#/$defs/T' }, { description: 'inner', minimum: 0 }],
    ['properties beside an additionalProperties they would change', { properties: { a: {} }, $ref: '#/$defs/T' }, { additionalProperties: false }],
    ['then beside an if', { then: { minimum: 1 }, $ref: '#/$defs/T' }, { if: { type: 'number' } }],
    ['items beside prefixItems', { prefixItems: [{}], $ref: '#/$defs/T' }, { items: false }],
    ['a target with its own $id', { type: 'object', $ref: '#/$defs/T' }, { $id: 'https://t.test/t.json', minProperties: 1 }],
  ])('keeps the $ref, made absolute, for %s', (_name, node, target) => {
    const out = inlineRefs([file(A, { N: node, T: target })]);
    expect(defsOf(out).N?.$ref).toBe(`${A}#/$defs/T`);
  });

  it('keeps a reference that forms a cycle', () => {
    const out = inlineRefs([file(A, { Node: { type: 'object', properties: { child: { $ref: '#/$defs/Node' } } } })]);
    const child = (defsOf(out).Node?.properties as Record<string, JsonSchema>).child;
    expect(JSON.stringify(child)).toContain(`"$ref":"${A}#/$defs/Node"`);
  });

  it('leaves values that are data alone (a const holding a "$ref" key)', () => {
    const out = inlineRefs([file(A, { C: { const: { $ref: '#/$defs/C' } } })]);
    expect(defsOf(out).C).toEqual({ const: { $ref: '#/$defs/C' } });
  });

  it('compiles each list response of schemas/ to one function: no call per item or field', () => {
    const ajv = createAjv(loadSchemaFiles());
    for (const ref of [
      'https://rollcall.dev/schemas/twilio-video.schema.json#/$defs/ListRoomParticipantsResponse',
      'https://rollcall.dev/schemas/telnyx.schema.json#/$defs/ListRoomParticipantsResponse',
    ]) {
      const source = String(ajv.getSchema(ref));
      expect(source.match(/\bvalidate\d+\(/g)?.length, ref).toBe(1); // its own declaration
    }
  });
});

const catalog = await loadCatalog();

describe('the compiled view judges every mutation of every example exactly as the schemas as written', () => {
  const files = loadSchemaFiles();
  const written = createAjv(files, { inline: false });
  const compiled = createAjv(files);
  const key = (errors: ErrorObject[] | null | undefined): string[] =>
    (errors ?? []).map((e) => `${e.instancePath} ${e.keyword} ${JSON.stringify(e.params)}`).sort();
  const cases = catalog.operations.flatMap((op) =>
    op.responses.flatMap((r) =>
      r.schemaRef ? r.examples.map((e) => ({ name: `${op.id} ${r.status} ${e.name}`, schemaRef: r.schemaRef as string, value: e.value as never })) : [],
    ),
  );

  it.each(cases)('$name', ({ schemaRef, value }) => {
    const a = written.getSchema(schemaRef);
    const b = compiled.getSchema(schemaRef);
    if (!a || !b) throw new Error(`no schema ${schemaRef}`);
    const bodies = [value, ...mutationsOf(value, schemaRef).map((m) => m.body)];
    for (const body of bodies) {
      const validA = a(body);
      const errorsA = key(a.errors);
      expect(b(body)).toBe(validA);
      expect(key(b.errors)).toEqual(errorsA);
    }
    expect(bodies.length).toBeGreaterThan(1);
  });
});

describe('length bounds: counting `.length` equals counting code points for every bound in schemas/', () => {
  // ajv.ts sets unicode: false. That is exact only while each length bound is a minLength of at
  // most 1 (a string has a code unit iff it has a code point) or sits beside an ASCII-only pattern
  // (a match has one code unit per code point; a non-match is a violation either way).
  const nodes: Array<{ at: string; node: JsonSchema }> = [];
  const walk = (node: unknown, at: string): void => {
    if (!node || typeof node !== 'object') return;
    if (!Array.isArray(node) && ('minLength' in node || 'maxLength' in node)) nodes.push({ at, node: node as JsonSchema });
    for (const [k, v] of Object.entries(node)) if (k !== 'enum' && k !== 'const' && k !== 'examples') walk(v, `${at}/${k}`);
  };
  for (const f of loadSchemaFiles()) walk(f.schema, f.file);

  it('finds the bounds it guards', () => expect(nodes.length).toBeGreaterThan(5));
  it.each(nodes)('$at', ({ node }) => {
    const trivial = node.maxLength === undefined && typeof node.minLength === 'number' && node.minLength <= 1;
    // Anchors, ASCII letters and digits, non-negated classes of them, quantifiers: nothing here matches a non-ASCII character.
    const asciiPattern = typeof node.pattern === 'string' && /^\^?(?:[A-Za-z0-9_-]|\[[A-Za-z0-9_-]+\]|\{\d+(?:,\d*)?\}|[+*?])*\$?$/.test(node.pattern);
    expect(trivial || asciiPattern).toBe(true);
  });
});

describe('patterns and formats remember the strings they last accepted, each for itself', () => {
  const op = 'twilio-video.listRoomParticipants';
  const example = catalog.operation(op).responses.find((r) => r.status === 200)?.examples.find((e) => e.name === 'readFilters')?.value as { participants: Array<Record<string, unknown>> };

  it('a SID accepted for one field is still flagged in a field of another kind', () => {
    expect(example.participants.length).toBeGreaterThan(0);
    expect(catalog.validate(op, example)).toEqual([]);
    const item = example.participants[0] ?? {};
    const body = { ...example, participants: [{ ...item, room_sid: item.sid }] };
    expect(catalog.validate(op, body).map((v) => [v.rule, v.path])).toEqual([['twilio.sid-pattern', '/participants/0/room_sid']]);
  });

  it('a timestamp accepted as date-time does not make a malformed one pass', () => {
    const item = example.participants[0] ?? {};
    const body = { ...example, participants: [item, { ...item, date_updated: `${String(item.date_created)}x` }] };
    expect(catalog.validate(op, body).map((v) => [v.rule, v.path])).toEqual([['schema.format', '/participants/1/date_updated']]);
  });
});

describe('schema-backed rules: one table of annotated rules, one row per keyword', () => {
  it('every x-rule annotation in schemas/ has a row in schema-rules.ts, and every row is annotated somewhere', async () => {
    const { ANNOTATED_RULES, annotatedNodes } = await import('../src/catalog/schema-rules.js');
    const nodes = annotatedNodes(loadSchemaFiles());
    expect([...new Set(nodes.map((n) => n.rule))].sort()).toEqual(ANNOTATED_RULES.map((r) => r.id).sort());
    expect(nodes.find((n) => n.rule === 'telnyx.record-type')?.node).toBe('telnyx.schema.json#/$defs/RoomParticipant/properties/record_type');
  });

  it.each<[string, JsonSchema, string]>([
    ['a keyword without a row', { type: 'array', uniqueItems: true }, 'keyword uniqueItems has no row'],
    ['an anyOf that is not the nullable form', { anyOf: [{ type: 'string' }, { type: 'integer' }] }, 'anyOf is only supported as [X, {type: null}]'],
    ['a const without an x-rule', { const: 'x' }, 'const needs an x-rule annotation'],
  ])('the catalog refuses %s, naming the node', async (_name, node, message) => {
    const { assertKeywordsCovered } = await import('../src/catalog/keywords.js');
    expect(() => assertKeywordsCovered([file(A, { Node: node })])).toThrow(message);
    expect(() => assertKeywordsCovered([file(A, { Node: node })])).toThrow('schemas/a.json#/$defs/Node');
  });
});

// Imports go one way: test/layering.test.ts (dependency-cruiser, type-only imports counted, the rooms of src/README.md).

describe('facts derived from schemas/ and the specs', () => {
  it.each([
    ['twilio-video.listRoomParticipants', { size: { param: 'PageSize', field: 'page_size' }, index: { param: 'Page', field: 'page' } }],
    ['twilio-insights.listConferenceParticipants', { size: { param: 'PageSize', field: 'page_size' }, index: { param: 'Page', field: 'page' } }],
    ['telnyx.listRoomSessionParticipants', { size: { param: 'page[size]', field: 'page_size' }, index: { param: 'page[number]', field: 'page_number' } }],
    ['twilio-video.fetchRoomParticipant', {}],
  ])('the paging profile of %s pairs each paging parameter with its meta echo by their shared definition', async (operationId, profile) => {
    const catalog = await loadCatalog();
    expect(catalog.paging(operationId)).toEqual(profile);
  });
});

describe('a fact of schemas/ is written once', () => {
  // The syntax tree of each file is read (test/support/literal-facts.ts): template literals and their
  // parts, a fact inside a longer string, and code after a `//` inside a string all count; comments do not.
  const known = schemaFacts(loadSchemaFiles());
  /**
   * Where a literal may hold a fact, and why: a file (every literal in it) or `file fact`, and only
   * where the same spelling means something else than the value of schemas/ it collides with.
   */
  const ALLOWED: Record<string, string> = {
    'src/catalog/facts.ts': 'the one place code names the documented values it gives a meaning to, each checked against schemas/ at load',
    'src/catalog/catalog.ts off': 'a severity override level (error, warning, off), not the Insights JitterBufferSize value spelled the same',
    'src/run/outcome.ts off': 'a severity override level (error, warning, off), not the Insights JitterBufferSize value spelled the same',
    'src/run/config-types.generated.ts off': 'a severity override level, generated from schemas/config/, not the Insights JitterBufferSize value spelled the same',
    'src/mock/twilio-paging.ts PA': 'the direction of a Twilio page token (PA: page after, PB: page before), not the ParticipantSid prefix',
    'reporters/coverage.ts complete': 'how complete the coverage evidence is (complete, partial, none), not the Insights ProcessingState value',
  };

  const sources = (): string[] => {
    const root = new URL('..', import.meta.url).pathname;
    return ['src', 'reporters', 'suites'].flatMap((d) =>
      fs.readdirSync(path.join(root, d), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => path.join(d, f)),
    );
  };
  const factsOf = (root: string, file: string) => literalFacts(fs.readFileSync(path.join(root, file), 'utf8'), file, known);

  it('no literal in src/, reporters/ or suites/ repeats an enum value, const, pattern or SID prefix of schemas/', () => {
    const root = new URL('..', import.meta.url).pathname;
    const found: Record<string, string[]> = {};
    for (const f of sources()) {
      if (ALLOWED[f]) continue;
      const hits = factsOf(root, f).filter((h) => !ALLOWED[`${f} ${h.fact}`]);
      if (hits.length) found[f] = [...new Set(hits.map((h) => `${h.fact} (line ${h.line})`))].sort();
    }
    expect(found, 'read the value from src/catalog/facts.ts (or derive it from schemas/) instead of writing it again').toEqual({});
  });

  it('every allowance is still needed', () => {
    const root = new URL('..', import.meta.url).pathname;
    const stale = Object.keys(ALLOWED).filter((k) => {
      const [file, fact] = k.split(' ') as [string, string | undefined];
      if (!fs.existsSync(path.join(root, file))) return true;
      return fact !== undefined && !factsOf(root, file).some((h) => h.fact === fact);
    });
    expect(stale).toEqual([]);
  });

  const fixtures = new URL('./fixtures/literal-facts/', import.meta.url).pathname;
  it.each<[string, string, Array<[string, number]>]>([
    ['a template literal and a template part', 'template-literal.ts', [['disconnected', 2], ['reconnecting', 4]]],
    ['a fact inside a longer string (a SID by hand, a query value, a value after =)', 'inside-string.ts', [['RM', 2], ['connected', 2], ['PA', 4], ['reconnecting', 5]]],
    ['a fact after a `//` on the same line (in a URL, not a comment)', 'after-slashes.ts', [['reconnecting', 2], ['disconnected', 4]]],
    ['nothing in comments, prose, module specifiers or names that contain a value', 'clean.ts', []],
  ])('finds %s', (_what, file, expected) => {
    expect(factsOf(fixtures, file).map((h) => [h.fact, h.line])).toEqual(expected);
  });
});

describe('the generated table of schema-backed rules', () => {
  it('specs/rules/schema-rules.md is up to date', async () => {
    const fs = await import('node:fs');
    const { schemaRulesTable } = await import('../src/catalog/schema-rules.js');
    const { KEYWORD_ROWS } = await import('../src/catalog/keywords.js');
    const file = new URL('../specs/rules/schema-rules.md', import.meta.url);
    const table = schemaRulesTable(loadSchemaFiles(), KEYWORD_ROWS);
    if (process.env.ROLLCALL_WRITE_TABLES === '1') fs.writeFileSync(file, table);
    expect(fs.readFileSync(file, 'utf8')).toBe(table);
  });
});

describe('JSON pointers and timestamps have one implementation each', () => {
  it('no file outside src/json-pointer.ts escapes or unescapes pointer segments, none outside src/timestamps.ts formats an ISO date or whole-second time', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const root = new URL('..', import.meta.url).pathname;
    const files = ['src', 'reporters', 'suites'].flatMap((d) =>
      fs.readdirSync(path.join(root, d), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => path.join(d, f)),
    );
    const copies: Record<string, string[]> = {};
    const rules: Array<[string, RegExp, string]> = [
      ['pointer escape', /replace\(\/~\/g, '~0'\)|replace\(\/~1\/g, '\/'\)/, 'src/json-pointer.ts'],
      ['ISO date', /toISOString\(\)\.slice\(0, 10\)/, 'src/timestamps.ts'],
      ['whole-second time', /toISOString\(\)\.replace\(/, 'src/timestamps.ts'],
    ];
    for (const f of files) {
      const code = fs.readFileSync(path.join(root, f), 'utf8');
      for (const [what, re, home] of rules) if (f !== home && re.test(code)) (copies[f] ??= []).push(what);
    }
    expect(copies).toEqual({});
  });
});

describe('schemas/ against the JSON Schema 2020-12 meta-schema (the catalog does not check it on every load)', () => {
  it('every schema file is a valid 2020-12 schema, and the check fires on one that is not', async () => {
    const { Ajv2020 } = await import('ajv/dist/2020.js');
    const meta = new Ajv2020({ strict: false });
    for (const f of loadSchemaFiles()) expect(meta.validateSchema(f.schema), `${f.file}: ${meta.errorsText()}`).toBe(true);
    const broken = structuredClone(loadSchemaFiles()[0]!.schema);
    const firstDef = Object.values(broken.$defs as Record<string, JsonSchema>)[0]!;
    firstDef.minLength = -1;
    expect(meta.validateSchema(broken)).toBe(false);
  });
});

describe('catalogs of the same specs share one compiled contract', () => {
  const SID_PATH = '/participants/0/sid';
  const page = { participants: [{ sid: 'PA1' }], meta: {} };
  const ruleAt = (vs: Array<{ rule: string; path: string; severity: string }>) => vs.find((v) => v.path === SID_PATH);

  it('a second catalog reuses the validators; its severities stay its own', async () => {
    const { createCatalog } = await import('../src/catalog/catalog.js');
    const plain = createCatalog();
    const sid = ruleAt(plain.validate('twilio-video.listRoomParticipants', page));
    expect(sid).toBeDefined();
    const t0 = performance.now();
    const quiet = createCatalog({ severity: { [sid!.rule]: 'off' } });
    const louder = createCatalog({ severity: { [sid!.rule]: sid!.severity === 'error' ? 'warning' : 'error' } });
    // Compiling schemas/ takes a quarter of a second or more; two catalogs from the compiled contract take milliseconds.
    expect(performance.now() - t0).toBeLessThan(100);
    expect(quiet.ajv).toBe(plain.ajv);
    expect(ruleAt(quiet.validate('twilio-video.listRoomParticipants', page))).toBeUndefined();
    expect(ruleAt(louder.validate('twilio-video.listRoomParticipants', page))?.severity).not.toBe(sid!.severity);
    // The first catalog is untouched by the others' overrides.
    expect(ruleAt(plain.validate('twilio-video.listRoomParticipants', page))).toEqual(sid);
    expect(quiet.rules().some((r) => r.id === sid!.rule)).toBe(false);
    expect(plain.rules().find((r) => r.id === sid!.rule)?.severity).toBe(sid!.severity);
  });

  it('a spec whose content changed is compiled again', async () => {
    const { createCatalog } = await import('../src/catalog/catalog.js');
    const os = await import('node:os');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-contract-'));
    try {
      fs.mkdirSync(path.join(dir, 'specs'));
      fs.symlinkSync(path.resolve(import.meta.dirname, '../schemas'), path.join(dir, 'schemas'));
      const spec = path.join(dir, 'specs', 'telnyx.v2.yaml');
      const text = fs.readFileSync(path.resolve(import.meta.dirname, '../specs/telnyx.v2.yaml'), 'utf8');
      fs.writeFileSync(spec, text);
      const before = createCatalog({ specs: [spec] });
      expect(createCatalog({ specs: [spec] }).ajv).toBe(before.ajv);
      // The same path, another operation id: a catalog of the old contract would not know it.
      const id = before.operations[0]!.id;
      expect(text).toContain(`operationId: ${id}\n`);
      fs.writeFileSync(spec, text.replace(`operationId: ${id}\n`, `operationId: ${id}Renamed\n`));
      const after = createCatalog({ specs: [spec] });
      expect(after.ajv).not.toBe(before.ajv);
      expect(after.operations.map((o) => o.id)).toEqual([`${id}Renamed`]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
