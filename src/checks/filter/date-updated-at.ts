import { dateFilter } from './factories.js';
export const dateUpdatedAtFilter = dateFilter({ id: 'filter.date-updated-at', name: 'date_updated_at', field: 'updated_at' });
