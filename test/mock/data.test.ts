/** The seeded dataset: deterministic, consistent, and built from schemas/. */
import { describe, expect, it } from 'vitest';
import { createDataset, DEFAULT_SEED } from '../../src/mock/dataset.js';
import { fixturesOf } from '../../src/mock/fixtures.js';
import { schemaFacts } from '../../src/mock/schema-facts.js';
import { resolveDef } from '../../src/schemas.js';
import { openMock, send } from './helpers.js';

const facts = schemaFacts();

describe('schema facts', () => {
  it.each([
    ['account', 'AccountSid'],
    ['room', 'RoomSid'],
    ['participant', 'ParticipantSid'],
    ['conference', 'ConferenceSid'],
    ['call', 'CallSid'],
    ['conferenceParticipant', 'ConferenceParticipantSid'],
  ] as const)('the %s SID is read from twilio.schema.json#/$defs/%s', (key, def) => {
    const spec = facts.sids[key];
    expect(spec.pattern.source).toBe(resolveDef(`twilio.schema.json#/$defs/${def}`).pattern);
    expect(spec.prefix.length + spec.hexDigits).toBe(resolveDef(`twilio.schema.json#/$defs/${def}`).minLength);
  });

  it('page bounds and defaults come from the schemas', () => {
    expect([facts.twilioPageSize.minimum, facts.twilioPageSize.maximum, facts.twilioPageSize.default]).toEqual(
      ['minimum', 'maximum', 'default'].map((k) => resolveDef('twilio.schema.json#/$defs/PageSize')[k]),
    );
    expect([facts.telnyxPageSize.minimum, facts.telnyxPageSize.maximum, facts.telnyxPageSize.default]).toEqual(
      ['minimum', 'maximum', 'default'].map((k) => resolveDef('telnyx.schema.json#/$defs/PageSize')[k]),
    );
    expect(facts.telnyxPageNumber.maximum).toBeUndefined();
  });
});

describe('the dataset', () => {
  it('is the same for the same seed and differs for another', () => {
    expect(JSON.stringify(createDataset(7))).toBe(JSON.stringify(createDataset(7)));
    expect(fixturesOf(createDataset(7)).twilio.accountSid).not.toBe(fixturesOf(createDataset(8)).twilio.accountSid);
  });

  it.each([DEFAULT_SEED, 1, 99991])('has the fixtures of the issue whatever the seed (seed %i)', (seed) => {
    const fx = fixturesOf(createDataset(seed));
    expect(fx.twilio.rooms.map((r) => [r.uniqueName, r.status, r.participants])).toEqual([
      ['DailyStandup', 'in-progress', { connected: 6, disconnected: 5, reconnecting: 2 }],
      ['Retrospective', 'completed', { connected: 0, disconnected: 12, reconnecting: 0 }],
      ['QuietRoom', 'in-progress', { connected: 0, disconnected: 0, reconnecting: 0 }],
      ['AllHands', 'completed', { connected: 0, disconnected: 2345, reconnecting: 0 }],
    ]);
    expect(fx.twilio.conferences.map((c) => c.participants)).toEqual([24, 0, 137]);
    expect(fx.telnyx.roomSessions.map((s) => s.participants)).toEqual([0, 1, 1000]);
  });

  it('keeps every SID to its schema pattern and every time consistent', () => {
    const d = createDataset(DEFAULT_SEED);
    for (const account of [d.twilio.primary, d.twilio.other]) {
      expect(account.accountSid).toMatch(facts.sids.account.pattern);
      for (const room of account.rooms) {
        expect(room.sid).toMatch(facts.sids.room.pattern);
        for (const p of room.participants) {
          expect([p.roomSid, p.accountSid]).toEqual([room.sid, account.accountSid]);
          expect(p.sid).toMatch(facts.sids.participant.pattern);
          if (p.status === 'disconnected') expect(p.endTime! - p.startTime).toBeGreaterThan(0);
          else expect(p.endTime).toBeNull();
        }
        const connected = room.participants.filter((p) => p.status === 'connected').map((p) => p.identity);
        expect(new Set(connected).size).toBe(connected.length);
      }
    }
    for (const s of d.telnyx.sessions) {
      for (const p of s.participants) {
        expect(p.sessionId).toBe(s.id);
        expect(p.updatedAt.ms).toBeGreaterThanOrEqual(p.joinedAt.ms);
        if (p.leftAt) expect(p.leftAt.ms).toBeGreaterThan(p.joinedAt.ms);
      }
    }
  });

  it('shows every ParticipantStatus value', () => {
    const seen = new Set(createDataset(DEFAULT_SEED).twilio.primary.rooms.flatMap((r) => r.participants.map((p) => p.status)));
    expect([...seen].sort()).toEqual([...facts.video.participantStatus].sort());
  });

  it('GET /__mock/fixtures needs no auth and returns the fixtures', async () => {
    const m = await openMock({ seed: 5 });
    const reply = await send(m.app, { method: 'GET', url: '/__mock/fixtures' });
    expect([reply.status, reply.body]).toEqual([200, fixturesOf(createDataset(5))]);
  });
});
