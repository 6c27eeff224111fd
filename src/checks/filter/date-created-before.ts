import { timestampBoundFilter } from './factories.js';

/** The item's time is at or before the bound (inclusive); an item without a readable time fails. */
export const dateCreatedBeforeFilter = timestampBoundFilter({ id: 'filter.date-created-before', api: 'twilio-video', param: 'DateCreatedBefore', field: 'date_created', bound: 'before', decide: (when, bound) => when !== undefined && when <= bound });
