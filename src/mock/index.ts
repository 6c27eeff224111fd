/**
 * `rollcall mock`: a stateful, wire-faithful stand-in for Twilio Video, Twilio Insights and Telnyx
 * participants, on one origin. Embed it with startMock (the suites do), or inject with buildMockApp.
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createMockApp, resetMock, type MockAppOptions } from './app.js';
import type { FaultSettings } from './faults.js';
import { fixturesOf, type MockFixtures, otherAccountOf, type OtherAccountFixture } from './fixtures.js';

export { buildMockApp, createMockApp, FIXTURES_PATH, type MockAppOptions } from './app.js';
export { DEFAULT_SEED } from './dataset.js';
export { ChurnRateError, MAX_CHURN_RATE, parseChurnRate, type ChurnCounts } from './churn.js';
export { DEFAULT_FAULT_SETTINGS, FAULT_NAMES, FAULTS, type FaultInfo, type FaultSettings, parseFaultNames, UnknownFaultError } from './faults.js';
export type { MockFixtures, OtherAccountFixture, RoomFixture } from './fixtures.js';

export interface MockOptions {
  seed?: number;
  faults?: string[];
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  logger?: boolean;
  faultSettings?: Partial<FaultSettings>;
  /** Churn RATE: mean participant events per API request (see churn.ts); default 0, off. */
  churn?: number;
}

export interface RunningMock {
  /** The base URL, e.g. `http://127.0.0.1:4010` (no trailing slash). */
  url: string;
  port: number;
  /** Stops listening; answers in flight get CLOSE_GRACE_MS, then every connection left is dropped. */
  close(): Promise<void>;
  /** What `GET /__mock/fixtures` returns, with live counts. */
  fixtures(): MockFixtures;
  /** A second Twilio account: its credentials are valid, but the fixtures' resources are 404 for it. */
  otherAccount(): OtherAccountFixture;
  /** Back to the seeded dataset (kicks undone) and fresh fault counters. */
  reset(): void;
  app: FastifyInstance;
}

function formatHost(address: string): string {
  if (address === '0.0.0.0') return '127.0.0.1';
  if (address === '::') return '[::1]';
  return address.includes(':') ? `[${address}]` : address;
}

/**
 * How long close() lets answers in flight finish before it drops every connection left: a client that connected
 * and never sent a request (a browser's preconnect, a proxy whose client went away) would otherwise hold the close
 * until Node's headers timeout, a minute.
 */
export const CLOSE_GRACE_MS = 1000;

async function closeBounded(app: FastifyInstance): Promise<void> {
  const force = setTimeout(() => app.server.closeAllConnections(), CLOSE_GRACE_MS);
  try {
    await app.close();
  } finally {
    clearTimeout(force);
  }
}

export async function startMock(options: MockOptions = {}): Promise<RunningMock> {
  const appOptions: MockAppOptions = {
    seed: options.seed,
    faults: options.faults,
    logger: options.logger,
    faultSettings: options.faultSettings,
    churn: options.churn,
  };
  const { app, ctx } = createMockApp(appOptions);
  await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  const address = app.server.address() as AddressInfo;
  const host = `${formatHost(address.address)}:${address.port}`;
  ctx.fallbackHost = host;
  return {
    url: `http://${host}`,
    port: address.port,
    close: () => closeBounded(app),
    fixtures: () => fixturesOf(ctx.dataset, ctx.churn),
    otherAccount: () => otherAccountOf(ctx.dataset),
    reset: () => resetMock(ctx),
    app,
  };
}
