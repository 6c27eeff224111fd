import { timestampBoundFilter } from './factories.js';
export const dateCreatedBeforeFilter = timestampBoundFilter({ id: 'filter.date-created-before', api: 'twilio-video', param: 'DateCreatedBefore', field: 'date_created', bound: 'before' });
