/**
 * The one `$ref` resolver of rollcall: the catalog (specs/ and schemas/), `rollcall diff`, the
 * lint rules and the reports' provenance all follow references through here.
 *
 * Given the documents (each under a file name, and under its `$id` when it has one) and a `$ref`
 * as written in one of them, it returns the target node, the file it lives in (so the references
 * inside the target resolve relative to it) and its JSON Pointer. A reference may be local
 * (`#/components/schemas/X`), a file relative to the referring one
 * (`../schemas/x.schema.json#/$defs/Y`), or an absolute or relative `$id` (`https://…/x.schema.json#/$defs/Y`).
 * A chain of references that comes back to itself is a RefError ("cycle"), never a loop; a
 * reference that does not resolve is a RefError naming the referring file and the reference.
 *
 * Why a walker of our own and not a library underneath: the libraries at hand resolve asynchronously
 * and read the files themselves — @stoplight/spectral-ref-resolver (a dependency; `rollcall lint`
 * hands Spectral one, src/lint/resolver.ts, because Spectral places its findings through that
 * resolver's graph) and @apidevtools/json-schema-ref-parser (present only as a transitive
 * dependency). Every caller here is synchronous over documents already read (the catalog at load,
 * resolveDef in the checks' hot paths, the diff's normaliser), so this is a thin synchronous walker
 * over loaded documents, with JSON Pointer handling from src/json-pointer.ts. It must stay the
 * only one: test/ref-resolver.test.ts fails when another file splits or walks a `$ref`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pointerOf, segmentsOf } from '../json-pointer.js';

/** Where a reference leads. */
export interface RefTarget {
  node: unknown;
  /** The file (document key) the node lives in: resolve the references inside `node` against it. */
  file: string;
  /** The node's JSON Pointer inside `file` (`` for the whole document). */
  pointer: string;
}

/** A reference that does not resolve (or resolves in a cycle); the message names the file and the ref. */
export class RefError extends Error {
  constructor(
    /** The file the reference is written in (undefined for a reference given on its own). */
    readonly file: string | undefined,
    readonly ref: string,
    reason: string,
  ) {
    super(`${file === undefined ? '' : `${file}: `}$ref ${ref} ${reason}`);
    this.name = 'RefError';
  }
}

/** A document the resolver knows: its key (a file name or an absolute path) and, optionally, its `$id`. */
export interface RefDocument {
  file: string;
  document: unknown;
  /** Defaults to the document's own `$id`. */
  id?: string;
}

export interface RefResolverOptions {
  documents?: Iterable<RefDocument>;
  /**
   * Reads a document the resolver has not been given, by absolute path (the diff reads the files
   * its documents reference as it meets them). Synchronous; may throw (an unreadable file).
   * Without it only the given documents resolve.
   */
  read?: (file: string) => unknown;
  /**
   * Also find a document by its file name alone (`x.schema.json`) when a reference's path or URI
   * names no known document: specs/ reach schemas/ by `../schemas/x.schema.json`, and schemas/ are
   * keyed by file name.
   */
  byName?: boolean;
  /** Prepended to every error message (`rollcall: `). */
  prefix?: string;
  /** Turns a RefError into the error the caller throws (the diff's DiffInputError). */
  toError?: (error: RefError) => Error;
}

function isObject(v: unknown): v is { [key: string]: unknown } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const ABSOLUTE_URI = /^[a-z][a-z0-9+.-]*:/i;
const isUri = (s: string) => ABSOLUTE_URI.test(s) && !/^[a-z]:[\\/]/i.test(s);

/** A reference's parts: the document part (before `#`) and the fragment (after it, as written). */
export function splitRef(ref: string): { base: string; fragment: string } {
  const hash = ref.indexOf('#');
  return hash < 0 ? { base: ref, fragment: '' } : { base: ref.slice(0, hash), fragment: ref.slice(hash + 1) };
}

