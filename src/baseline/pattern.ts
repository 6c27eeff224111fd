/**
 * Path patterns of a baseline: a violation path (JSON Pointer, `#status`, `#header/NAME`) in which a
 * segment may be `*` (any one segment: an array index) or `**` (any number of segments, none included).
 */

/** The pattern --write-baseline records: every array index becomes `*`, so that the 3rd and the 7th item are one entry. */
export function pathPattern(path: string): string {
  return path
    .split('/')
    .map((segment, i) => (i > 0 && /^\d+$/.test(segment) ? '*' : segment))
    .join('/');
}

export function matchesPath(pattern: string, path: string): boolean {
  if (pattern === path) return true;
  return matchSegments(pattern.split('/'), 0, path.split('/'), 0);
}

function matchSegments(pattern: string[], p: number, path: string[], q: number): boolean {
  while (p < pattern.length) {
    const segment = pattern[p] as string;
    if (segment === '**') {
      // Zero or more segments: try every remaining suffix (patterns are short; no memo needed).
      for (let skip = q; skip <= path.length; skip++) if (matchSegments(pattern, p + 1, path, skip)) return true;
      return false;
    }
    if (q >= path.length) return false;
    if (segment !== '*' && segment !== path[q]) return false;
    p++;
    q++;
  }
  return q === path.length;
}
