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
