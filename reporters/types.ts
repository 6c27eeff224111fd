import type { DiscoverySummary, PreflightReport } from '../src/run/target.js';
/** What every rollcall reporter is given besides vitest's events: where to write, and what the run was. */
export interface RunMeta {
  tool: 'rollcall';
  rollcallVersion: string;
  vitestVersion: string;
  node: string;
  target: string;
  kind: 'mock' | 'live' | 'replay';
  faults: string[];
  seed?: number;
  strict: boolean;
  startedAt: string;
  /** `k/n` when this run is one shard of a sharded run. */
  shard?: string;
  /** Set when the run was stopped (a signal, --max-duration): the report holds only the cases that finished. */
  interrupted?: string;
  /** Live runs: what the preflight read of each parent found (src/run/preflight.ts). */
  preflight?: PreflightReport;
  /** What discovery found in each parent, which the cases were planned from (src/run/discovery.ts). */
  discovery?: DiscoverySummary;
}

export interface ReporterOptions {
  reportDir: string;
  run: RunMeta;
  /** Sample occurrences kept per problem (`--max-samples`); default problems.ts DEFAULT_MAX_SAMPLES. */
  maxSamples?: number;
}
