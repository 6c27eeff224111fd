/** Twilio's HTTP Basic and Telnyx's Bearer authentication, against the seeded credentials. */
import { timingSafeEqual } from 'node:crypto';
import type { MockDataset, TwilioAccount } from './model.js';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const BASIC = /^Basic[ \t]+([A-Za-z0-9+/=_-]+)[ \t]*$/i;
const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/**
 * The account whose credentials are in the header, or undefined (a 401): its Account SID and auth
 * token, or one of its API key SIDs and that key's secret (Twilio's recommended credentials;
 * twilio-node sends them for `twilio(apiKeySid, apiKeySecret, { accountSid })`).
 */
export function twilioAccount(dataset: MockDataset, authorization: string | undefined): TwilioAccount | undefined {
  const match = authorization === undefined ? null : BASIC.exec(authorization);
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const user = decoded.slice(0, colon);
  const secret = decoded.slice(colon + 1);
  const { primary, other } = dataset.twilio;
  for (const account of [primary, other]) {
    if (account.accountSid === user) return sameSecret(secret, account.authToken) ? account : undefined;
    const key = account.apiKeys.find((k) => k.sid === user);
    if (key) return sameSecret(secret, key.secret) ? account : undefined;
  }
  return undefined;
}

/** Whether the header carries the Telnyx API key as a Bearer token. */
export function telnyxAuthorized(dataset: MockDataset, authorization: string | undefined): boolean {
  const match = authorization === undefined ? null : BEARER.exec(authorization);
  return match?.[1] !== undefined && sameSecret(match[1], dataset.telnyx.apiKey);
}
