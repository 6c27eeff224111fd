import type { HttpFinding, HttpRule } from './rule.js';

/** Found by src/run/probe.ts on the attempt it keeps (timed from sending to the whole body). */
export const slow = {
  id: 'http.slow',
  severity: 'warning',
  description: 'A response arrives within slowMs.',
} as const satisfies HttpRule;

/** An attempt that took `elapsedMs`, against the run's `slowMs`. */
export function slowFindings(elapsedMs: number, slowMs: number): Array<HttpFinding<typeof slow.id>> {
  if (elapsedMs <= slowMs) return [];
  return [{
    rule: slow.id, severity: slow.severity, path: '#timing', expected: `<= ${slowMs} ms`, actual: `${elapsedMs} ms`,
    message: `The response took ${elapsedMs} ms.`,
    hint: 'Slow answers make gates time out; if it persists, raise slowMs in rollcall.config.json or look at the vendor\'s status.',
  }];
}
