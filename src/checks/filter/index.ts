/** The filter checks that other modules enumerate (cases probe every filter the checks can judge). */
import { dateJoinedAtFilter } from './date-joined-at.js';
import { dateUpdatedAtFilter } from './date-updated-at.js';
import { dateLeftAtFilter } from './date-left-at.js';

/** Telnyx's deepObject date filters: each names its filter and the item field it reads (written once, in its own file). */
export const DATE_FILTERS = [dateJoinedAtFilter, dateUpdatedAtFilter, dateLeftAtFilter] as const;
