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
export function defaultBase(api: ApiName): string {
  const server = specOperations().find((o) => o.api === api)?.server;
  if (!server) throw new Error(`rollcall: no spec under specs/ describes ${api} with a server URL`);
  return server;
}

/** A live run's settings that name a variable: what a one-line error tells the user to fix. */
export interface LiveVariables {
  baseUrl: string;
  parent: string;
  credentials: string;
}

/** The environment variables of each API (DESIGN.md: "Live settings come from the environment"). */
export const LIVE_VARIABLES: Readonly<Record<ApiName, { baseUrl: string; parent: string }>> = {
  'twilio-video': { baseUrl: 'ROLLCALL_TWILIO_VIDEO_BASE_URL', parent: 'ROLLCALL_TWILIO_ROOM_SID' },
  'twilio-insights': { baseUrl: 'ROLLCALL_TWILIO_INSIGHTS_BASE_URL', parent: 'ROLLCALL_TWILIO_CONFERENCE_SID' },
  telnyx: { baseUrl: 'ROLLCALL_TELNYX_BASE_URL', parent: 'ROLLCALL_TELNYX_ROOM_SESSION_ID' },
};

/** A setting that cannot work (a base URL without a scheme, a doubled version segment): exit 2 before any request. */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

/**
 * A base URL as the specs need it: http(s), and a path that ends with the spec's server path (Telnyx:
 * `/v2`) without repeating the first segment the operation paths already carry (Twilio: `/v1`, so
 * `https://video.twilio.com/v1` would request `/v1/v1/...`). Throws a ConfigurationError naming the variable.
 */
