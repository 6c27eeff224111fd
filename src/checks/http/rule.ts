import type { Severity } from '../../types.js';

/** A rule about the HTTP exchange itself, which no schema can state. */
export interface HttpRule {
  id: string;
  severity: Severity;
  description: string;
}
