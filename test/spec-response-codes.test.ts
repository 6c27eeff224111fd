/**
 * Response keys of a spec: an exact status or an OpenAPI range code (1XX..5XX); anything else (such
 * as `default`, which would document every status) is refused when the specs load, naming the file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSchemaFiles } from '../src/schemas.js';
import { loadOperations } from '../src/catalog/specs.js';

function specWith(responses: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-codes-'));
  const file = path.join(dir, 'x.yaml');
  fs.writeFileSync(file, `openapi: 3.1.0
info: { title: x, version: '1', x-rollcall-api: telnyx }
servers: [{ url: 'https://api.example.com' }]
paths:
  /x:
    get:
      operationId: x.get
      responses:
${responses}`);
  return file;
}

describe('response keys', () => {
  const files = loadSchemaFiles();

  it('reads an exact status and a range code, keeping the key as written', () => {
    const [op] = loadOperations(files, [specWith("        '200': { description: ok }\n        '4XX': { description: errors }\n        '503': { description: down }\n")]);
    // (A YAML map's integer-like keys come first in a JS object: the order of the responses is not meaningful.)
    expect(op?.responses.map((r) => [r.code, r.status, r.range])).toEqual([
      [200, 200, undefined],
      [503, 503, undefined],
      ['4XX', 400, [400, 499]],
    ]);
  });

  it.each(['default', '6XX', '20'])('refuses the key %j, naming the spec and the operation', (key) => {
    const spec = specWith(`        '200': { description: ok }\n        '${key}': { description: other }\n`);
    expect(() => loadOperations(files, [spec])).toThrow(new RegExp(`${spec.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: x.get documents the response "${key}"`));
  });
});

describe('a range code in the catalog', () => {
  /** Our Telnyx spec with its success response written as a range (2XX), in a folder beside schemas/ so its $refs resolve. */
  function telnyxWith(from: string, to: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-range-'));
    fs.mkdirSync(path.join(dir, 'specs'));
    fs.symlinkSync(path.resolve(import.meta.dirname, '../schemas'), path.join(dir, 'schemas'));
    const text = fs.readFileSync(path.resolve(import.meta.dirname, '../specs/telnyx.v2.yaml'), 'utf8');
    expect(text).toContain(from);
    const file = path.join(dir, 'specs', 'telnyx.v2.yaml');
    fs.writeFileSync(file, text.replace(from, to));
    return file;
  }
  const OP = 'telnyx.listRoomSessionParticipants';
  const page = { data: [], meta: { page_number: 1, page_size: 20, total_pages: 0, total_results: 0 } };

  it('2XX documents every 2xx: no success-status-variant warning, and the body is held to the range schema', async () => {
    const { createCatalog } = await import('../src/catalog/catalog.js');
    const catalog = createCatalog({ specs: [telnyxWith("        '200':\n          description: List room participants response.", "        '2XX':\n          description: List room participants response.")] });
    for (const status of [200, 203, 299]) expect(catalog.validate(OP, page, { status }), `at ${status}`).toEqual([]);
    expect(catalog.validate(OP, { ...page, data: 'x' }, { status: 206 }).map((v) => `${v.rule} ${v.path}`)).toEqual(['schema.type /data']);
  });

  it('an explicit status wins over its range: its own schema judges the body', async () => {
    const { createCatalog } = await import('../src/catalog/catalog.js');
    // 404 documented with no body schema (a description only), beside 4XX with the error body.
    const catalog = createCatalog({ specs: [telnyxWith("        '404': { $ref: '#/components/responses/Error' }", "        '404': { description: 'Not found, no body documented.' }")] });
    expect(catalog.validate(OP, '{"anything": true}', { status: 404 })).toEqual([]);
    expect(catalog.validate(OP, '{"anything": true}', { status: 410 }).map((v) => `${v.rule} ${v.path}`)).toEqual(['http.error-shape /errors', 'drift.undocumented-field /anything']);
  });
});
