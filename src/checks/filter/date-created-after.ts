import { timestampBoundFilter } from './factories.js';

/** The item's time is at or after the bound (inclusive); an item without a readable time fails. */
export const dateCreatedAfterFilter = timestampBoundFilter({ id: 'filter.date-created-after', api: 'twilio-video', param: 'DateCreatedAfter', field: 'date_created', bound: 'after', decide: (when, bound) => when !== undefined && when >= bound });
