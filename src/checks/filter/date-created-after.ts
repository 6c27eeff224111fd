import { timestampBoundFilter } from './factories.js';
export const dateCreatedAfterFilter = timestampBoundFilter({ id: 'filter.date-created-after', api: 'twilio-video', param: 'DateCreatedAfter', field: 'date_created', bound: 'after' });
