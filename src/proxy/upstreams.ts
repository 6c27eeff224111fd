/**
 * Where the proxy forwards each API: configured as a live run is (src/run/targets.ts): the
 * environment's base-URL overrides (LIVE_VARIABLES), each checked by checkBaseUrl, else the spec's
 * server URL (the vendor's real origin). `--upstream URL` sends every API to one origin instead, as
 * `rollcall mock` serves them (Telnyx under /v2).
 */
import type { ApiName } from '../types.js';
import { ALL_APIS, checkBaseUrl, ConfigurationError, defaultBase, LIVE_VARIABLES } from '../run/targets.js';
import type { Upstreams } from './routing.js';

export function upstreamsFrom(env: NodeJS.ProcessEnv, apis: readonly ApiName[] = ALL_APIS, upstream?: string): Upstreams {
  const out: Upstreams = {};
  for (const api of apis) {
    if (upstream !== undefined) {
      // One origin for all three: each API under its spec server's path (Telnyx /v2), as the mock serves them.
      let origin: URL;
      try {
        origin = new URL(upstream);
      } catch {
        throw new ConfigurationError(`--upstream "${upstream.slice(0, 200)}" is not a URL; give an origin such as http://127.0.0.1:4010 (rollcall mock prints it)`);
      }
      if (origin.protocol !== 'http:' && origin.protocol !== 'https:') throw new ConfigurationError(`--upstream has the scheme ${origin.protocol.replace(/:$/, '')}; use http or https`);
      if (origin.pathname !== '/' || origin.search || origin.hash || origin.username || origin.password) throw new ConfigurationError(`--upstream "${upstream.slice(0, 200)}" must be an origin alone (scheme, host, port), e.g. ${origin.origin}`);
      const serverPath = new URL(defaultBase(api)).pathname.replace(/\/+$/, '');
      out[api] = `${origin.origin}${serverPath}`;
      continue;
    }
    const variable = LIVE_VARIABLES[api].baseUrl;
    const raw = env[variable];
    out[api] = raw === undefined || raw === '' ? defaultBase(api).replace(/\/$/, '') : checkBaseUrl(api, raw.trim(), variable);
  }
  return out;
}
