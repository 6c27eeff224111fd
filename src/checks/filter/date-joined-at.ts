import { dateFilter } from './factories.js';
export const dateJoinedAtFilter = dateFilter({ id: 'filter.date-joined-at', name: 'date_joined_at', field: 'joined_at' });
