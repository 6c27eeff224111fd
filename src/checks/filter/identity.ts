import { equalsFilter } from './factories.js';
export const identityFilter = equalsFilter({ id: 'filter.identity', api: 'twilio-video', param: 'Identity', field: 'identity' });
