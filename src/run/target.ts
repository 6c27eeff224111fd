/**
 * What a run talks to, as plain data: the runner builds it (starting the embedded mock, reading the
 * environment, or serving a recording) and hands it to the suites through vitest's `provide`.
 */
import type { ApiName } from '../types.js';
import type { Baseline } from '../baseline/index.js';
import type { SeverityOverrides } from '../catalog/catalog.js';
import type { RoomStatus } from '../catalog/facts.js';
import type { DiscoverySummary, PreflightReport } from '../report-types/run-meta.js';

// Where the reports' view of preflight and discovery is defined (report-types), named here too for the run's modules.
export type { DiscoverySummary, PreflightParent, PreflightReport } from '../report-types/run-meta.js';

export type TargetKind = 'mock' | 'live' | 'replay';

export interface BasicAuth { username: string; password: string }

/** What discovery (src/run/discovery.ts) found in one parent: what the cases are planned from. */
export interface Discovered {
  /** Participants per list read: `''` the default (unfiltered) list, `Status=connected`... */
  counts: Record<string, number>;
  /** Every participant seen, once (the union of the lists read), as listed. */
  items: Array<Record<string, unknown>>;
  /** The room's state, read where the target knows it or inferred from its participants (Video only). */
  state?: { value: RoomStatus; from: 'read' | 'inferred' };
}

export interface RoomTarget {
  sid: string;
  uniqueName?: string;
  /** Known for the mock; unknown for a live room (undefined). */
  status?: RoomStatus;
  /** How many participants, when known: decides the fixture kind (empty, one page, many pages). */
  participants?: number;
  /** Filled by discovery before the suites run. */
  discovered?: Discovered;
}

export interface TwilioVideoTarget {
  baseUrl: string;
  auth: BasicAuth;
  /** The caller's account SID (Basic user when it is an account SID). */
  accountSid?: string;
  rooms: RoomTarget[];
  /** Mutations (kicks) go here, and only here: the mock's own copy, or the room named by --allow-mutations. */
  mutations?: { baseUrl: string; auth: BasicAuth; room: RoomTarget };
}

export interface TwilioInsightsTarget {
  baseUrl: string;
  auth: BasicAuth;
  accountSid?: string;
  conferences: Array<{ sid: string; participants?: number; discovered?: Discovered }>;
}

export interface TelnyxTarget {
  baseUrl: string;
  apiKey: string;
  sessions: Array<{ id: string; participants?: number; discovered?: Discovered }>;
}

export interface TargetInfo {
  kind: TargetKind;
  /** Describes the target in reports, without secrets. */
  label: string;
  twilioVideo?: TwilioVideoTarget;
  twilioInsights?: TwilioInsightsTarget;
  telnyx?: TelnyxTarget;
  /** APIs that will not run, and the one line that says why. */
  skipped: Array<{ api: ApiName; reason: string }>;
  settings: RunSettings;
  /** Live targets: the environment variables behind each API's settings, named in one-line errors (never their values). */
  variables?: Partial<Record<ApiName, { baseUrl: string; parent: string; credentials: string }>>;
  /** Live targets: what the preflight read of each parent found (src/run/preflight.ts). */
  preflight?: PreflightReport;
  /** Every target: what discovery found in each parent (src/run/discovery.ts); the parents carry the details. */
  discovery?: DiscoverySummary;
  /** `--allow-empty`: a parent with nothing to test is not a configuration error. */
  allowEmpty?: boolean;
}

export interface RunSettings {
  strict: boolean;
  /** A response slower than this is `http.slow`. */
  slowMs: number;
  /**
   * Per-request deadline, ms: the whole answer (status line, headers and body) arrives within it or the
   * request is `http.timeout`, however steadily the server keeps sending. Default 15000.
   */
  timeoutMs: number;
  /** Largest response body read, bytes. */
  maxResponseBytes: number;
  /** Upper bound of requests for the whole run (live runs). */
  maxRequests: number;
  /** Pages a single walk may follow. */
  maxPagesPerWalk: number;
  /** Retries of a 5xx or a 429, per request. */
  retries: number;
  /** Longest Retry-After honoured, seconds. */
  maxRetryAfterSeconds: number;
  /**
   * The first wait after a 429 that names no usable delay (Twilio documents no Retry-After on its 429,
   * code 20429): doubled on each retry, never above maxRetryAfterSeconds.
   */
  rateLimitBackoffMs: number;
  /**
   * After a kick, how long the lifecycle case polls the fetch and the Status lists until each shows it
   * (eventual consistency): a kick not visible within this is the violation; a slower one than none is a figure.
   */
  consistencyBudgetMs: number;
  /** Per-case deadline (ms): every request of a case ends by it; below the suites' 120 s test timeout, so the finding is rollcall's. */
  caseBudgetMs: number;
  /** A file counting the run's requests across workers (set by the runner). */
  budgetFile?: string;
  /** Where exchanges are written, when recording. */
  recordDir?: string;
  /** Per-rule severity overrides from the config file. */
  severity: SeverityOverrides;
  /** `--baseline FILE`, loaded: its known and waived violations are marked and do not fail a case. */
  baseline?: Baseline;
  /** `--explore N [--replay-case ID]`: generated cases per list operation (src/explore/). */
  explore?: ExploreSettings;
}

export interface ExploreSettings {
  /** Generated cases per list operation. */
  cases: number;
  /** The run's seed: every generated case derives its own from it. */
  seed: number;
  /** Only this generated case (operation/index[/shrink path]), as a failure printed it. */
  replayCase?: string;
  /** The command line that reruns this run's exploration, without --api and --replay-case (for replay lines). */
  command: string;
}

export const DEFAULT_SETTINGS: RunSettings = {
  strict: false,
  slowMs: 2000,
  timeoutMs: 15_000,
  maxResponseBytes: 8 * 1024 * 1024,
  maxRequests: 20_000,
  maxPagesPerWalk: 500,
  retries: 2,
  maxRetryAfterSeconds: 5,
  rateLimitBackoffMs: 1000,
  consistencyBudgetMs: 10_000,
  caseBudgetMs: 100_000,
  severity: {},
};

/** Every secret a target holds: redaction replaces each of them wherever it appears. */
export function secretsOf(target: TargetInfo): string[] {
  const out: string[] = [];
  const basic = (a?: BasicAuth) => {
    if (!a) return;
    out.push(a.password, Buffer.from(`${a.username}:${a.password}`).toString('base64'));
  };
  basic(target.twilioVideo?.auth);
  basic(target.twilioVideo?.mutations?.auth);
  basic(target.twilioInsights?.auth);
  if (target.telnyx) out.push(target.telnyx.apiKey);
  return out.filter((s) => s.length >= 4);
}
