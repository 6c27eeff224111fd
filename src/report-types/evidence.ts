/**
 * What a case can tell the reporters beyond its violations: every request it sent (with the status
 * it got) and what its success bodies held, field by field. Violations carry the request only of
 * what failed, so constraint coverage and the field charts need these two optional CaseMeta fields:
 *
 *   requests?: CaseRequest[]   one per exchange of the case, in order (redacted URL, status)
 *   fields?:   FieldTally[]    `new FieldTallies()` fed every 2xx body of the case, then `.list()`
 *
 * The run records them (src/run/outcome.ts); the reporters read them back through evidenceFromMeta,
 * guarded: a meta from elsewhere (an older blob) may lack them or hold something else.
 */
import { escapeSegment } from '../json-pointer.js';
import { hasKey, setKey } from '../json-safe.js';

export interface CaseRequest {
  /** The operation the exchange belongs to (a consistency case of one operation may fetch with another). */
  operation: string;
  method: string;
  /** The absolute request URL, query included, redacted. */
  url: string;
  /** The final HTTP status (after retries). */
  status: number;
  /** The form-encoded request body, when there is one (redacted). */
  body?: string;
  /** A curl line that reproduces the request, credentials as environment variables (redacted). */
  curl?: string;
  /**
   * The response body around the first violations of each problem in this exchange, by their JSON
   * pointer (src/findings/excerpt.ts `excerptAt`, redacted): what a problem's sample shows, highlighted.
   */
  excerpts?: Record<string, unknown>;
}

/** What one field (a JSON Pointer pattern, array indexes as `*`) held across success bodies. */
export interface FieldTally {
  operation: string;
  pointer: string;
  /** How many times the field was present. */
  count: number;
  /** JSON Schema type name (null, boolean, integer, number, string, array, object) -> occurrences. */
  types: Record<string, number>;
  /** Short string values -> occurrences, at most VALUE_CAP distinct ones per field. */
  values: Record<string, number>;
  /** Occurrences of strings not kept in `values` (too long, or past the cap). */
  otherValues: number;
}

export interface CaseEvidence {
  requests?: CaseRequest[];
  fields?: FieldTally[];
  rules?: RulesReached;
}

/**
 * The rules a case offered input to (`reached`) and those that ran on input they could judge
 * (`judged`, a subset): what "rules exercised" counts. Rule ids, sorted.
 */
export interface RulesReached {
  reached: string[];
  judged: string[];
}

const isRulesReached = (v: unknown): v is RulesReached =>
  isRecord(v) && Array.isArray(v.reached) && v.reached.every((r) => typeof r === 'string') && Array.isArray(v.judged) && v.judged.every((r) => typeof r === 'string');

/** Strings longer than this (SIDs, UUIDs, URLs) are counted, not kept: enum values are short. */
export const VALUE_MAX_LENGTH = 32;
/** Distinct values kept per field and case: bounded meta whatever the page size. */
export const VALUE_CAP = 16;
/** Distinct pointers kept per case: free-form objects (Insights `properties`) cannot blow it up. */
export const POINTER_CAP = 400;

export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/**
 * Tallies the fields of response bodies. The suite feeds it each 2xx body of a case
 * (`tallies.add(operationId, body)`) and sends `tallies.list()` as CaseMeta.fields.
 */
export class FieldTallies {
  private readonly byKey = new Map<string, FieldTally>();

  add(operation: string, body: unknown): void {
    this.visit(operation, '', body);
  }

  list(): FieldTally[] {
    return [...this.byKey.values()];
  }

  private visit(operation: string, pointer: string, value: unknown): void {
    if (pointer !== '') this.note(operation, pointer, value);
    if (Array.isArray(value)) for (const item of value) this.visit(operation, `${pointer}/*`, item);
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) this.visit(operation, `${pointer}/${escapeSegment(k)}`, v);
    }
  }

  private note(operation: string, pointer: string, value: unknown): void {
    const key = `${operation} ${pointer}`;
    let t = this.byKey.get(key);
    if (!t) {
      if (this.byKey.size >= POINTER_CAP) return;
      t = { operation, pointer, count: 0, types: {}, values: {}, otherValues: 0 };
      this.byKey.set(key, t);
    }
    t.count++;
    const type = jsonType(value);
    t.types[type] = (t.types[type] ?? 0) + 1;
    if (typeof value !== 'string') return;
    // Values are keys here: hasKey/setKey, so "constructor", "toString" or "__proto__" count like any other value.
    if (value.length <= VALUE_MAX_LENGTH && (hasKey(t.values, value) || Object.keys(t.values).length < VALUE_CAP)) setKey(t.values, value, (hasKey(t.values, value) ? (t.values[value] as number) : 0) + 1);
    else t.otherValues++;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isCountMap(v: unknown): v is Record<string, number> {
  return isRecord(v) && Object.values(v).every((n) => typeof n === 'number');
}

function isCaseRequest(v: unknown): v is CaseRequest {
  return isRecord(v) && typeof v.operation === 'string' && typeof v.method === 'string' && typeof v.url === 'string' && typeof v.status === 'number' && (v.body === undefined || typeof v.body === 'string');
}

function isFieldTally(v: unknown): v is FieldTally {
  return isRecord(v) && typeof v.operation === 'string' && typeof v.pointer === 'string' && typeof v.count === 'number' && isCountMap(v.types) && isCountMap(v.values) && typeof v.otherValues === 'number';
}

/** The optional fields of a case's meta, each present only when well-formed. */
export function evidenceFromMeta(meta: unknown): CaseEvidence {
  if (!isRecord(meta)) return {};
  const out: CaseEvidence = {};
  if (Array.isArray(meta.requests) && meta.requests.every(isCaseRequest)) out.requests = meta.requests;
  if (Array.isArray(meta.fields) && meta.fields.every(isFieldTally)) out.fields = meta.fields;
  if (isRulesReached(meta.rules)) out.rules = meta.rules;
  return out;
}
