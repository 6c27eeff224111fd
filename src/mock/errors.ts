/** Each vendor's error body (twilio.schema.json#/$defs/Error, telnyx.schema.json#/$defs/Error). */
import type { FastifyReply } from 'fastify';
import type { FaultState } from './faults.js';

export type Vendor = 'twilio' | 'telnyx';

/** The statuses the mock ever answers with an error body. */
export type ErrorStatus = 400 | 401 | 404 | 405 | 429 | 500 | 503;

export interface ApiError {
  status: ErrorStatus;
  /** One sentence for the client. */
  message: string;
  /** The offending query parameter, when there is one (Telnyx puts it in `source.parameter`). */
  parameter?: string;
}

/** Twilio's error codes (https://www.twilio.com/docs/errors). */
const TWILIO_CODES: Record<ErrorStatus, number> = {
  400: 20001,
  401: 20003,
  404: 20404,
  405: 20004,
  429: 20429,
  500: 20500,
  503: 20503,
};

/** Telnyx's error codes and titles, as Telnyx writes them (codes are strings). */
const TELNYX_CODES: Record<ErrorStatus, { code: string; title: string }> = {
  400: { code: '10015', title: 'Invalid parameter' },
  401: { code: '10009', title: 'Authentication failed' },
  404: { code: '10005', title: 'Resource not found' },
  405: { code: '10015', title: 'Method not allowed' },
  429: { code: '10011', title: 'Too many requests' },
  500: { code: '10007', title: 'Unexpected error' },
  503: { code: '10007', title: 'Service unavailable' },
};

export function twilioErrorBody(error: ApiError): { code: number; message: string; more_info: string; status: number } {
  const code = TWILIO_CODES[error.status];
  return { code, message: error.message, more_info: `https://www.twilio.com/docs/errors/${code}`, status: error.status };
}

export interface TelnyxErrorObject {
  code: string;
  title: string;
  detail: string;
  source?: { parameter: string };
  meta: { url: string };
}

/**
 * Telnyx's error body as its error docs show it: `source` only when a parameter is at fault (a 400);
 * a 401, 404 or 429 has none. `meta.url` links the code's documentation page.
 */
export function telnyxErrorBody(error: ApiError): { errors: TelnyxErrorObject[] } {
  const { code, title } = TELNYX_CODES[error.status];
  return {
    errors: [
      {
        code,
        title,
        detail: error.message,
        ...(error.parameter === undefined ? {} : { source: { parameter: error.parameter } }),
        meta: { url: `https://developers.telnyx.com/docs/overview/errors/${code}` },
      },
    ],
  };
}

/** The vendor a path belongs to: Telnyx under /v2, Twilio everywhere else. */
export function vendorOfPath(path: string): Vendor {
  return path === '/v2' || path.startsWith('/v2/') ? 'telnyx' : 'twilio';
}

/** Sends `error` in the vendor's format (or, under the error-format fault, in a wrong one). */
export function sendError(reply: FastifyReply, vendor: Vendor, error: ApiError, faults: FaultState): FastifyReply {
  reply.code(error.status);
  if (error.status === 401 && vendor === 'twilio') reply.header('www-authenticate', 'Basic realm="Twilio API"');
  if (faults.has('error-format')) return reply.send({ error: error.message, status: error.status });
  return reply.send(vendor === 'twilio' ? twilioErrorBody(error) : telnyxErrorBody(error));
}
