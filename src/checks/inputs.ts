/**
 * What each rule needs from a target before it can judge anything: the registry rows of "rules
 * exercised". A rule is exercised when its logic ran on input it could judge, not merely when it was
 * registered: a filter rule on a 2xx list answering a request that sent its parameter, a walk rule on
 * a walk of two pages or more. The dispatchers (the catalog for one exchange, the cases' walk loop,
 * the multi-exchange cases) ask these predicates; `needs` says, in the coverage report and the
 * summary, what a target lacks for a rule that judged nothing. Rule files are not touched: each
 * predicate reads the same exchange and context the rule reads.
 */
import type { Exchange } from '../types.js';
import type { Check, CheckContext } from './check.js';
import { isList } from './check.js';
import type { OperationInfo } from '../catalog/specs.js';
import { isTwilio, STATUS_PARAM } from './walk/support.js';
import type { Walk, WalkCheck } from './walk/types.js';
import { EXCHANGE_CHECKS } from './index.js';
import { WALK_CHECKS } from './walk/walk.js';
import { MULTI_RULES, type MultiRuleKind } from './multi-rules.js';
import { droppedMatch } from './filter/dropped-match.js';
import { statusFilter } from './filter/status.js';
import { identityFilter } from './filter/identity.js';
import { dateCreatedAfterFilter } from './filter/date-created-after.js';
import { dateCreatedBeforeFilter } from './filter/date-created-before.js';
import { participantSidFilter } from './filter/participant-sid.js';
import { labelFilter } from './filter/label.js';
import { contextFilter } from './filter/context.js';
import { DATE_FILTERS } from './filter/index.js';
import { meta, query } from './util.js';
import { morePagesFollow, pageLinks } from './pagination/links.js';
import { durationGap } from './twilio/duration-gap.js';
import { PARTICIPANT_STATUS } from '../catalog/facts.js';
import { time } from '../timestamps.js';
import { endAfterStart } from './twilio/end-after-start.js';
import { updatedAfterCreated } from './twilio/updated-after-created.js';
import { connectedHasNoEnd } from './twilio/connected-has-no-end.js';
import { durationMatchesTimes } from './twilio/duration-matches-times.js';
import { durationUnit } from './twilio/duration-unit.js';
import { parentSidMatchesPath } from './twilio/parent-sid-matches-path.js';
import { accountSidMatchesCaller } from './twilio/account-sid-matches-caller.js';
import { totalPages } from './telnyx/total-pages.js';
import { timesOrdered } from './telnyx/times-ordered.js';
import { sessionIdMatchesPath } from './telnyx/session-id-matches-path.js';
import { countWithinPageSize } from './pagination/count-within-page-size.js';
import { pageSizeEcho } from './pagination/page-size-echo.js';
import { pageEcho } from './pagination/page-echo.js';
import { previousNullOnFirstPage } from './pagination/previous-null-on-first-page.js';
import { previousSetAfterFirstPage } from './pagination/previous-set-after-first-page.js';
import { fullPageBeforeLast } from './pagination/full-page-before-last.js';
import { linkParamsDocumented } from './pagination/link-params-documented.js';
import { linkKeepsFilters } from './pagination/link-keeps-filters.js';
import { nextNullAtEnd } from './walk/next-null-at-end.js';
import { nextPageCycle } from './walk/next-page-cycle.js';
import { nextPageOffOrigin } from './walk/next-page-off-origin.js';
import { totalsMatchWalk } from './walk/totals-match-walk.js';
import { missingItem } from './walk/missing-item.js';
import { unstableOrder } from './walk/unstable-order.js';
import { churnObserved } from './walk/churn-observed.js';
import { authRequired } from './http/auth-required.js';
import { notFound } from './http/not-found.js';
import { invalidParameter } from './http/invalid-parameter.js';
import { PROBE_RULES } from './http/probe-rules.js';
import { bodyJson, contentType, errorShape, statusUndocumented } from './http/rules.js';
import { successStatusVariant } from './http/success-status-variant.js';

