/* eslint-disable */
/**
 * GENERATED, DO NOT EDIT: run `npm run gen:types` (scripts/gen-config-types.mjs).
 * Source: schemas/config/rollcall.config.schema.json and the schemas/*.schema.json definitions it $refs.
 * test/run/config-types.test.ts fails when this file and the schema disagree.
 */

/**
 * What `rollcall run` flags hold, plus per-rule severity overrides. Flags given on the command line win over the file.
 */
export interface RollcallConfigJson {
  $schema?: string;
  /**
   * Where the suites send their requests (default mock).
   */
  target?: 'mock' | 'live' | 'replay';
  /**
   * Which APIs to run (default all).
   */
  api?:
    | ('twilio-video' | 'twilio-insights' | 'telnyx' | 'all')
    | ['twilio-video' | 'twilio-insights' | 'telnyx', ...('twilio-video' | 'twilio-insights' | 'telnyx')[]];
  /**
   * Where reports are written.
   */
  reportDir?: string;
  /**
   * Warnings fail the run too.
   */
  strict?: boolean;
  /**
   * Mock faults to turn on (mock target only).
   */
  faults?: string[];
  /**
   * Seed of the embedded mock's data.
   */
  seed?: number;
  /**
   * Directory to record every exchange to (secrets redacted).
   */
  record?: string;
  /**
   * Recording to replay (target replay).
   */
  from?: string;
  /**
   * Live target: the Room SID that update cases may kick participants of. Only together with the same --allow-mutations on the command line: a config file alone never enables mutations.
   */
  allowMutations?: string;
  /**
   * Upper bound of requests for the run.
   */
  maxRequests?: number;
  /**
   * A response slower than this is http.slow.
   */
  slowMs?: number;
  /**
   * Per-request deadline, in ms: the whole answer (status line, headers and body) arrives within it, or the request is http.timeout (an error), however steadily the server keeps sending. Default 15000.
   */
  timeoutMs?: number;
  /**
   * Per-case deadline, in ms: every request of a case ends by it (a retry or a wait that would overrun it is not made), so a slow or dripping sandbox cannot hold one case longer. Default 100000.
   */
  caseBudgetMs?: number;
  /**
   * After a 429 that names no delay (no Retry-After, no x-ratelimit-reset): the first wait, doubled per retry up to the longest Retry-After honoured. Default 1000.
   */
  rateLimitBackoffMs?: number;
  /**
   * After a kick (mutations allowed), how long rollcall re-reads the fetch and the Status lists until each shows it. Default 10000.
   */
  consistencyBudgetMs?: number;
  /**
   * Baseline file (rollcall.baseline.schema.json): the run fails only on violations it neither knows nor waives. --baseline wins.
   */
  baseline?: string;
  /**
   * Per-rule severity overrides: rule id to error, warning or off.
   */
  severity?: {
    [k: string]: 'error' | 'warning' | 'off';
  };
  /**
   * Mock target: participants join, reconnect and leave in-progress rooms and sessions while the mock serves, at this mean number of events per API request (0.1: one every 10 requests; 0: off; the mock refuses more than it supports, naming its maximum). Deterministic for a seed and a sequence of requests.
   */
  churn?: number;
  /**
   * Mock target: how the stateful faults behave (delays in ms, counts, Retry-After in s).
   */
  faultSettings?: {
    slowMs?: number;
    burstLength?: number;
    rateLimitCount?: number;
    retryAfterSeconds?: number;
  };
  /**
   * Largest response body read, in bytes; a bigger one is http.response-too-large.
   */
  maxResponseBytes?: number;
}
