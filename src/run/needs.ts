/**
 * What a case needs from the target. A case whose need the target cannot meet (no connected
 * participant to fetch, no identity to filter by...) throws Unmet: the suite marks it skipped with
 * the reason, never passed, so an empty room is not a wall of green.
 */
export class Unmet extends Error {
  override name = 'Unmet';
}

/** `value` when the target has it; otherwise the case is skipped with `reason` (what the target lacks). */
export function need<T>(value: T | undefined | null, reason: string): T {
  if (value === undefined || value === null) throw new Unmet(reason);
  return value;
}
