/** A recorded walk over the pages of a list, and what a walk check is: the types walk.ts and every walk rule share. */
import type { ApiName, Exchange, Finding, Severity } from '../../types.js';
import type { OperationInfo } from '../../catalog/specs.js';
import type { JsonSchema } from '../../schemas.js';

export type StopReason = 'end' | 'cycle' | 'off-origin' | 'budget' | 'error';

export interface WalkStop {
  reason: StopReason;
  /** cycle, off-origin: the next_page_url not followed; budget: the next page not asked; error: the URL that failed. */
  url?: string;
  detail?: string;
  /** The page (index in `pages`) whose link or meta made the walk stop. */
  pageIndex?: number;
  /** cycle: the index of the page already fetched at that URL. */
  repeats?: number;
  /** error: the failed exchange, when the fetch returned one (non-2xx or non-JSON). */
  exchange?: Exchange;
}

export interface Walk {
  operationId: string;
  api: ApiName;
  /** The first request URL (filters and page size as asked). */
  firstUrl: string;
  /** The page size asked (or the documented default when not asked). */
  pageSize: number;
  /** Every page fetched, in the order followed (request.url + response with parsed JSON body). */
  pages: Exchange[];
  stop: WalkStop;
  /** One page at the vendor's max page size with the same filters, when the collection fits in it. */
  reference?: Exchange;
  /**
   * The reference read again after the walk, when the walk disagreed with it (an item missed or seen
   * twice): what changed between the two readings is churn, not a defect (churn.ts).
   */
  referenceAfter?: Exchange;
  /** The request budget the walk had. */
  maxPages?: number;
}

/** pageIndex: which page the finding is about (-1: the walk as a whole). */
export type WalkFinding = Finding & { pageIndex: number };

export interface WalkContext {
  operation: OperationInfo;
  /** The array property of the list response (`participants`, `data`). */
  listKey: string;
  parameterSchema(name: string): JsonSchema | undefined;
  /** Whether a body is the vendor's documented error body for that status; when absent, any 4xx body is taken as given. */
  isErrorBody?(status: number, body: unknown): boolean;
}

export interface WalkCheck {
  id: string;
  severity: Severity;
  description: string;
  appliesTo(op: OperationInfo): boolean;
  run(walk: Walk, context: WalkContext): WalkFinding[];
  /**
   * Rules whose findings this one explains when both are seen on the same responses of an
   * operation: reports mark them as its consequences, so that a reader fixes this cause first.
   */
  explains?: readonly string[];
}

export interface WalkOptions {
  api: ApiName;
  operationId: string;
  pageSize: number;
  maxPages: number;
  reference?: Exchange;
}