/** A reference into the document it is written in (`#/...`, or `#`). */
export function isLocalRef(ref: string): boolean {
  return ref.startsWith('#');
}

/** The `$ref` of a node, when it is a Reference (a string `$ref`). */
export function refOf(node: unknown): string | undefined {
  return isObject(node) && typeof node.$ref === 'string' ? node.$ref : undefined;
}

/** A node without its `$ref`: the sibling keywords (which, in JSON Schema 2020-12, apply too). */
export function refSiblings<T extends { [key: string]: unknown }>(node: T): Omit<T, '$ref'> {
  const { $ref: _ref, ...siblings } = node;
  return siblings;
}

export class RefResolver {
  private readonly docs = new Map<string, unknown>();
  private readonly ids = new Map<string, string>();
  private readonly idOfFile = new Map<string, string>();

  constructor(private readonly options: RefResolverOptions = {}) {
    for (const d of options.documents ?? []) this.add(d.file, d.document, d.id);
  }

  /** Adds (or replaces) a document. */
  add(file: string, document: unknown, id: string | undefined = isObject(document) && typeof document.$id === 'string' ? document.$id : undefined): void {
    this.docs.set(file, document);
    if (id !== undefined) {
      const bare = splitRef(id).base;
      this.ids.set(bare, file);
      this.idOfFile.set(file, bare);
    }
  }

  has(file: string): boolean {
    return this.docs.has(file);
  }

  /** A document by its key (or `$id`), read through `read` the first time when the resolver has one. */
  document(file: string): unknown {
    const key = this.docs.has(file) ? file : (this.ids.get(file) ?? file);
    if (this.docs.has(key)) return this.docs.get(key);
    if (!this.options.read) throw this.fail(undefined, file, 'names no known document');
    const document = this.options.read(key);
    this.add(key, document);
    return document;
  }

  /** The `$id` of a document, when it has one. */
  idOf(file: string): string | undefined {
    return this.idOfFile.get(file);
  }

  /**
   * The document a reference's base (the part before `#`) names, as written in `from`: `` is
   * `from` itself; then a known `$id` or file key; a relative `$id` against `from`'s `$id`; a path
   * relative to `from` (read through `read`); a file name (byName); an absolute URI not read is
   * looked for, with `read`, as the file of that name beside `from` (no network).
   */
  locate(ref: string, from?: string): string {
    const { base } = splitRef(ref);
    const fromKey = from === undefined ? undefined : this.keyOf(from);
    if (base === '') {
      if (fromKey === undefined) throw this.fail(from, ref, 'is local but no document refers to it');
      return fromKey;
    }
    const known = this.keyOf(base);
    if (this.docs.has(known)) return known;
    const fromId = fromKey === undefined ? undefined : this.idOfFile.get(fromKey);
    if (!isUri(base) && fromId !== undefined && isUri(fromId)) {
      const absolute = this.ids.get(new URL(base, fromId).href);
      if (absolute !== undefined) return absolute;
    }
    const onDisk = fromKey !== undefined && path.isAbsolute(fromKey);
    if (!isUri(base) && onDisk) {
      const candidate = path.resolve(path.dirname(fromKey), decodeURIComponent(base));
      if (this.docs.has(candidate)) return candidate;
      if (this.options.read && !this.options.byName) {
        this.document(candidate);
        return candidate;
      }
    }
    if (this.options.byName) {
      const name = lastSegment(base);
      for (const [file] of this.docs) if (file === base || lastSegment(file) === name) return file;
      for (const [id, file] of this.ids) if (lastSegment(id) === name) return file;
    }
    if (isUri(base) && this.options.read && fromKey !== undefined && path.isAbsolute(fromKey)) {
      const sibling = path.join(path.dirname(fromKey), lastSegment(base));
      if (this.docs.has(sibling)) return sibling;
      if (fs.existsSync(sibling)) {
        this.document(sibling);
        return sibling;
      }
      throw this.fail(from, ref, 'is a URI rollcall does not fetch (no network); only local and relative file references resolve');
    }
    throw this.fail(from, ref, 'names no known document');
  }

