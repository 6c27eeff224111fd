/**
 * Builds the TargetInfo of a run: the embedded mock (started here, on a free loopback port), a live
 * sandbox (from the environment), or a recording (served by the replay server).
 */
import type { ApiName } from '../types.js';
import { specOperations } from './spec-operations.js';
import { startMock, type RunningMock } from '../mock/index.js';
import { DEFAULT_SETTINGS, type RoomTarget, type RunSettings, type TargetInfo } from './target.js';
import { ROOM_STATUS } from '../catalog/facts.js';

export interface BuiltTarget {
  target: TargetInfo;
  close(): Promise<void>;
}

export type ApiSelection = ApiName[];

/** Every API the specs describe (each spec's `info.x-rollcall-api`), in the order of the spec files. */
export const ALL_APIS: ApiName[] = [...new Set(specOperations().map((o) => o.api))];

export async function mockTarget(options: { seed?: number; faults?: string[]; apis: ApiSelection; settings?: Partial<RunSettings>; faultSettings?: Record<string, number>; churn?: number }): Promise<BuiltTarget> {
  const mocks: RunningMock[] = [];
  const start = async () => {
    const m = await startMock({ seed: options.seed, faults: options.faults, faultSettings: options.faultSettings, churn: options.churn });
    mocks.push(m);
    return m;
  };
  const main = await start();
  // Kicks go to a second copy of the same seeded data, so that no other case sees a participant move.
  const forMutations = options.apis.includes('twilio-video') ? await start() : undefined;
  const f = main.fixtures();
  const rooms: RoomTarget[] = f.twilio.rooms.map((r) => ({
    sid: r.sid,
    // A UniqueName addresses a room only while it is in progress; a completed room is known by its SID.
    ...(r.status === ROOM_STATUS.inProgress ? { uniqueName: r.uniqueName } : {}),
    status: r.status,
    participants: r.participants.connected + r.participants.disconnected + (r.participants.reconnecting ?? 0),
  }));
  const auth = { username: f.twilio.accountSid, password: f.twilio.authToken };
  const target: TargetInfo = {
    kind: 'mock',
    label: `embedded mock ${main.url} (seed ${options.seed ?? 'default'}${options.faults?.length ? `, faults ${options.faults.join(',')}` : ''}${options.churn ? `, churn ${options.churn}` : ''})`,
    skipped: [],
    settings: { ...DEFAULT_SETTINGS, slowMs: 250, ...options.settings },
  };
  if (options.apis.includes('twilio-video')) {
    const mf = forMutations?.fixtures();
    const inProgress = mf?.twilio.rooms.find((r) => r.status === ROOM_STATUS.inProgress && r.participants.connected > 0);
    target.twilioVideo = {
      baseUrl: main.url,
      auth,
      accountSid: f.twilio.accountSid,
      rooms,
      mutations: forMutations && mf && inProgress
        ? { baseUrl: forMutations.url, auth: { username: mf.twilio.accountSid, password: mf.twilio.authToken }, room: { sid: inProgress.sid, uniqueName: inProgress.uniqueName, status: ROOM_STATUS.inProgress, participants: inProgress.participants.connected } }
        : undefined,
    };
  }
  if (options.apis.includes('twilio-insights')) {
    target.twilioInsights = { baseUrl: main.url, auth, accountSid: f.twilio.accountSid, conferences: f.twilio.conferences.map((c) => ({ sid: c.sid, participants: c.participants })) };
  }
  if (options.apis.includes('telnyx')) {
    target.telnyx = { baseUrl: `${main.url}/v2`, apiKey: f.telnyx.apiKey, sessions: f.telnyx.roomSessions.map((r) => ({ id: r.id, participants: r.participants })) };
  }
  return { target, close: async () => void (await Promise.all(mocks.map((m) => m.close()))) };
}

/** Where an API is served when the environment does not say: its spec's first server URL. */
function defaultBase(api: ApiName): string {
  const server = specOperations().find((o) => o.api === api)?.server;
  if (!server) throw new Error(`rollcall: no spec under specs/ describes ${api} with a server URL`);
  return server;
}

