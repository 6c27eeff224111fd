import { equalsFilter } from './factories.js';

/** The item's field is exactly the asked value. */
export const statusFilter = equalsFilter({ id: 'filter.status', api: 'twilio-video', param: 'Status', field: 'status', decide: (value, asked) => value === asked });
