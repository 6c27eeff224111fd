import { equalsFilter } from './factories.js';
export const contextFilter = equalsFilter({ id: 'filter.context', api: 'telnyx', param: 'filter[context]', field: 'context' });