/** Whether one 2xx exchange holds what a single-exchange check compares. */
export type ExchangeInput = (exchange: Exchange, context: CheckContext) => boolean;

interface ExchangeRow {
  judges: ExchangeInput;
  needs: string;
  /** Narrower than the check's appliesTo, when some operations can never hold the input (page links on a numbered list). */
  applies?: (op: OperationInfo) => boolean;
}

/** Lists paged by links (meta.next_page_url, previous_page_url): the others never hold a link to judge. */
const linkPaged = (op: OperationInfo): boolean => isTwilio(op.api);

const items = (context: CheckContext): Array<Record<string, unknown>> => (context.resources ?? []).map((r) => r.value);
const someItem = (test: (value: Record<string, unknown>) => boolean): ExchangeInput => (_e, context) => items(context).some(test);
const timed = (value: unknown): boolean => time(value) !== undefined;
/** Each API's end-of-presence timestamp, the field twilio.end-after-start compares with its start. */
const END_FIELDS = ['end_time', 'leave_time'];

/** A filter judged something when a 2xx list came back with an item, answering a request that sent it. */
const filtered = (sent: (context: CheckContext) => boolean, param: string): ExchangeRow => ({
  judges: (_e, context) => sent(context) && (context.resources?.length ?? 0) > 0,
  needs: `a 2xx list with an item, answering a request with ${param}`,
});
const sentParam = (param: string): ExchangeRow => filtered((c) => query(c, param) !== undefined, param);
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Every single-exchange check of EXCHANGE_CHECKS: what it needs to judge anything (test/run/rules-exercised.test.ts holds the two to each other). */
const EXCHANGE_ROWS = new Map<string, ExchangeRow>([
  [statusFilter.id, sentParam('Status')],
  [identityFilter.id, sentParam('Identity')],
  [participantSidFilter.id, sentParam('ParticipantSid')],
  [labelFilter.id, sentParam('Label')],
  [contextFilter.id, sentParam('filter[context]')],
  [dateCreatedAfterFilter.id, filtered((c) => time(query(c, 'DateCreatedAfter')) !== undefined, 'DateCreatedAfter')],
  [dateCreatedBeforeFilter.id, filtered((c) => time(query(c, 'DateCreatedBefore')) !== undefined, 'DateCreatedBefore')],
  ...DATE_FILTERS.map((f): [string, ExchangeRow] => [
    f.id,
    filtered((c) => ['eq', 'gte', 'lte'].some((op) => DAY.test(query(c, `filter[${f.filter.name}][${op}]`) ?? '')), `filter[${f.filter.name}][eq|gte|lte]`),
  ]),
  [endAfterStart.id, { judges: someItem((v) => END_FIELDS.some((f) => timed(v[f]))), needs: 'a participant that has left (an end time to compare with its start)' }],
  [updatedAfterCreated.id, { judges: someItem((v) => timed(v.date_updated) && timed(v.date_created)), needs: 'a participant with date_created and date_updated' }],
  [connectedHasNoEnd.id, { judges: someItem((v) => v.status === PARTICIPANT_STATUS.connected), needs: 'a connected participant' }],
  [durationMatchesTimes.id, { judges: someItem((v) => durationGap(v) !== undefined), needs: 'a disconnected participant (start, end and duration set)' }],
  [durationUnit.id, { judges: someItem((v) => durationGap(v) !== undefined), needs: 'a disconnected participant (start, end and duration set)' }],
  [parentSidMatchesPath.id, { judges: someItem(() => true), needs: 'a participant in a 2xx answer' }],
  [accountSidMatchesCaller.id, { judges: (e, c) => c.accountSid !== undefined && someItem((v) => typeof v.account_sid === 'string')(e, c), needs: 'a participant in a 2xx answer, with the caller\'s account known' }],
  [totalPages.id, { judges: (e) => ['total_pages', 'total_results', 'page_size'].every((f) => typeof meta(e)?.[f] === 'number'), needs: 'a 2xx list answer with its page counts in meta' }],
  [timesOrdered.id, { judges: someItem((v) => timed(v.joined_at) && (timed(v.left_at) || timed(v.updated_at))), needs: 'a participant with joined_at and a later timestamp' }],
  [sessionIdMatchesPath.id, { judges: someItem(() => true), needs: 'a participant in a 2xx answer' }],
  [countWithinPageSize.id, { judges: (e, c) => c.listKey !== undefined && Array.isArray((e.response.body as Record<string, unknown> | undefined)?.[c.listKey]), needs: 'a 2xx list answer' }],
  [pageSizeEcho.id, { judges: (_e, c) => c.paging?.size !== undefined && query(c, c.paging.size.param) !== undefined, needs: 'a 2xx list answer to a request that sets the page size' }],
  [pageEcho.id, { judges: (_e, c) => c.paging?.index !== undefined && query(c, c.paging.index.param) !== undefined, needs: 'a 2xx list answer to a request that sets the page index' }],
  [previousNullOnFirstPage.id, { judges: (e) => meta(e)?.page === 0, needs: 'a first page of a Twilio list' }],
  [previousSetAfterFirstPage.id, { judges: (e) => typeof meta(e)?.page === 'number' && (meta(e)?.page as number) >= 1, needs: 'a page after the first (a list longer than one page)', applies: linkPaged }],
  [fullPageBeforeLast.id, { judges: (e) => morePagesFollow(e) === true, needs: 'a page with another after it (a list longer than one page)' }],
  [linkParamsDocumented.id, { judges: (e, c) => pageLinks(e, c).length > 0, needs: 'a 2xx list answer with page links', applies: linkPaged }],
  [linkKeepsFilters.id, { judges: (e, c) => pageLinks(e, c).length > 0 && [...(c.requestUrl?.searchParams.keys() ?? [])].length > 0, needs: 'a 2xx list answer with page links to a request with parameters', applies: linkPaged }],
]);

