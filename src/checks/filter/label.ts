import { equalsFilter } from './factories.js';
export const labelFilter = equalsFilter({ id: 'filter.label', api: 'twilio-insights', param: 'Label', field: 'label' });
