import { dateFilter } from './factories.js';

/** The item's UTC date (YYYY-MM-DD, so compared as text) is eq, gte or lte the asked day; an item without one fails. */
export const dateUpdatedAtFilter = dateFilter({ id: 'filter.date-updated-at', name: 'date_updated_at', field: 'updated_at',
  decide: (date, op, day) => date !== undefined && (op === 'eq' ? date === day : op === 'gte' ? date >= day : date <= day),
});
