import type { Violation } from '../types.js';
/** The shapes of a drift report: what the documents say about each field next to what was observed. */
import type { Severity } from '../types.js';

/** `info` is for observations that are worth reading but never fail anything (a documented enum value never seen). */
export type DriftSeverity = Severity | 'info';

/** JSON types as observed; `integer` is a number with no fraction (documented `number` accepts it). */
export type JsonType = 'null' | 'boolean' | 'integer' | 'number' | 'string' | 'array' | 'object';

/** What schemas/ documents about one field, derived by walking the operation's 2xx response schema. */
export interface DocumentedField {
  /** Documented JSON types without `null`; empty when the schema gives no type (any value). */
  types: string[];
  nullable: boolean;
  format?: string;
  pattern?: string;
  /** Documented values (a `const` is a one-value enum), without null. */
  enum?: unknown[];
  /** Required in its parent object (always true for the body and for array items). */
  required: boolean;
  /** `object`: its properties are documented (any other key is undocumented); `map`: any key, documented values; `free-form`: an object with nothing documented inside. */
  shape?: 'object' | 'map' | 'free-form';
}

/** Bounded counters of one field (path pattern) of one operation. */
export interface ObservedField {
  /** How many times the field was present (null included). */
  count: number;
  /** How many times its parent was an object (an item, the body): the field could have been present. */
  parentCount: number;
  types: Partial<Record<JsonType, number>>;
  nullCount: number;
  /** count / parentCount, 0..1; 1 for the body. */
  presenceRate: number;
  nullRate: number;
  /** Enum (or const) fields only: values seen with counts, at most `limits.distinctValues` distinct. */
  values?: Record<string, number>;
  /** Occurrences of values beyond the distinct cap (not counted in `values`). */
  valuesOverflow?: number;
  /** Map fields (`additionalProperties: {schema}`): keys seen with counts, capped like values. */
  keys?: Record<string, number>;
  keysOverflow?: number;
  pattern?: { checked: number; hits: number; hitRate: number };
  format?: { checked: number; hits: number; hitRate: number };
  /** A few values that broke the contract (type, enum, pattern or format), for the reader. */
  samples: unknown[];
}

export interface FieldReport {
  /** JSON Pointer pattern into the response body, `*` for any array index, `{key}` for any key of a map. */
  path: string;
  /** Null when the field is not documented (an undocumented field). */
  documented: DocumentedField | null;
  observed: ObservedField;
}

export interface OperationReport {
  id: string;
  /** Exchanges of this operation in the recordings. */
  exchanges: number;
  /** Exchanges whose body was analysed: the documented success status with a JSON body. */
  analysed: number;
  /** Exchanges left out, by reason. */
  skipped: { otherStatus: number; notJson: number };
  /** The success status whose schema was walked, and that schema. */
  status: number;
  schemaRef: string;
  fields: FieldReport[];
  /** Undocumented paths beyond the per-operation cap (their occurrences, not tracked one by one). */
  undocumentedOverflow: number;
}

/** A drift finding: a Violation (src/types.ts) without a request, whose severity may also be `info`. */
export type DriftFinding = Omit<Violation, 'severity' | 'request' | 'baseline'> & { severity: DriftSeverity };

/** One thing seen in a run: a field, a type of a field, or a value of an enum field. */
export interface Observation {
  operation: string;
  path: string;
  kind: 'field' | 'type' | 'value';
  /** The type or value (absent for kind `field`). */
  value?: string;
}

export interface DriftComparison {
  previous: string;
  /** Seen in this run, not in the previous one. */
  newObservations: Observation[];
  /** Seen in the previous run, not in this one (only for operations this run analysed). */
  vanishedObservations: Observation[];
  newFindings: Array<Pick<DriftFinding, 'rule' | 'severity' | 'operation' | 'path'>>;
  resolvedFindings: Array<Pick<DriftFinding, 'rule' | 'severity' | 'operation' | 'path'>>;
}

export interface DriftLimits {
  /** Distinct enum values (and map keys) counted per field; the rest is an overflow count. */
  distinctValues: number;
  /** Off-contract sample values kept per field. */
  samples: number;
  /** Undocumented paths tracked per operation. */
  undocumentedPaths: number;
  /** Unknown operation ids tracked. */
  unknownOperations: number;
}

export const DEFAULT_LIMITS: Readonly<DriftLimits> = Object.freeze({ distinctValues: 100, samples: 5, undocumentedPaths: 100, unknownOperations: 20 });

export interface DriftReport {
  tool: 'rollcall drift';
  /** Bumped when the shape changes incompatibly; `--previous` refuses other versions. */
  version: 1;
  sources: string[];
  totals: {
    /** Lines (exchanges) read. */
    exchanges: number;
    analysed: number;
    /** Lines that are not JSON, or lack operationId/response. */
    malformed: number;
    /** Exchanges of operations the specs do not document, by id (capped). */
    unknownOperations: Record<string, number>;
    /** Documented operations with no exchange in the recordings (left out of `operations`). */
    notObserved: string[];
  };
  operations: OperationReport[];
  findings: DriftFinding[];
  summary: { errors: number; warnings: number; infos: number };
  comparison?: DriftComparison;
}
