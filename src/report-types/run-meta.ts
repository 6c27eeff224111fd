/**
 * What a run was, as every report records it: the tool, the target, the faults, and what the
 * preflight and discovery found. Written by the runner (src/run/runner.ts), read by the reporters.
 */
import type { ApiName } from '../types.js';
import type { RoomStatus } from '../catalog/facts.js';

/** The report's view of discovery: counts, statuses, state and the span of each timestamp, per parent; no participant. */
export interface DiscoverySummary {
  requests: number;
  durationMs: number;
  parents: Array<{
    api: ApiName;
    id: string;
    counts?: Record<string, number>;
    statuses?: Record<string, number>;
    /** The room's state, read where the target knows it or inferred from its participants (Video only). */
    state?: { value: RoomStatus; from: 'read' | 'inferred' };
    /** Each timestamp field: how many participants carry it, and the earliest and latest. */
    timestamps?: Record<string, { count: number; first: string; last: string }>;
    /** Why the parent could not be read (its cases read the lists themselves). */
    unread?: string;
  }>;
}

/** What the preflight read of each configured parent found, kept in the report. */
export interface PreflightReport {
  requests: number;
  durationMs: number;
  parents: PreflightParent[];
}

export interface PreflightParent {
  api: ApiName;
  /** The parent's id (a room SID, a conference SID, a room session id): not a secret. */
  id: string;
  /** The status of the first read. */
  status: number;
  /** Participants seen at the smallest page size (per Status for Video when the default list is empty): 0 means nothing to test; null when an answer was not a list (the cases judge it). */
  participantsSeen: number | null;
}

/** What every rollcall reporter is given besides vitest's events: what the run was. */
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
