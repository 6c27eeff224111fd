// TEMPORARY: replaced once the partition check lands.
import type { Session } from '../session.js';
import type { RoomTarget } from '../target.js';
import type { Case } from './common.js';
export function partitionCase(_s: Session, _base: string, room: RoomTarget): Case { return { name: 'Status partition', run: async () => void room } ; }
