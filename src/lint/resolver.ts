/**
 * The `$ref` resolver of `rollcall lint`: local files only, plus a correction of the reference
 * map Spectral uses to place a finding in the file it comes from.
 */
import fs from 'node:fs/promises';
import { Resolver } from '@stoplight/spectral-ref-resolver';

type ResolveResult = Awaited<ReturnType<Resolver['resolve']>>;

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

class LocalFileResolver extends Resolver {
  constructor() {
    super({
      resolvers: {
        file: { resolve: readFile },
        http: { resolve: refuseRemote },
        https: { resolve: refuseRemote },
      },
    });
  }

  override async resolve(...args: Parameters<Resolver['resolve']>): Promise<ResolveResult> {
    const result = await super.resolve(...args);
    normaliseDollarPointers(result);
    return result;
  }
}

/**
 * A new resolver: one per lint run, so that its cache of referenced files (which Spectral also
 * keys its parsed documents by) never outlives the run and an edited schema file is read afresh.
 */
export function createResolver(): Resolver {
  return new LocalFileResolver();
}
