/** What every route of one mock instance shares. */
import type { FastifyRequest } from 'fastify';
import { twilioAccount } from './auth.js';
import type { FaultState } from './faults.js';
import type { MockDataset, TwilioAccount } from './model.js';
import { ApiProblem } from './params.js';
import type { RateWindow } from './rate-limit.js';
import type { Churn } from './churn.js';
import { requestOrigin } from './urls.js';

export interface MockContext {
  dataset: MockDataset;
  faults: FaultState;
  /** The host[:port] used in URLs when a request has no usable Host header; set once the server listens. */
  fallbackHost: string;
  /** The clock kicks are stamped with. */
  now(): number;
  /** Telnyx's x-ratelimit-* window. */
  telnyxRate: RateWindow;
  /** Participants joining and leaving while the mock serves (`--churn RATE`); absent when off. */
  churn?: Churn;
}

export function originOf(ctx: MockContext, request: FastifyRequest): string {
  return requestOrigin(request, ctx.fallbackHost);
}

/** The Twilio account of the request's credentials; a 401 otherwise. */
export function requireTwilioAccount(ctx: MockContext, request: FastifyRequest): TwilioAccount {
  const account = twilioAccount(ctx.dataset, request.headers.authorization);
  if (!account) {
    throw new ApiProblem({ status: 401, message: 'Authenticate: HTTP Basic credentials (Account SID and auth token, or API key SID and secret) are required.' });
  }
  return account;
}
