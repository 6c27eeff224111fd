/** The real mock on loopback, and a fetchPage for walkPages with its credentials (never sent elsewhere). */
import { startMock, type MockFixtures, type RunningMock } from '../../src/mock/index.js';
import type { Exchange } from '../../src/types.js';

export interface LiveMock {
  mock: RunningMock;
  fx: MockFixtures;
  /** GET (or POST a form) with the credentials of the path's vendor, as an Exchange. */
  send(operationId: string, url: string, form?: string): Promise<Exchange>;
  /** A fetchPage for walkPages. */
  fetchPage(operationId: string): (url: string) => Promise<Exchange>;
  close(): Promise<void>;
}

export async function openLiveMock(faults: string[] = []): Promise<LiveMock> {
  const mock = await startMock({ faults, host: '127.0.0.1', port: 0 });
  const fx = mock.fixtures();
  const origin = new URL(mock.url).origin;
  const twilio = 'Basic ' + Buffer.from(`${fx.twilio.accountSid}:${fx.twilio.authToken}`).toString('base64');
  const telnyx = `Bearer ${fx.telnyx.apiKey}`;
  const send = async (operationId: string, url: string, form?: string): Promise<Exchange> => {
    const target = new URL(url);
    if (target.origin !== origin) throw new Error(`test: refusing to send credentials to ${target.origin}`);
    const headers: Record<string, string> = { authorization: target.pathname.startsWith('/v2/') ? telnyx : twilio };
    if (form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(url, { method: form === undefined ? 'GET' : 'POST', headers, body: form });
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    return {
      operationId,
      request: { method: form === undefined ? 'GET' : 'POST', url },
      response: { status: res.status, headers: { 'content-type': res.headers.get('content-type') ?? '' }, body },
    };
  };
  return {
    mock,
    fx,
    send,
    fetchPage: (operationId) => (url) => send(operationId, url),
    close: () => mock.close(),
  };
}

/** Opens a mock, runs `body`, and always closes it. */
export async function withMock<T>(faults: string[], body: (m: LiveMock) => Promise<T>): Promise<T> {
  const m = await openLiveMock(faults);
  try {
    return await body(m);
  } finally {
    await m.close();
  }
}
