// The environment a live run needs to use a mock started by a bench (credentials, base URLs and the
// parents to read): one place for the benches that point rollcall run --target live at the mock.
export function liveEnv(fixtures, baseUrl, parents) {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    TWILIO_ACCOUNT_SID: fixtures.twilio.accountSid,
    TWILIO_AUTH_TOKEN: fixtures.twilio.authToken,
    TELNYX_API_KEY: fixtures.telnyx.apiKey,
    ROLLCALL_TWILIO_VIDEO_BASE_URL: baseUrl,
    ROLLCALL_TWILIO_INSIGHTS_BASE_URL: baseUrl,
    ROLLCALL_TELNYX_BASE_URL: `${baseUrl}/v2`,
    ...parents,
  };
}

/** A room's participants in every status. */
export const roomSize = (r) => r.participants.connected + r.participants.disconnected + (r.participants.reconnecting ?? 0);