export function checkBaseUrl(api: ApiName, value: string, variable: string): string {
  const shown = value.length > 200 ? `${value.slice(0, 200)}…` : value;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigurationError(`${variable}="${shown}" is not a URL; give the API's origin with its scheme, e.g. ${defaultBase(api)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigurationError(`${variable}="${shown}" has the scheme ${url.protocol.replace(/:$/, '')}; use http or https, e.g. ${defaultBase(api)}`);
  if (url.username || url.password) throw new ConfigurationError(`${variable} holds credentials in the URL; give them in the credential variables instead, and the URL without them`);
  if (url.search || url.hash) throw new ConfigurationError(`${variable}="${shown}" has a query or fragment; give the base URL alone, e.g. ${defaultBase(api)}`);
  const pathOf = (u: URL) => u.pathname.replace(/\/+$/, '');
  const own = pathOf(url);
  const serverPath = pathOf(new URL(defaultBase(api)));
  const operations = specOperations().filter((o) => o.api === api);
  const firstSegment = operations.map((o) => /^\/[^/{]+/.exec(o.path)?.[0]).find((seg): seg is string => !!seg);
  if (serverPath && !own.endsWith(serverPath)) {
    throw new ConfigurationError(`${variable}="${shown}" does not end with ${serverPath}, which the ${api} paths (${operations[0]?.path ?? ''}) are relative to; use e.g. ${url.origin}${own}${serverPath}`);
  }
  if (firstSegment && own.endsWith(firstSegment)) {
    throw new ConfigurationError(`${variable}="${shown}" ends with ${firstSegment}, which the ${api} paths (${operations[0]?.path ?? ''}) already start with (requests would go to ${firstSegment}${firstSegment}/...); use ${url.origin}${own.slice(0, -firstSegment.length)}`);
  }
  return `${url.origin}${own}`;
}

/**
 * A live sandbox, from the environment (never from flags: secrets stay out of shell history and
 * process lists). An API whose settings are missing is skipped with one line naming the variables;
 * a base URL that cannot work throws a ConfigurationError naming its variable.
 */
export function liveTarget(env: NodeJS.ProcessEnv, options: { apis: ApiSelection; allowMutations?: string; settings?: Partial<RunSettings> }): BuiltTarget {
  const target: TargetInfo = { kind: 'live', label: 'live sandbox', skipped: [], settings: { ...DEFAULT_SETTINGS, ...options.settings }, variables: {} };
  const twilioAuth = env.TWILIO_API_KEY && env.TWILIO_API_SECRET
    ? { username: env.TWILIO_API_KEY, password: env.TWILIO_API_SECRET }
    : env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN
      ? { username: env.TWILIO_ACCOUNT_SID, password: env.TWILIO_AUTH_TOKEN }
      : undefined;
  const twilioCredentials = env.TWILIO_API_KEY && env.TWILIO_API_SECRET ? 'TWILIO_API_KEY and TWILIO_API_SECRET' : 'TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN';
  const accountSid = env.TWILIO_ACCOUNT_SID;
  const missing = (api: ApiName, names: string[]) => target.skipped.push({ api, reason: `set ${names.join(' and ')} to probe ${api}` });
  const base = (api: ApiName) => {
    const variable = LIVE_VARIABLES[api].baseUrl;
    const raw = env[variable];
    return raw === undefined || raw === '' ? defaultBase(api).replace(/\/$/, '') : checkBaseUrl(api, raw.trim(), variable);
  };
  const named = (api: ApiName, credentials: string) => {
    (target.variables ??= {})[api] = { ...LIVE_VARIABLES[api], credentials };
  };
  if (options.apis.includes('twilio-video')) {
    if (!twilioAuth || !env.ROLLCALL_TWILIO_ROOM_SID) missing('twilio-video', [...(twilioAuth ? [] : ['TWILIO_ACCOUNT_SID + TWILIO_AUTH_TOKEN (or TWILIO_API_KEY + TWILIO_API_SECRET)']), ...(env.ROLLCALL_TWILIO_ROOM_SID ? [] : ['ROLLCALL_TWILIO_ROOM_SID'])]);
    else {
      const baseUrl = base('twilio-video');
      const room: RoomTarget = { sid: env.ROLLCALL_TWILIO_ROOM_SID };
      target.twilioVideo = { baseUrl, auth: twilioAuth, accountSid, rooms: [room] };
      named('twilio-video', twilioCredentials);
      if (options.allowMutations) target.twilioVideo.mutations = { baseUrl, auth: twilioAuth, room: { sid: options.allowMutations } };
    }
  }
  if (options.apis.includes('twilio-insights')) {
    if (!twilioAuth || !env.ROLLCALL_TWILIO_CONFERENCE_SID) missing('twilio-insights', [...(twilioAuth ? [] : ['TWILIO_ACCOUNT_SID + TWILIO_AUTH_TOKEN (or TWILIO_API_KEY + TWILIO_API_SECRET)']), ...(env.ROLLCALL_TWILIO_CONFERENCE_SID ? [] : ['ROLLCALL_TWILIO_CONFERENCE_SID'])]);
    else {
      target.twilioInsights = { baseUrl: base('twilio-insights'), auth: twilioAuth, accountSid, conferences: [{ sid: env.ROLLCALL_TWILIO_CONFERENCE_SID }] };
      named('twilio-insights', twilioCredentials);
    }
  }
  if (options.apis.includes('telnyx')) {
    if (!env.TELNYX_API_KEY || !env.ROLLCALL_TELNYX_ROOM_SESSION_ID) missing('telnyx', [...(env.TELNYX_API_KEY ? [] : ['TELNYX_API_KEY']), ...(env.ROLLCALL_TELNYX_ROOM_SESSION_ID ? [] : ['ROLLCALL_TELNYX_ROOM_SESSION_ID'])]);
    else {
      target.telnyx = { baseUrl: base('telnyx'), apiKey: env.TELNYX_API_KEY, sessions: [{ id: env.ROLLCALL_TELNYX_ROOM_SESSION_ID }] };
      named('telnyx', 'TELNYX_API_KEY');
    }
  }
  const bases = [target.twilioVideo?.baseUrl, target.twilioInsights?.baseUrl, target.telnyx?.baseUrl].filter(Boolean);
  target.label = `live ${[...new Set(bases)].join(', ') || '(nothing configured)'}`;
  return { target, close: async () => undefined };
}
