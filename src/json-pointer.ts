/**
 * JSON Pointers (RFC 6901), the one implementation: violations, schema nodes, excerpts, baselines
 * and drift paths all read and write them through here.
 */

/** A key as a pointer segment: `~` -> `~0`, `/` -> `~1`. */
export function escapeSegment(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** A pointer segment as the key it names: `~1` -> `/`, `~0` -> `~` (in that order, as RFC 6901 says). */
export function unescapeSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** A pointer from keys and indexes: `pointerOf('participants', 3, 'sid')` -> `/participants/3/sid`. */
export function pointerOf(...segments: Array<string | number>): string {
  let out = '';
  for (const s of segments) out += '/' + escapeSegment(s);
  return out;
}

/** The keys a pointer names, unescaped: `/a~1b/0` -> `['a/b', '0']`; `` (the whole value) -> `[]`. */
export function segmentsOf(pointer: string): string[] {
  return pointer.startsWith('/') ? pointer.slice(1).split('/').map(unescapeSegment) : [];
}

/** The value a pointer names in a JSON value, or undefined when there is none. */
export function valueAt(value: unknown, pointer: string): unknown {
  let node = value;
  for (const key of segmentsOf(pointer)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
