import { dateFilter } from './factories.js';

/** The item's UTC date (YYYY-MM-DD, so compared as text) is eq, gte or lte the asked day; an item without one fails. */
export const dateLeftAtFilter = dateFilter({ id: 'filter.date-left-at', name: 'date_left_at', field: 'left_at',
  decide: (date, op, day) => date !== undefined && (op === 'eq' ? date === day : op === 'gte' ? date >= day : date <= day),
});
