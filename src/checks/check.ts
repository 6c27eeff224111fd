import type { Exchange, Finding, Severity } from '../types.js';
import type { OperationInfo } from '../catalog/specs.js';
import type { PagingProfile } from '../catalog/facts.js';
import type { JsonSchema } from '../schemas.js';

/** What a check may know besides the exchange. Everything here derives from the specs and schemas/. */
export interface CheckContext {
  operation: OperationInfo;
  /** The array property of a list response (`participants`, `data`); undefined for a single resource. */
  listKey?: string;
  /** The request URL, when known. */
  requestUrl?: URL;
  /** The resolved schema of a documented parameter (bounds, default, enum). */
  parameterSchema(name: string): JsonSchema | undefined;
  /** The resources of the response (list items or the body), computed once for all checks. */
  resources?: Array<{ pointer: string; value: Record<string, unknown> }>;
  /** The caller's Twilio account, when known (live and mock runs). */
  accountSid?: string;
  /** Which parameters set the page size and index, and which meta fields echo them (from schemas/). */
  paging?: PagingProfile;
}

/** A check: a pure function of (exchange, context) with its metadata beside it. It never throws for a conformance failure. */
export interface Check {
  id: string;
  severity: Severity;
  description: string;
  appliesTo(operation: OperationInfo): boolean;
  run(exchange: Exchange, context: CheckContext): Finding[];
}

export const isApi = (...apis: string[]) => (op: OperationInfo): boolean => apis.includes(op.api);
export const isList = (op: OperationInfo): boolean => op.responses.some((r) => r.status === 200 && /List/.test(r.schemaRef ?? ''));
export const isTwilioVideo = isApi('twilio-video');
