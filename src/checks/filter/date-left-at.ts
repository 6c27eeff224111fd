import { dateFilter } from './factories.js';
export const dateLeftAtFilter = dateFilter({ id: 'filter.date-left-at', name: 'date_left_at', field: 'left_at' });
