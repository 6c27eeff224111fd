/** What `rollcall diff` reports: its changes and the report, apart from the code that finds them (index.ts) and prints them (format.ts). */
import type { ChangeKind } from './classify.js';

export type ChangeLocation = 'operation' | 'parameter' | 'request-body' | 'response';

export interface SpecChange {
  kind: ChangeKind;
  breaking: boolean;
  operation: string;
  location: ChangeLocation;
  /**
   * response and request-body: a JSON Pointer pattern into the body (`*` array items, `{key}` map
   * values); parameter: `in/name` then a pointer into its schema; response statuses: `#status/404`.
   */
  path: string;
  before: unknown;
  after: unknown;
  message: string;
}

export interface DiffReport {
  tool: 'rollcall diff';
  version: 1;
  a: string;
  b: string;
  /** Our operations found in at least one of the documents, with where each document has them. */
  operations: Array<{ id: string; a: { method: string; path: string } | null; b: { method: string; path: string } | null }>;
  /** Our operations found in neither document. */
  notFound: string[];
  changes: SpecChange[];
  summary: { breaking: number; nonBreaking: number };
}
