import type { Finding, Severity } from '../../types.js';

/** A rule about the HTTP exchange itself, which no schema can state. */
export interface HttpRule {
  id: string;
  severity: Severity;
  description: string;
}

/** A finding the HTTP layer reports by itself (src/run/probe.ts): it names its rule and severity. */
export interface HttpFinding<Id extends string = string> extends Finding {
  rule: Id;
  severity: 'error' | 'warning';
}