  /** The reference made absolute: the target document's `$id` (or key) + the fragment as written. */
  absolute(ref: string, from?: string): string {
    const file = this.locate(ref, from);
    const { fragment } = splitRef(ref);
    return `${this.idOfFile.get(file) ?? file}#${fragment}`;
  }

  /** One step: the node `ref` (as written in `from`) points to. Does not follow a `$ref` found there. */
  resolve(ref: string, from?: string): RefTarget {
    const file = this.locate(ref, from);
    const { fragment } = splitRef(ref);
    let pointer: string;
    try {
      pointer = decodeURIComponent(fragment);
    } catch {
      throw this.fail(from, ref, 'has a malformed fragment');
    }
    if (pointer !== '' && !pointer.startsWith('/')) throw this.fail(from, ref, 'uses an anchor; only JSON Pointer fragments resolve');
    let node = this.document(file);
    const walked: string[] = [];
    for (const key of segmentsOf(pointer)) {
      const next = Array.isArray(node) ? (/^(0|[1-9]\d*)$/.test(key) ? node[Number(key)] : undefined) : isObject(node) && Object.hasOwn(node, key) ? node[key] : undefined;
      if (next === undefined) {
        const where = file === (from === undefined ? undefined : this.keyOf(from)) ? '' : ` in ${file}`;
        throw this.fail(from, ref, `does not resolve (no "${key}" at ${pointerOf(...walked) || '/'}${where})`);
      }
      walked.push(key);
      node = next;
    }
    return { node, file, pointer: pointerOf(...walked) };
  }

  /**
   * Follows a chain of references: `ref`'s target, then the target of its `$ref`, and so on, until
   * a node without one. Returns every step, first to last. A chain that comes back is a RefError
   * ("cycle") naming the chain. `sameDocument`: stop at a reference into another document.
   */
  chain(ref: string, from?: string, options: { sameDocument?: boolean } = {}): RefTarget[] {
    const steps: RefTarget[] = [];
    const seen = new Set<string>();
    let current: { ref: string; from: string | undefined } = { ref, from };
    for (;;) {
      const target = this.resolve(current.ref, current.from);
      const key = `${target.file}#${target.pointer}`;
      if (seen.has(key)) {
        const trail = [...steps, target].map((s) => `${s.file}#${s.pointer}`).join(' -> ');
        throw this.fail(current.from, current.ref, `is a cycle: ${trail}`);
      }
      seen.add(key);
      steps.push(target);
      const next = refOf(target.node);
      if (next === undefined || (options.sameDocument && !isLocalRef(next))) return steps;
      current = { ref: next, from: target.file };
    }
  }

  /**
   * The node a node stands for: itself when it has no `$ref`, else the end of its chain (for
   * parameters, responses, path items: the siblings of a Reference Object are not merged).
   */
  deref(node: unknown, from: string, options: { sameDocument?: boolean } = {}): RefTarget {
    const ref = refOf(node);
    if (ref === undefined || (options.sameDocument && !isLocalRef(ref))) return { node, file: this.keyOf(from), pointer: '' };
    return this.chain(ref, from, options).at(-1) as RefTarget;
  }

  private keyOf(fileOrId: string): string {
    if (this.docs.has(fileOrId)) return fileOrId;
    return this.ids.get(splitRef(fileOrId).base) ?? fileOrId;
  }

  private fail(from: string | undefined, ref: string, reason: string): Error {
    const error = new RefError(from, ref, reason);
    if (this.options.prefix) error.message = this.options.prefix + error.message;
    return this.options.toError ? this.options.toError(error) : error;
  }
}

function lastSegment(s: string): string {
  const bare = splitRef(s).base.replace(/[?].*$/, '');
  return bare.slice(Math.max(bare.lastIndexOf('/'), bare.lastIndexOf('\\')) + 1);
}