/** How the single-exchange dispatcher (the catalog) asks whether a check had something to judge. */
export function exchangeInput(check: Check): ExchangeInput {
  const input = EXCHANGE_ROWS.get(check.id)?.judges;
  if (!input) throw new Error(`rollcall: ${check.id} states no input it judges: add its row to src/checks/inputs.ts`);
  return input;
}

/** Whether a walk gave a walk check something to judge: by default a walk that followed at least one link (two pages). */
const WALK_ROWS = new Map<string, { judges(walk: Walk): boolean; needs: string }>([
  [nextNullAtEnd.id, { judges: (w) => w.stop.reason === 'end' && w.pages.length > 0, needs: 'a walk that reached its last page' }],
  [totalsMatchWalk.id, { judges: (w) => w.stop.reason === 'end' && w.pages.length > 0, needs: 'a walk that reached its last page' }],
  [nextPageCycle.id, { judges: (w) => w.pages.length > 1 || w.stop.reason === 'cycle', needs: 'a list longer than one page (a walk that follows a link)' }],
  [nextPageOffOrigin.id, { judges: (w) => w.pages.length > 1 || w.stop.reason === 'off-origin', needs: 'a list longer than one page (a walk that follows a link)' }],
  [missingItem.id, { judges: (w) => w.pages.length > 1 && w.reference !== undefined, needs: 'a list longer than one page that fits on one page at the largest size (a walk with a reference)' }],
  [unstableOrder.id, { judges: (w) => w.pages.length > 1 && w.reference !== undefined && w.stop.reason === 'end', needs: 'a list longer than one page that fits on one page at the largest size (a walk with a reference)' }],
  [churnObserved.id, { judges: (w) => w.pages.length > 1 && w.reference !== undefined, needs: 'a list longer than one page that fits on one page at the largest size (a walk with a reference)' }],
]);
const WALK_DEFAULT = { judges: (w: Walk) => w.pages.length > 1, needs: 'a list longer than one page (a walk of two pages or more)' };

