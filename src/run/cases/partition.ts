/** The Status partition of a room: each documented Status walked whole, and the unfiltered list. */
import type { Session } from '../session.js';
import type { RoomTarget } from '../target.js';
import { listedFromWalk, partition, partitionRule, type Listed } from '../../checks/multi.js';
import { buildUrl, checkedWalk, enumValues, listKeyOf, walkContext, type Case } from './common.js';

const OP = 'twilio-video.listRoomParticipants';

export function partitionCase(s: Session, baseUrl: string, room: RoomTarget): Case {
  return {
    name: 'Status lists partition the participants',
    run: async (o) => {
      const max = s.catalog.parameterSchema(OP, 'PageSize')?.maximum as number;
      const url = (params: Record<string, string | number>) => buildUrl(baseUrl, `/v1/Rooms/${encodeURIComponent(room.sid)}/Participants`, params);
      const readAll = async () => {
        const byStatus: Record<string, Listed[]> = {};
        for (const status of enumValues(s.catalog.parameterSchema(OP, 'Status'))) {
          byStatus[status] = listedFromWalk(await checkedWalk(s, o, OP, url({ Status: status, PageSize: max }), max), listKeyOf(s, OP));
        }
        return { byStatus, unfiltered: listedFromWalk(await checkedWalk(s, o, OP, url({ PageSize: max }), max), listKeyOf(s, OP)) };
      };
      const { byStatus, unfiltered } = await readAll();
      // No other list of a room's participants exists: "all" is the union the Status lists claim.
      const all = Object.values(byStatus).flat();
      const input = { all, byStatus, unfiltered, ...(room.status ? { roomStatus: room.status } : {}) };
      let found = partition(input, walkContext(s, OP));
      if (found.length > 0) {
        // Before calling it a defect: every list read once more. A participant seen in two states across the
        // readings changed while it was read (a busy room); one that stays where it was is the API's defect.
        const again = await readAll();
        found = partition({ ...input, later: [...Object.values(again.byStatus).flat(), ...again.unfiltered] }, walkContext(s, OP));
      }
      o.judgeLocated(partitionRule, found);
    },
  };
}
