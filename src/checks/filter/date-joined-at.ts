import { dateFilter } from './factories.js';

/** The item's UTC date (YYYY-MM-DD, so compared as text) is eq, gte or lte the asked day; an item without one fails. */
export const dateJoinedAtFilter = dateFilter({ id: 'filter.date-joined-at', name: 'date_joined_at', field: 'joined_at',
  decide: (date, op, day) => date !== undefined && (op === 'eq' ? date === day : op === 'gte' ? date >= day : date <= day),
});