export function walkInput(check: WalkCheck): (walk: Walk) => boolean {
  return (WALK_ROWS.get(check.id) ?? WALK_DEFAULT).judges;
}

/** What a multi-exchange rule of each kind needs (its cases call it only with that input). */
const MULTI_NEEDS: Record<Exclude<MultiRuleKind, 'walk'>, string> = {
  'page-size': 'a request with a page size outside its documented bounds',
  partition: 'a list read whole and by each Status value (participants of every status)',
  consistency: 'a listed participant fetched again (by SID, by identity, by its url)',
  lifecycle: 'a connected participant to kick (a live target needs --allow-mutations)',
};

/** The single-exchange checks without a row above (the tests hold this empty). */
export function checksWithoutInput(): string[] {
  return EXCHANGE_CHECKS.filter((c) => !EXCHANGE_ROWS.has(c.id)).map((c) => c.id);
}

/** Which operations a multi-exchange rule of each kind judges (its cases run on those). */
const MULTI_APPLIES: Record<Exclude<MultiRuleKind, 'walk'>, (op: OperationInfo) => boolean> = {
  'page-size': isList,
  partition: (op) => isList(op) && op.parameters.some((p) => p.name === STATUS_PARAM),
  consistency: (op) => op.method === 'GET' && !isList(op),
  lifecycle: (op) => op.method !== 'GET',
};

const ANY_ANSWER = new Set([...PROBE_RULES, statusUndocumented, successStatusVariant, contentType, bodyJson, errorShape, authRequired, notFound, invalidParameter].map((r) => r.id));

/**
 * Whether a rule judges an operation's exchanges: from its check's appliesTo, its kind, or (HTTP
 * rules) every operation; undefined for a rule of schemas/, which the catalog answers (schemaRules).
 */
export function ruleApplies(rule: string, op: OperationInfo): boolean | undefined {
  const check = EXCHANGE_CHECKS.find((c) => c.id === rule);
  if (check) return check.appliesTo(op) && (EXCHANGE_ROWS.get(rule)?.applies?.(op) ?? true);
  const walk = WALK_CHECKS.find((c) => c.id === rule);
  if (walk) return isList(op) && walk.appliesTo(op);
  const multi = MULTI_RULES.find((r) => r.id === rule);
  if (multi && multi.kind !== 'walk') return MULTI_APPLIES[multi.kind](op);
  if (rule === droppedMatch.id) return isList(op);
  if (ANY_ANSWER.has(rule)) return true;
  return undefined;
}

/** What every other rule needs, by id. */
const OTHER_NEEDS = new Map<string, string>([
  [droppedMatch.id, 'a filtered list read for a participant known to match the filter'],
  [authRequired.id, 'a request without or with wrong credentials'],
  [notFound.id, 'a request for an unknown id'],
  [invalidParameter.id, 'a request with a parameter value outside its documented bounds or format'],
  ...PROBE_RULES.map((r): [string, string] => [r.id, 'an answer to any request']),
  [statusUndocumented.id, 'an answer to any request'],
  [successStatusVariant.id, 'a 2xx answer'],
  [contentType.id, 'an answer whose documented response names a content type'],
  [bodyJson.id, 'an answer with a body'],
  [errorShape.id, 'a 4xx or 5xx answer with a documented error body'],
]);

/** What a target must offer before `rule` judges anything: one line for the coverage report and the summary. */
export function needsOf(rule: string): string {
  const exchange = EXCHANGE_ROWS.get(rule)?.needs;
  if (exchange) return exchange;
  if (WALK_CHECKS.some((c) => c.id === rule)) return (WALK_ROWS.get(rule) ?? WALK_DEFAULT).needs;
  const multi = MULTI_RULES.find((r) => r.id === rule);
  if (multi && multi.kind !== 'walk') return MULTI_NEEDS[multi.kind];
  // Rules of schemas/ (keyword rows and x-rule annotations) judge values in bodies.
  return OTHER_NEEDS.get(rule) ?? 'a 2xx body holding a value this rule governs';
}