/**
 * A live sandbox, from the environment (never from flags: secrets stay out of shell history and
 * process lists). An API whose settings are missing is skipped with one line naming the variables.
 */
export function liveTarget(env: NodeJS.ProcessEnv, options: { apis: ApiSelection; allowMutations?: string; settings?: Partial<RunSettings> }): BuiltTarget {
  const target: TargetInfo = { kind: 'live', label: 'live sandbox', skipped: [], settings: { ...DEFAULT_SETTINGS, ...options.settings } };
  const twilioAuth = env.TWILIO_API_KEY && env.TWILIO_API_SECRET
    ? { username: env.TWILIO_API_KEY, password: env.TWILIO_API_SECRET }
    : env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN
      ? { username: env.TWILIO_ACCOUNT_SID, password: env.TWILIO_AUTH_TOKEN }
      : undefined;
  const accountSid = env.TWILIO_ACCOUNT_SID;
  const missing = (api: ApiName, names: string[]) => target.skipped.push({ api, reason: `set ${names.join(' and ')} to probe ${api}` });
  const base = (api: ApiName, name: string) => (env[name] ?? defaultBase(api)).replace(/\/$/, '');
  if (options.apis.includes('twilio-video')) {
    if (!twilioAuth || !env.ROLLCALL_TWILIO_ROOM_SID) missing('twilio-video', [...(twilioAuth ? [] : ['TWILIO_ACCOUNT_SID + TWILIO_AUTH_TOKEN (or TWILIO_API_KEY + TWILIO_API_SECRET)']), ...(env.ROLLCALL_TWILIO_ROOM_SID ? [] : ['ROLLCALL_TWILIO_ROOM_SID'])]);
    else {
      const baseUrl = base('twilio-video', 'ROLLCALL_TWILIO_VIDEO_BASE_URL');
      const room: RoomTarget = { sid: env.ROLLCALL_TWILIO_ROOM_SID };
      target.twilioVideo = { baseUrl, auth: twilioAuth, accountSid, rooms: [room] };
      if (options.allowMutations) target.twilioVideo.mutations = { baseUrl, auth: twilioAuth, room: { sid: options.allowMutations } };
    }
  }
  if (options.apis.includes('twilio-insights')) {
    if (!twilioAuth || !env.ROLLCALL_TWILIO_CONFERENCE_SID) missing('twilio-insights', [...(twilioAuth ? [] : ['TWILIO_ACCOUNT_SID + TWILIO_AUTH_TOKEN (or TWILIO_API_KEY + TWILIO_API_SECRET)']), ...(env.ROLLCALL_TWILIO_CONFERENCE_SID ? [] : ['ROLLCALL_TWILIO_CONFERENCE_SID'])]);
    else target.twilioInsights = { baseUrl: base('twilio-insights', 'ROLLCALL_TWILIO_INSIGHTS_BASE_URL'), auth: twilioAuth, accountSid, conferences: [{ sid: env.ROLLCALL_TWILIO_CONFERENCE_SID }] };
  }
  if (options.apis.includes('telnyx')) {
    if (!env.TELNYX_API_KEY || !env.ROLLCALL_TELNYX_ROOM_SESSION_ID) missing('telnyx', [...(env.TELNYX_API_KEY ? [] : ['TELNYX_API_KEY']), ...(env.ROLLCALL_TELNYX_ROOM_SESSION_ID ? [] : ['ROLLCALL_TELNYX_ROOM_SESSION_ID'])]);
    else target.telnyx = { baseUrl: base('telnyx', 'ROLLCALL_TELNYX_BASE_URL'), apiKey: env.TELNYX_API_KEY, sessions: [{ id: env.ROLLCALL_TELNYX_ROOM_SESSION_ID }] };
  }
  const bases = [target.twilioVideo?.baseUrl, target.twilioInsights?.baseUrl, target.telnyx?.baseUrl].filter(Boolean);
  target.label = `live ${[...new Set(bases)].join(', ') || '(nothing configured)'}`;
  return { target, close: async () => undefined };
}
