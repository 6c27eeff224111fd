import { equalsFilter } from './factories.js';

/** The item's field is exactly the asked value. */
export const identityFilter = equalsFilter({ id: 'filter.identity', api: 'twilio-video', param: 'Identity', field: 'identity', decide: (value, asked) => value === asked });
