/** A mock and a rollcall proxy in front of it, in-process on loopback, for the proxy's tests. */
import { startMock, type RunningMock } from '../../src/mock/index.js';
import { startProxy, type ProxyOptions, type ProxyResult, type RunningProxy } from '../../src/proxy/index.js';
import type { Upstreams } from '../../src/proxy/routing.js';
import type { Violation } from '../../src/types.js';

export interface Pair {
  mock: RunningMock;
  proxy: RunningProxy;
  /** What the proxy printed while it served and when it stopped. */
  output: string[];
  stop(): Promise<ProxyResult>;
}

/** Every API of the mock's one origin (Telnyx under /v2), as `--upstream URL` configures it. */
export function mockUpstreams(url: string): Upstreams {
  return { 'twilio-video': url, 'twilio-insights': url, telnyx: `${url}/v2` };
}

export async function startPair(options: { seed?: number; faults?: string[]; proxy?: Partial<ProxyOptions> } = {}): Promise<Pair> {
  const mock = await startMock({ seed: options.seed ?? 11, faults: options.faults });
  const output: string[] = [];
  const proxy = await startProxy({ upstreams: mockUpstreams(mock.url), write: (t) => void output.push(t), ...options.proxy });
  let result: ProxyResult | undefined;
  return {
    mock,
    proxy,
    output,
    async stop() {
      result ??= await proxy.stop('test');
      await mock.close();
      return result;
    },
  };
}

/** Every violation of a stopped proxy's cases. */
export const violationsOf = (r: ProxyResult): Violation[] => r.cases.flatMap((c) => c.violations);

export const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
