import type { Check } from './check.js';
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
import { statusFilter } from './filter/status.js';
import { identityFilter } from './filter/identity.js';
import { dateCreatedAfterFilter } from './filter/date-created-after.js';
import { dateCreatedBeforeFilter } from './filter/date-created-before.js';
import { participantSidFilter } from './filter/participant-sid.js';
import { labelFilter } from './filter/label.js';
import { contextFilter } from './filter/context.js';
import { dateJoinedAtFilter } from './filter/date-joined-at.js';
import { dateUpdatedAtFilter } from './filter/date-updated-at.js';
import { dateLeftAtFilter } from './filter/date-left-at.js';

export type { Check, CheckContext } from './check.js';

/** Every check that looks at one exchange, in report order. Multi-exchange checks (paging walks) live in src/checks/walk/. */
export const EXCHANGE_CHECKS: readonly Check[] = [
  endAfterStart,
  updatedAfterCreated,
  connectedHasNoEnd,
  durationMatchesTimes,
  durationUnit,
  parentSidMatchesPath,
  accountSidMatchesCaller,
  totalPages,
  timesOrdered,
  sessionIdMatchesPath,
  countWithinPageSize,
  pageSizeEcho,
  pageEcho,
  previousNullOnFirstPage,
  previousSetAfterFirstPage,
  fullPageBeforeLast,
  linkParamsDocumented,
  linkKeepsFilters,
  statusFilter,
  identityFilter,
  dateCreatedAfterFilter,
  dateCreatedBeforeFilter,
  participantSidFilter,
  labelFilter,
  contextFilter,
  dateJoinedAtFilter,
  dateUpdatedAtFilter,
  dateLeftAtFilter,
];
