/** The reporters by name: `rollcall run --reporter NAME` (repeatable); one file each in reporters/. */
import type { Reporter } from 'vitest/node';
import JsonReporter from './json.js';
import type { ReporterOptions } from './types.js';

export type { ReporterOptions, RunMeta } from './types.js';

export const REPORTERS: Record<string, (options: ReporterOptions) => Reporter> = {
  json: (o) => new JsonReporter(o),
};

/** The reporters a run uses when none is named: json, plus those registered as defaults. */
export const DEFAULT_REPORTERS: string[] = ['json'];

export function createReporters(names: string[], options: ReporterOptions): Reporter[] {
  const unknown = names.filter((n) => !REPORTERS[n]);
  if (unknown.length) throw new Error(`unknown reporter ${unknown.join(', ')}; reporters: ${Object.keys(REPORTERS).join(', ')}`);
  return names.map((n) => (REPORTERS[n] as (o: ReporterOptions) => Reporter)(options));
}
