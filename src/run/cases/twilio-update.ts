// TEMPORARY: replaced once the consistency/lifecycle checks land.
import type { Session } from '../session.js';
import type { RoomTarget } from '../target.js';
import type { Case } from './common.js';
export function lifecycleCases(_s: Session, _base: string, _room: RoomTarget): Case[] { return []; }
