/**
 * Reading OpenAPI documents (YAML or JSON) and following their `$ref`s: local (`#/components/...`),
 * relative files (`../schemas/x.schema.json#/$defs/Y`, resolved against the referring file) and
 * `$id` URIs of files already read. A small resolver of our own: no network, no other dependency.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { unescapeSegment } from '../json-pointer.js';

export type Doc = { [key: string]: unknown };

export function isObject(v: unknown): v is Doc {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An input that cannot be read or resolved: a tool error naming the file (exit 2). */
export class DiffInputError extends Error {}

function parseText(file: string, text: string): unknown {
  try {
    return file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new DiffInputError(`${file} is neither JSON nor YAML: ${(err as Error).message.split('\n')[0]}`);
  }
}

export class RefResolver {
  private readonly docs = new Map<string, unknown>();
  private readonly byId = new Map<string, string>();

  /** Reads (once) and returns a document by absolute file name. */
  load(file: string): unknown {
    const abs = path.resolve(file);
    if (this.docs.has(abs)) return this.docs.get(abs);
    let text: string;
    try {
      text = fs.readFileSync(abs, 'utf8');
    } catch (err) {
      throw new DiffInputError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    const doc = parseText(file, text);
    this.docs.set(abs, doc);
    if (isObject(doc) && typeof doc.$id === 'string') this.byId.set(doc.$id.replace(/#.*$/, ''), abs);
    return doc;
  }

  /** The document a reference points into, as an absolute file name. */
  private fileOf(base: string, fromFile: string): string {
    if (base === '') return fromFile;
    const known = this.byId.get(base);
    if (known) return known;
    if (/^[a-z][a-z0-9+.-]*:/i.test(base)) {
      // An absolute URI we have not read: try the file of that name next to the referring one.
      const sibling = path.join(path.dirname(fromFile), path.basename(new URL(base).pathname));
      if (fs.existsSync(sibling)) return sibling;
      throw new DiffInputError(`${fromFile}: $ref ${base} is a URI rollcall does not fetch (no network); only local and relative file references resolve`);
    }
    return path.resolve(path.dirname(fromFile), decodeURIComponent(base));
  }

  /** Resolves `ref` as written in `fromFile`; returns the target node and the file it is in. */
  resolve(ref: string, fromFile: string): { node: unknown; file: string } {
    const hash = ref.indexOf('#');
    const base = hash < 0 ? ref : ref.slice(0, hash);
    const fragment = hash < 0 ? '' : ref.slice(hash + 1);
    const file = this.fileOf(base, path.resolve(fromFile));
    let node = this.load(file);
    if (fragment !== '' && fragment !== '/') {
      if (!fragment.startsWith('/')) throw new DiffInputError(`${fromFile}: $ref ${ref} uses an anchor; only JSON Pointer fragments resolve`);
      for (const raw of fragment.slice(1).split('/')) {
        const key = unescapeSegment(decodeURIComponent(raw));
        node = Array.isArray(node) ? node[Number(key)] : isObject(node) ? node[key] : undefined;
        if (node === undefined) throw new DiffInputError(`${fromFile}: $ref ${ref} does not resolve (no "${key}")`);
      }
    }
    return { node, file };
  }

  /** Follows `$ref`s until a node without one (for parameters, responses, request bodies: no sibling merging). */
  deref(node: unknown, fromFile: string): { node: unknown; file: string } {
    let current = { node, file: fromFile };
    for (let hops = 0; isObject(current.node) && typeof current.node.$ref === 'string'; hops++) {
      if (hops > 50) throw new DiffInputError(`${fromFile}: $ref cycle at ${current.node.$ref}`);
      current = this.resolve(current.node.$ref, current.file);
    }
    return current;
  }
}

/** Reads an OpenAPI document; throws DiffInputError when it is not one. */
export function readOpenApi(file: string, resolver: RefResolver): Doc {
  const doc = resolver.load(file);
  if (!isObject(doc) || !isObject(doc.paths) || (typeof doc.openapi !== 'string' && typeof doc.swagger !== 'string')) {
    throw new DiffInputError(`${file} is not an OpenAPI document (no openapi version or no paths)`);
  }
  return doc;
}
