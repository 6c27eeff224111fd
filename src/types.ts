/** The shapes every part of rollcall shares: see ../shared/DESIGN.md, "A violation". */

export type Severity = 'error' | 'warning';

export interface RequestSummary {
  method: string;
  url: string;
}

export interface Violation {
  /** Stable kebab-case id, prefixed by area: schema.*, twilio.*, telnyx.*, pagination.*, filter.*, http.*, drift.* */
  rule: string;
  severity: Severity;
  operation: string;
  /** RFC 6901 JSON Pointer into the response body, or `#status`, `#header/<name>` for non-body checks. */
  path: string;
  expected: unknown;
  actual: unknown;
  /** One sentence about the subject. */
  message: string;
  /** An action. */
  hint: string;
  request?: RequestSummary;
  /** Under `--baseline`: a known or waived violation, reported but not failing. Absent when new. */
  baseline?: 'known' | 'waived';
  /**
   * In a run's case: how many violations this one stands for. A case keeps the first few of a
   * problem on one request whole and counts the rest on one entry (memory follows the body, not the
   * number of violations); every count weighs it by this. Absent: 1.
   */
  repeat?: number;
  /**
   * With `repeat`: the list items (first array indexes of the paths) the violations it stands for
   * touch, as inclusive ranges `[first, last]` (a page's broken items are mostly one run).
   */
  items?: Array<[number, number]>;
}

/** A violation as a check produces it; the runner adds rule, severity, operation and request. */
export type Finding = Pick<Violation, 'path' | 'expected' | 'actual' | 'message' | 'hint'>;

export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  headers?: Record<string, string>;
  /** The parsed JSON body; undefined when the body was not JSON. */
  body: unknown;
}

/** One request and its response: what every check looks at. */
export interface Exchange {
  operationId: string;
  request?: HttpRequest;
  response: HttpResponse;
}

export type ApiName = 'twilio-video' | 'twilio-insights' | 'telnyx';
