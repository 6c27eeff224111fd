import { equalsFilter } from './factories.js';

/** The item's field is exactly the asked value. */
export const contextFilter = equalsFilter({ id: 'filter.context', api: 'telnyx', param: 'filter[context]', field: 'context', decide: (value, asked) => value === asked });
