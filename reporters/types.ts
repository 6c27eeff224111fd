import type { RunMeta } from '../src/report-types/run-meta.js';

// The run's metadata is defined with the other report types (src/report-types); named here for the reporters' options.
export type { RunMeta };

export interface ReporterOptions {
  reportDir: string;
  run: RunMeta;
  /** Sample occurrences kept per problem (`--max-samples`); default src/findings DEFAULT_MAX_SAMPLES. */
  maxSamples?: number;
}
