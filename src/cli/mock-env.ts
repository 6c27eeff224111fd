/**
 * The environment that points `rollcall run --target live` at a `rollcall mock`: credentials, the
 * parents with the most to check, and the base URLs, as POSIX shell lines to `eval`. Computed from
 * the seed (the dataset is deterministic), so it needs no running mock, only its --port.
 */
import { createDataset } from '../mock/dataset.js';
import { fixturesOf } from '../mock/fixtures.js';
import type { MockDataset } from '../mock/model.js';
import { LIVE_VARIABLES } from '../run/targets.js';

/** A value as one single-quoted shell word: nothing in it is expanded (a `'` becomes `'\''`). */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The origin a client uses for a mock listening on host:port (a wildcard address is reached on loopback). */
export function mockOrigin(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable.replace(/^\[|\]$/g, '')}]` : reachable}:${port}`;
}

/**
 * The parents a live run learns most from: the room with participants in the most statuses
 * (connected, disconnected, reconnecting), the conference with the most participants (several
 * pages), and the room session whose participants have both left and stayed the most.
 */
export function richestParents(dataset: MockDataset): { roomSid: string; conferenceSid: string; roomSessionId: string } {
  const fx = fixturesOf(dataset);
  const statuses = (r: (typeof fx.twilio.rooms)[number]) => Object.values(r.participants).filter((n) => n > 0).length;
  const total = (r: (typeof fx.twilio.rooms)[number]) => Object.values(r.participants).reduce((a, b) => a + b, 0);
  const best = <T>(items: readonly T[], score: (item: T) => number[]): T => {
    const first = items[0];
    if (first === undefined) throw new Error('rollcall mock: the dataset has an empty list of parents');
    return items.reduce((a, b) => {
      const [sa, sb] = [score(a), score(b)];
      const i = sa.findIndex((v, k) => v !== sb[k]);
      return i >= 0 && (sb[i] as number) > (sa[i] as number) ? b : a;
    }, first);
  };
  const room = best(fx.twilio.rooms, (r) => [statuses(r), r.status === 'in-progress' ? 1 : 0, total(r)]);
  const conference = best(fx.twilio.conferences, (c) => [c.participants]);
  const session = best(dataset.telnyx.sessions, (s) => {
    const left = s.participants.filter((p) => p.leftAt !== null && p.leftAt !== undefined).length;
    return [Math.min(left, s.participants.length - left), s.participants.length];
  });
  return { roomSid: room.sid, conferenceSid: conference.sid, roomSessionId: session.id };
}

/** The variables, in the order the README lists them. */
export function mockEnvironment(options: { seed: number; host: string; port: number }): Array<[string, string]> {
  const dataset = createDataset(options.seed);
  const fx = fixturesOf(dataset);
  const parents = richestParents(dataset);
  const origin = mockOrigin(options.host, options.port);
  return [
    ['TWILIO_ACCOUNT_SID', fx.twilio.accountSid],
    ['TWILIO_AUTH_TOKEN', fx.twilio.authToken],
    ['TELNYX_API_KEY', fx.telnyx.apiKey],
    [LIVE_VARIABLES['twilio-video'].parent, parents.roomSid],
    [LIVE_VARIABLES['twilio-insights'].parent, parents.conferenceSid],
    [LIVE_VARIABLES.telnyx.parent, parents.roomSessionId],
    [LIVE_VARIABLES['twilio-video'].baseUrl, origin],
    [LIVE_VARIABLES['twilio-insights'].baseUrl, origin],
    // The mock serves Telnyx under the same /v2 as the vendor; the variable holds the base with it.
    [LIVE_VARIABLES.telnyx.baseUrl, `${origin}/v2`],
  ];
}

/**
 * The shell text: a comment saying what it is, `unset` of the API-key pair (a live run prefers it
 * over the account SID and token, so one left in the shell would send the wrong credentials), then
 * one `export` a line.
 */
export function formatMockEnvironment(options: { seed: number; host: string; port: number }): string {
  const lines = [
    `# rollcall mock at ${mockOrigin(options.host, options.port)} (seed ${options.seed}): the settings of rollcall run --target live`,
    'unset TWILIO_API_KEY TWILIO_API_SECRET',
    ...mockEnvironment(options).map(([name, value]) => `export ${name}=${shellQuote(value)}`),
  ];
  return lines.join('\n') + '\n';
}
