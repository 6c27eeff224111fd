/** Generated cases are named by operation, index and fast-check's shrink path, and seeded from the run's seed. */

/** FNV-1a: a case's seed from the run's seed, the operation and the index (stable across versions of fast-check). */
export function caseSeed(seed: number, operationId: string, index: number): number {
  let h = 0x811c9dc5;
  for (const ch of `${seed}|${operationId}|${index}`) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

export interface CaseId {
  operationId: string;
  index: number;
  /** fast-check's counterexample path (run index, then shrink steps), e.g. `0:3:1`. */
  path?: string;
  /**
   * A stateful sequence's replayPath (fast-check's record of which commands ran, `fc.commands({ replayPath })`),
   * needed with `path` to walk the same shrinks; written URL-safe (`-` and `_` for base64's `+` and `/`).
   */
  replay?: string;
}

const urlSafe = (replayPath: string) => replayPath.replace(/\+/g, '-').replace(/\//g, '_');
const fromUrlSafe = (text: string) => text.replace(/-/g, '+').replace(/_/g, '/');

export function formatCaseId(id: CaseId): string {
  const replay = id.path && id.replay ? `/${urlSafe(id.replay)}` : '';
  return `${id.operationId}/${id.index}${id.path ? `/${id.path}` : ''}${replay}`;
}

/** `OPERATION/INDEX[/PATH[/REPLAY]]`; throws with the expected shape when it is not one. */
export function parseCaseId(text: string): CaseId {
  const m = /^([a-z0-9-]+\.[A-Za-z0-9]+)\/(\d+)(?:\/(\d+(?::\d+)*)(?:\/([A-Za-z0-9_-]+:[A-Za-z0-9_-]*))?)?$/.exec(text);
  if (!m) throw new Error(`--replay-case is OPERATION/INDEX[/PATH] as a failure prints it (e.g. telnyx.listRoomSessionParticipants/17/0:3:1), not "${text}"`);
  return { operationId: m[1] as string, index: Number(m[2]), ...(m[3] ? { path: m[3] } : {}), ...(m[4] ? { replay: fromUrlSafe(m[4]) } : {}) };
}

