/**
 * Reading OpenAPI documents (YAML or JSON) for `rollcall diff`, and following their `$ref`s through
 * rollcall's one resolver (src/ref/resolver.ts): local (`#/components/...`), relative files
 * (`../schemas/x.schema.json#/$defs/Y`, resolved against the referring file, read as they are met)
 * and `$id` URIs of files already read. No network.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { RefResolver as SharedRefResolver, type RefTarget } from '../ref/resolver.js';
import { isObject, isOpenApiDocument, type OpenApiDocument } from '../ref/openapi.js';

export type Doc = { [key: string]: unknown };
export { isObject };

/** An input that cannot be read or resolved: a tool error naming the file (exit 2). */
export class DiffInputError extends Error {}

function parseText(file: string, text: string): unknown {
  try {
    return file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new DiffInputError(`${file} is neither JSON nor YAML: ${(err as Error).message.split('\n')[0]}`);
  }
}

/** Reads and parses a file; `shown` is the name the error gives (the file as the user wrote it). */
function readDocument(abs: string, shown: string = abs): unknown {
  let text: string;
  try {
    text = fs.readFileSync(abs, 'utf8');
  } catch (err) {
    throw new DiffInputError(`cannot read ${shown}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parseText(shown, text);
}

/** The diff's resolver: reads the files references lead to as it meets them; its errors are DiffInputErrors. */
export class DiffRefResolver extends SharedRefResolver {
  constructor() {
    super({ read: (file) => readDocument(file), toError: (error) => new DiffInputError(error.message) });
  }

  /** Reads (once) and returns a document by file name. */
  load(file: string): unknown {
    const abs = path.resolve(file);
    if (this.has(abs)) return this.document(abs);
    const doc = readDocument(abs, file);
    this.add(abs, doc);
    return doc;
  }

  /** Resolves `ref` as written in `fromFile` (relative file names are taken from the working directory). */
  override resolve(ref: string, fromFile: string): RefTarget {
    return super.resolve(ref, path.resolve(fromFile));
  }
}

/** The name the diff's modules (and tests) know the resolver by. */
export { DiffRefResolver as RefResolver };

/** Reads an OpenAPI document; throws DiffInputError when it is not one. */
export function readOpenApi(file: string, resolver: DiffRefResolver): OpenApiDocument {
  const doc = resolver.load(file);
  if (!isOpenApiDocument(doc)) {
    throw new DiffInputError(`${file} is not an OpenAPI document (no openapi version or no paths)`);
  }
  return doc;
}
