// The twilio-video.listRoomParticipants suite: its cases are generated from schemas/ and the target's fixtures (src/run/cases/).
// Run it with `rollcall run`, which starts the target and provides it to this file.
import { defineOperationSuite } from 'rollcall/suite';

await defineOperationSuite('twilio-video.listRoomParticipants');
