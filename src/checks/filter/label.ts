import { equalsFilter } from './factories.js';

/** The item's field is exactly the asked value. */
export const labelFilter = equalsFilter({ id: 'filter.label', api: 'twilio-insights', param: 'Label', field: 'label', decide: (value, asked) => value === asked });
