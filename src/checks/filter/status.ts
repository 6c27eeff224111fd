import { equalsFilter } from './factories.js';
export const statusFilter = equalsFilter({ id: 'filter.status', api: 'twilio-video', param: 'Status', field: 'status' });
