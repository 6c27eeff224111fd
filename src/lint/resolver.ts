/**
 * The `$ref` resolver of `rollcall lint`: local files only, JSON Schema 2020-12's `$ref`
 * siblings kept, and a correction of the reference map Spectral uses to place a finding.
 * Spectral resolves through @stoplight/spectral-ref-resolver (it places findings through that
 * resolver's graph); everything else in rollcall, the lint rules included, follows `$ref`s with
 * src/ref/resolver.ts.
 */
import fs from 'node:fs/promises';
import { Resolver } from '@stoplight/spectral-ref-resolver';

type ResolveResult = Awaited<ReturnType<Resolver['resolve']>>;
type ResolveOptions = NonNullable<Parameters<Resolver['resolve']>[1]>;
type ParseResolveResult = NonNullable<ResolveOptions['parseResolveResult']>;

/** The URI a `$ref` reader is given (urijs); only its href is needed. */
interface RefUri {
  href(): string;
}

async function readFile(ref: RefUri): Promise<string> {
  return fs.readFile(ref.href(), 'utf8');
}

/* Lint is offline and deterministic (CI has no network): a remote `$ref` is reported by Spectral
 * as an unresolvable reference (`invalid-ref`) instead of being fetched. */
async function refuseRemote(ref: RefUri): Promise<never> {
  throw new Error(`remote reference ${ref.href()} is not fetched: rollcall lint reads local files only`);
}

/**
 * JSON Schema keywords that constrain a value. A `$ref` next to one of them is a 2020-12 schema
 * whose siblings apply together with the target, never an OpenAPI Reference Object (which may
 * only carry `summary` and `description`).
 */
const ASSERTION_KEYWORDS = new Set([
  'type', 'enum', 'const', 'format', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum',
  'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minItems', 'maxItems', 'uniqueItems',
  'minContains', 'maxContains', 'minProperties', 'maxProperties', 'required', 'dependentRequired',
  'properties', 'patternProperties', 'additionalProperties', 'unevaluatedProperties', 'propertyNames',
  'items', 'prefixItems', 'contains', 'unevaluatedItems', 'allOf', 'anyOf', 'oneOf', 'not', 'if',
  'then', 'else', 'dependentSchemas', 'nullable',
]);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A copy of `node` in which every schema `{$ref: X, ...siblings}` reads `{...siblings, allOf:
 * [..., {$ref: X}]}`. In JSON Schema 2020-12 (and so OpenAPI 3.1) the two mean the same, but
 * Spectral's resolver replaces a `$ref` object by its target and drops the siblings
 * (stoplightio/spectral#2947): our schemas write `NullableRoomSid` as `{type: [string, null],
 * $ref: RoomSidPattern}` and a list's meta as `{$ref: ListMeta, properties: {key: {const}}}`, so
 * without this the `oas` example rules would never see a SID's type or meta.key's const, and
 * our rules would not see them either. The reference is appended to an existing `allOf`, so the
 * paths of its members do not move.
 */
export function refSiblingsToAllOf(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(refSiblingsToAllOf);
  if (!isPlainObject(node)) return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) copy[key] = refSiblingsToAllOf(value);
  const { $ref: ref, ...siblings } = copy;
  if (typeof ref !== 'string' || !Object.keys(siblings).some((key) => ASSERTION_KEYWORDS.has(key))) return copy;
  const allOf = Array.isArray(siblings.allOf) ? siblings.allOf : [];
  return { ...siblings, allOf: [...allOf, { $ref: ref }] };
}

/**
 * Spectral places a finding by walking the resolver's reference map (pointer in a document ->
 * the `$ref` found there). The map's keys are URI-encoded pointers (`#/%24defs/RoomSid/...`), but
 * when Spectral follows a reference into another file it continues with the fragment as written
 * in the `$ref` (`#/$defs/RoomSid`). With JSON Schema 2020-12's `$defs` no key then matches, and a
 * finding inside a schemas/ file is reported at the last `$ref` that leads to it (often in
 * another file) instead of at the definition to fix (compare stoplightio/spectral#1517). Giving
 * every key a twin with `$` unescaped, and unescaping `$` in every target, makes both spellings meet.
 */
function normaliseDollarPointers(result: ResolveResult): void {
  for (const node of result.graph.overallOrder()) {
    const data = result.graph.getNodeData(node);
    const refMap: Record<string, string> | undefined = data?.refMap;
    if (refMap === undefined) continue;
    const fixed: Record<string, string> = {};
    for (const [pointer, target] of Object.entries(refMap)) {
      const unescapedTarget = target.replace(/%24/g, '$');
      fixed[pointer] = unescapedTarget;
      fixed[pointer.replace(/%24/g, '$')] = unescapedTarget;
    }
    data.refMap = fixed;
  }
}

class LintResolver extends Resolver {
  constructor() {
    super({
      resolvers: {
        file: { resolve: readFile },
        http: { resolve: refuseRemote },
        https: { resolve: refuseRemote },
      },
    });
  }

  /*
   * An OpenAPI 3.1+ document and every file it references are resolved from a sibling-preserving
   * copy (refSiblingsToAllOf); OpenAPI 2.0 and 3.0 say siblings of `$ref` are ignored, so theirs
   * are left to Spectral. Spectral keeps the documents themselves as parsed, so the unresolved view
   * (`resolved: false` rules) and the line numbers are those of the files as written.
   */
  override async resolve(source: unknown, opts?: ResolveOptions): Promise<ResolveResult> {
    const keepsSiblings = isPlainObject(source) && typeof source.openapi === 'string' && !/^[0-2]\.|^3\.0(\.|$)/.test(source.openapi);
    let result: ResolveResult;
    if (keepsSiblings) {
      const parse: ParseResolveResult | undefined = opts?.parseResolveResult;
      const parseKeepingSiblings: ParseResolveResult = async (resolveOpts) => {
        const parsed = parse ? await parse(resolveOpts) : resolveOpts;
        return { ...parsed, result: refSiblingsToAllOf(parsed.result) };
      };
      result = await super.resolve(refSiblingsToAllOf(source), { ...opts, parseResolveResult: parseKeepingSiblings });
    } else {
      result = await super.resolve(source, opts);
    }
    normaliseDollarPointers(result);
    return result;
  }
}

/**
 * A new resolver, for one document. A resolver caches every file it read along with the graph of
 * the resolution that read it; resolving a second document from that cache leaves the second
 * graph without the files' reference maps, and Spectral then places the findings in them at 1:1
 * of the linted document. A fresh resolver also reads an edited schema file afresh.
 */
export function createResolver(): Resolver {
  return new LintResolver();
}
