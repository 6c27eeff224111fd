import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RefError, RefResolver } from '../src/ref/resolver.js';
import { resolveDef, resolveNode, type SchemaFile } from '../src/schemas.js';

const ROOT = path.resolve(import.meta.dirname, '..');

/** A spec and two schema files, as the catalog and the diff see them: keyed by absolute path, with `$id`s. */
const SPEC = '/project/specs/api.yaml';
const VIDEO = '/project/schemas/video.schema.json';
const COMMON = '/project/schemas/common.schema.json';
const COMMON_ID = 'https://rollcall.test/schemas/common.schema.json';
const VIDEO_ID = 'https://rollcall.test/schemas/video.schema.json';

function documents() {
  const spec = {
    openapi: '3.1.0',
    paths: {},
    components: {
      parameters: { PageSize: { $ref: '#/components/parameters/Size' }, Size: { name: 'PageSize', in: 'query', schema: { $ref: '../schemas/common.schema.json#/$defs/PageSize' } } },
      schemas: {
        'a/b': { type: 'string' },
        'til~de': { type: 'integer' },
        'with space': { type: 'boolean' },
        Participant: { $ref: '../schemas/video.schema.json#/$defs/Participant' },
      },
    },
  };
  const video = {
    $id: VIDEO_ID,
    $defs: {
      Participant: { type: 'object', properties: { sid: { $ref: '#/$defs/Sid' }, created: { $ref: 'common.schema.json#/$defs/Timestamp' } } },
      Sid: { $ref: '#/$defs/SidPattern' },
      SidPattern: { type: 'string', pattern: '^PA[0-9a-f]{32}$' },
      Alias: { $ref: `${COMMON_ID}#/$defs/Timestamp` },
    },
  };
  const common = {
    $id: COMMON_ID,
    $defs: {
      PageSize: { type: 'integer', minimum: 1, maximum: 100 },
      Timestamp: { type: 'string', format: 'date-time' },
      Tags: { type: 'array', prefixItems: [{ const: 'first' }] },
    },
  };
  return new RefResolver({
    documents: [
      { file: SPEC, document: spec },
      { file: VIDEO, document: video },
      { file: COMMON, document: common },
    ],
  });
}

