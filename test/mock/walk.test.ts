/**
 * Walking every page returns every participant exactly once: the 2,345-participant Twilio room at
 * every page size bound, and the 1,000-participant Telnyx session at both page-size bounds.
 */
import { describe, expect, it } from 'vitest';
import { createDataset, DEFAULT_SEED } from '../../src/mock/dataset.js';
import { schemaFacts } from '../../src/mock/schema-facts.js';
import { asJson, get, localPath, openMock, walkTelnyx, walkTwilio } from './helpers.js';

const dataset = createDataset(DEFAULT_SEED);
const allHands = dataset.twilio.primary.rooms[3]!;
const bigSession = dataset.telnyx.sessions[2]!;
const { twilioPageSize, telnyxPageSize } = schemaFacts();

describe('Twilio: following next_page_url', () => {
  it.each([twilioPageSize.minimum, 7, twilioPageSize.default, twilioPageSize.maximum ?? 1000])('returns 2,345 distinct participants in stable order (PageSize=%i)', async (size) => {
    const m = await openMock();
    const walk = await walkTwilio(m, `/v1/Rooms/${allHands.sid}/Participants?PageSize=${size}`, 'participants', 'sid', 3000);
    expect(walk.cycled).toBe(false);
    expect(walk.keys.length).toBe(2345);
    expect(new Set(walk.keys).size).toBe(2345);
    expect(walk.keys).toEqual(allHands.participants.map((p) => p.sid));
    expect(walk.urls.length).toBe(Math.ceil(2345 / size));
  });

  it('following previous_page_url from the last page walks back to the first', async () => {
    const m = await openMock();
    const forward = await walkTwilio(m, `/v1/Rooms/${allHands.sid}/Participants?PageSize=400`, 'participants', 'sid');
    let url: string | null = forward.urls[forward.urls.length - 1]!;
    const pages: string[][] = [];
    for (let i = 0; url !== null && i < 20; i++) {
      const reply = await get(m, url);
      pages.unshift((asJson(reply.body).participants as Array<{ sid: string }>).map((p) => p.sid));
      const previous = asJson(asJson(reply.body).meta).previous_page_url as string | null;
      url = previous === null ? null : localPath(previous);
    }
    expect(pages.flat()).toEqual(forward.keys);
  });

  it('a kick between pages neither repeats nor skips anyone of the walk (cursor tokens)', async () => {
    const m = await openMock();
    const room = dataset.twilio.primary.rooms[0]!;
    const first = await get(m, `/v1/Rooms/${room.sid}/Participants?PageSize=2`);
    const firstSids = (asJson(first.body).participants as Array<{ sid: string }>).map((p) => p.sid);
    // Kick the first participant of page one: an offset-paged API would now skip one.
    await m.app.inject({ method: 'POST', url: `/v1/Rooms/${room.sid}/Participants/${firstSids[0]}`, headers: { host: '127.0.0.1:4010', authorization: m.twilioAuth, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'Status=disconnected' });
    const rest = await walkTwilio(m, localPath(asJson(asJson(first.body).meta).next_page_url as string), 'participants', 'sid');
    const connected = room.participants.filter((p) => p.status === 'connected').map((p) => p.sid);
    expect([...firstSids, ...rest.keys]).toEqual(connected);
  });
});

describe('Telnyx: pages 1..total_pages', () => {
  it.each([telnyxPageSize.minimum, telnyxPageSize.default, 33, telnyxPageSize.maximum ?? 250])('returns 1,000 distinct participants (page[size]=%i)', async (size) => {
    const m = await openMock();
    const walk = await walkTelnyx(m, bigSession.id, size);
    expect([walk.totalResults, walk.totalPages]).toEqual([1000, Math.ceil(1000 / size)]);
    expect(new Set(walk.ids).size).toBe(1000);
    expect(walk.ids).toEqual(bigSession.participants.map((p) => p.id));
    expect(walk.pageSizes.slice(0, -1).every((n) => n === size)).toBe(true);
  });
});
