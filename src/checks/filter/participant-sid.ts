import { equalsFilter } from './factories.js';

/** The item's field is exactly the asked value. */
export const participantSidFilter = equalsFilter({ id: 'filter.participant-sid', api: 'twilio-insights', param: 'ParticipantSid', field: 'participant_sid', decide: (value, asked) => value === asked });