describe('src/ref/resolver.ts: one $ref resolver', () => {
  it('resolves a local reference: the node, its file and its pointer', () => {
    const t = documents().resolve('#/components/parameters/Size', SPEC);
    expect(t).toMatchObject({ file: SPEC, pointer: '/components/parameters/Size', node: { name: 'PageSize', in: 'query' } });
  });

  it('unescapes pointer segments (RFC 6901 ~1 ~0) and URI fragments', () => {
    const refs = documents();
    expect(refs.resolve('#/components/schemas/a~1b', SPEC).node).toEqual({ type: 'string' });
    expect(refs.resolve('#/components/schemas/til~0de', SPEC).node).toEqual({ type: 'integer' });
    expect(refs.resolve('#/components/schemas/with%20space', SPEC).node).toEqual({ type: 'boolean' });
    expect(refs.resolve('#/components/schemas/a~1b', SPEC).pointer).toBe('/components/schemas/a~1b');
    expect(refs.resolve(`${COMMON_ID}#/$defs/Tags/prefixItems/0`).node).toEqual({ const: 'first' });
  });

  it('resolves a relative file reference against the referring file, and the target reports its own file', () => {
    const refs = documents();
    const t = refs.resolve('../schemas/video.schema.json#/$defs/Participant', SPEC);
    expect(t.file).toBe(VIDEO);
    expect(t.pointer).toBe('/$defs/Participant');
    // A local reference inside the target resolves in the target's file, not in the spec.
    const sid = (t.node as { properties: { sid: { $ref: string } } }).properties.sid.$ref;
    expect(refs.resolve(sid, t.file)).toMatchObject({ file: VIDEO, pointer: '/$defs/Sid' });
  });

  it('resolves an absolute $id, and a reference relative to the referring file\'s $id', () => {
    const refs = documents();
    expect(refs.resolve(`${COMMON_ID}#/$defs/PageSize`)).toMatchObject({ file: COMMON, node: { maximum: 100 } });
    // video.schema.json writes `common.schema.json#/...`: relative to its $id (and to its path).
    expect(refs.resolve('common.schema.json#/$defs/Timestamp', VIDEO)).toMatchObject({ file: COMMON, node: { format: 'date-time' } });
    // The referring file may be named by its $id too.
    expect(refs.resolve('#/$defs/SidPattern', VIDEO_ID)).toMatchObject({ file: VIDEO });
    expect(refs.absolute('common.schema.json#/$defs/Timestamp', VIDEO)).toBe(`${COMMON_ID}#/$defs/Timestamp`);
  });

  it('follows chains across files: every step, and deref to the last', () => {
    const refs = documents();
    const steps = refs.chain('#/components/schemas/Participant', SPEC);
    expect(steps.map((s) => `${path.basename(s.file)}#${s.pointer}`)).toEqual(['api.yaml#/components/schemas/Participant', 'video.schema.json#/$defs/Participant']);
    const sid = refs.chain('#/$defs/Sid', VIDEO);
    expect(sid.map((s) => s.pointer)).toEqual(['/$defs/Sid', '/$defs/SidPattern']);
    expect(refs.deref({ $ref: '#/components/parameters/PageSize' }, SPEC)).toMatchObject({ file: SPEC, pointer: '/components/parameters/Size' });
    expect(refs.deref({ $ref: '../schemas/video.schema.json#/$defs/Alias' }, SPEC)).toMatchObject({ file: COMMON, pointer: '/$defs/Timestamp' });
    // sameDocument: stop at the first reference into another file.
    expect(refs.deref({ $ref: '#/components/schemas/Participant' }, SPEC, { sameDocument: true }).node).toEqual({ $ref: '../schemas/video.schema.json#/$defs/Participant' });
    // A node without a $ref is itself.
    expect(refs.deref({ type: 'string' }, SPEC).node).toEqual({ type: 'string' });
  });

  it('reports a cycle instead of looping', () => {
    const refs = new RefResolver({
      documents: [
        { file: '/x/a.json', document: { $defs: { A: { $ref: 'b.json#/$defs/B' }, Self: { $ref: '#/$defs/Self' } } } },
        { file: '/x/b.json', document: { $defs: { B: { $ref: 'a.json#/$defs/A' } } } },
      ],
    });
    expect(() => refs.chain('#/$defs/A', '/x/a.json')).toThrow(RefError);
    expect(() => refs.chain('#/$defs/A', '/x/a.json')).toThrow(/cycle: \/x\/a\.json#\/\$defs\/A -> \/x\/b\.json#\/\$defs\/B -> \/x\/a\.json#\/\$defs\/A/);
    expect(() => refs.deref({ $ref: '#/$defs/Self' }, '/x/a.json')).toThrow(/\$ref #\/\$defs\/Self is a cycle/);
  });

  it('a cycle in schemas/ is an error of resolveDef, not a stack overflow', () => {
    const files: SchemaFile[] = [
      { file: 'loop.schema.json', id: 'https://rollcall.test/schemas/loop.schema.json', schema: { $defs: { A: { $ref: '#/$defs/B', type: 'string' }, B: { $ref: '#/$defs/A' } } } },
    ];
    expect(() => resolveDef('loop.schema.json#/$defs/A', files)).toThrow(/cycle/);
  });

  it('a reference that does not resolve throws, naming the file it is written in and the reference', () => {
    const refs = documents();
    let error: unknown;
    try {
      refs.resolve('../schemas/video.schema.json#/$defs/Nope', SPEC);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(RefError);
    expect((error as RefError).file).toBe(SPEC);
    expect((error as RefError).ref).toBe('../schemas/video.schema.json#/$defs/Nope');
    expect((error as Error).message).toBe(`${SPEC}: $ref ../schemas/video.schema.json#/$defs/Nope does not resolve (no "Nope" at /$defs in ${VIDEO})`);
    expect(() => refs.resolve('#/components/schemas/Missing', SPEC)).toThrow(`${SPEC}: $ref #/components/schemas/Missing does not resolve (no "Missing" at /components/schemas)`);
    expect(() => refs.resolve('../schemas/other.schema.json#/$defs/X', SPEC)).toThrow(`${SPEC}: $ref ../schemas/other.schema.json#/$defs/X names no known document`);
    expect(() => refs.resolve('#anchor', SPEC)).toThrow(/\$ref #anchor uses an anchor/);
    // Inherited object keys are not document content.
    expect(() => refs.resolve('#/constructor', SPEC)).toThrow(/does not resolve/);
  });

  it('schemas/ errors keep the catalog\'s `rollcall: ` prefix and name the reference', () => {
    const files: SchemaFile[] = [{ file: 'a.schema.json', id: 'https://rollcall.test/schemas/a.schema.json', schema: { $defs: { A: { type: 'string' } } } }];
    expect(() => resolveDef('a.schema.json#/$defs/B', files)).toThrow('rollcall: $ref a.schema.json#/$defs/B does not resolve (no "B" at /$defs in a.schema.json)');
    expect(() => resolveDef('b.schema.json#/$defs/A', files)).toThrow('rollcall: $ref b.schema.json#/$defs/A names no known document');
    expect(() => resolveNode({ $ref: '#/$defs/C' }, 'a.schema.json', files)).toThrow('rollcall: a.schema.json: $ref #/$defs/C does not resolve');
  });

  it('reads a referenced file on demand when given a reader, and fetches nothing remote', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-ref-'));
    const spec = path.join(dir, 'spec.json');
    fs.mkdirSync(path.join(dir, 'schemas'));
    fs.writeFileSync(path.join(dir, 'schemas/s.json'), JSON.stringify({ $defs: { S: { type: 'string' } } }));
    fs.writeFileSync(path.join(dir, 'near.json'), JSON.stringify({ $defs: { N: { type: 'number' } } }));
    fs.writeFileSync(spec, '{}');
    const read: string[] = [];
    const refs = new RefResolver({
      read: (file) => {
        read.push(file);
        return JSON.parse(fs.readFileSync(file, 'utf8'));
      },
    });
    expect(refs.resolve('schemas/s.json#/$defs/S', spec)).toMatchObject({ file: path.join(dir, 'schemas/s.json'), node: { type: 'string' } });
    // An absolute URI that is no known $id: the file of that name beside the referring one, or an error.
    expect(refs.resolve('https://example.test/a/near.json#/$defs/N', spec).node).toEqual({ type: 'number' });
    expect(() => refs.resolve('https://example.test/far.json#/x', spec)).toThrow(/\$ref https:\/\/example\.test\/far\.json#\/x is a URI rollcall does not fetch/);
    // Each file once; the spec itself only when a local reference needs it.
    refs.resolve('schemas/s.json#/$defs/S', spec);
    expect(read).toEqual([path.join(dir, 'schemas/s.json'), path.join(dir, 'near.json')]);
  });
});

/**
 * No second resolver: resolving a `$ref` (taking it apart at `#`, telling a local one by its `#`,
 * walking its fragment) happens in src/ref/ only. A file that reads `$ref` at all either goes through
 * the resolver (src/ref/resolver.js, or schemas.ts's resolveDef / resolveNode / nonNullBranch /
 * schemaRefs, or the catalog's resolve) or is listed below with why it only copies or names it.
 */
describe('one resolver: nothing else in src/ or reporters/ resolves a $ref', () => {
  /** Idioms of hand-written reference resolution. */
  const MARKERS: Array<[string, RegExp]> = [
    ['splits a reference at #', /\.split\(\s*['"`]#['"`]/],
    ['looks for the # of a reference', /\.indexOf\(\s*['"`]#['"`]/],
    ['tells a local reference by its #', /\.startsWith\(\s*['"`]#/],
    ['takes a $ref apart', /\$ref\b[^;\n]*\.(?:split|slice|indexOf|startsWith|replace)\(/],
    ['walks a fragment segment by segment', /\b\w*(?:fragment|pointer|ref)\w*\.(?:slice\(\d\)\.)?split\(\s*['"`]\/['"`]/i],
    ['decodes a URI fragment into pointer keys', /decodeURIComponent\([^)]*\)[^;\n]*unescapeSegment|unescapeSegment\(\s*decodeURIComponent/],
  ];
  const USES_RESOLVER = /from\s+'[./]*(?:src\/)?ref\/resolver\.js'|\b(?:resolveDef|resolveNode|nonNullBranch|schemaRefs|schemaFileOf)\b|\bcatalog\.resolve\(|\b(?:resolver|refs)\.(?:resolve|deref|chain|locate|absolute)\(/;

  /** Files that match a marker or read `$ref` without the resolver, and why that is not resolution. */
  const ALLOWED: Record<string, string> = {
    'src/json-pointer.ts': 'the JSON Pointer module itself: it splits pointers (not references) for the resolver',
    'src/catalog/keywords.ts': "names `$ref` in its list of structural keywords; never follows one",
    'src/lint/resolver.ts': 'rewrites `{$ref, ...siblings}` into `allOf` for Spectral, which resolves through @stoplight/spectral-ref-resolver (its findings are placed through that graph)',
    'src/run/pactum-adapter.ts': "hands a lone `$ref` to Ajv's getSchema: Ajv looks up its own compiled schemas by `$id`",
  };

  function sourceFiles(): string[] {
    const out: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
        const rel = `${dir}/${entry.name}`;
        if (entry.isDirectory()) walk(rel);
        else if (rel.endsWith('.ts') && !rel.endsWith('.d.ts')) out.push(rel);
      }
    };
    walk('src');
    walk('reporters');
    return out.filter((f) => !f.startsWith('src/ref/')).sort();
  }

  /** The code without comments (a `//` after `:` or a quote is a URL, not a comment). */
  function code(file: string): string {
    return fs
      .readFileSync(path.join(ROOT, file), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
  }

  function findings(file: string): string[] {
    const text = code(file);
    const out = MARKERS.filter(([, re]) => re.test(text)).map(([what]) => what);
    if (/\$ref/.test(text) && !USES_RESOLVER.test(text)) out.push('reads $ref without src/ref/resolver.ts');
    return out;
  }

  it('src/ref/resolver.ts is the only resolver (others are allow-listed with a reason)', () => {
    const offenders = sourceFiles()
      .filter((f) => !(f in ALLOWED))
      .map((f) => ({ file: f, findings: findings(f) }))
      .filter((f) => f.findings.length > 0);
    expect(offenders, 'resolve $refs with src/ref/resolver.ts (or add the file to ALLOWED with why it does not resolve)').toEqual([]);
  });

  it('the allow-list is current: every entry exists and still needs its exemption', () => {
    for (const [file, reason] of Object.entries(ALLOWED)) {
      expect(reason.length, file).toBeGreaterThan(20);
      expect(fs.existsSync(path.join(ROOT, file)), `${file} is gone: drop it from ALLOWED`).toBe(true);
      expect(findings(file), `${file} no longer needs its exemption: drop it from ALLOWED`).not.toEqual([]);
    }
  });

  it('the markers catch the resolvers this module replaced', () => {
    const samples = [
      "const [base = '', fragment = ''] = ref.split('#');",
      "for (const raw of fragment.split('/').slice(1)) node = node[unescapeSegment(raw)];",
      "if (typeof node.$ref === 'string' && node.$ref.startsWith('#/')) {",
      "const hash = ref.indexOf('#');",
      "return ref.slice(2).split('/').map((segment) => unescapeSegment(decodeURIComponent(segment)));",
    ];
    for (const sample of samples) expect(MARKERS.some(([, re]) => re.test(sample)), sample).toBe(true);
  });
});
