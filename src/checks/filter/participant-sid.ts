import { equalsFilter } from './factories.js';
export const participantSidFilter = equalsFilter({ id: 'filter.participant-sid', api: 'twilio-insights', param: 'ParticipantSid', field: 'participant_sid' });
