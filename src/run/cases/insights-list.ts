/** Cases for Twilio Insights conference participants: the Twilio list cases plus ParticipantSid and Label filters. */
import type { Session } from '../session.js';
import type { Discovered } from '../target.js';
import { droppedMatch, droppedMatches } from '../../checks/filter/dropped-match.js';
import { buildUrl, itemsOf, listKeyOf, type Case } from './common.js';
import { unknownSid } from '../../catalog/facts.js';
import { twilioListCases } from './twilio-list.js';
import { need } from '../needs.js';

const OP = 'twilio-insights.listConferenceParticipants';

export function insightsCases(s: Session, baseUrl: string, conference: { sid: string; participants?: number; discovered?: Discovered }): Case[] {
  const path = `/v1/Conferences/${encodeURIComponent(conference.sid)}/Participants`;
  const max = s.catalog.parameterSchema(OP, 'PageSize')?.maximum as number;
  const cases = twilioListCases(s, { operationId: OP, baseUrl, path, unknownPath: `/v1/Conferences/${unknownSid('ConferenceSid')}/Participants`, discovered: conference.discovered });
  // The filters that name a field of the item: the filter value is taken from a participant, then must find it.
  for (const [param, field] of [['ParticipantSid', 'participant_sid'], ['Label', 'label']] as const) {
    cases.push({
      name: `${param} of a participant`,
      run: async (o) => {
        const first = await s.probe(OP).send({ method: 'GET', url: buildUrl(baseUrl, path, { PageSize: max }) });
        o.checkResult(first);
        const someone = need(itemsOf(first.exchange, listKeyOf(s, OP)).find((p) => typeof p[field] === 'string'), `the conference has no participant with a ${field} to filter by`);
        const r = await s.probe(OP).send({ method: 'GET', url: buildUrl(baseUrl, path, { [param]: someone[field] as string, PageSize: max }) });
        o.checkResult(r);
        o.judge(droppedMatch, droppedMatches(`${param}=${String(someone[field])}`, [someone], itemsOf(r.exchange, listKeyOf(s, OP)), 'participant_sid'), r.exchange);
      },
    });
  }
  // Events: the document does not say how it filters ("e.g. hold, mute"); its example values are
  // sent and the answers must keep the contract. What an Events match means is not checked (NOTES I10).
  const events = s.catalog.parameterSchema(OP, 'Events');
  for (const value of Array.isArray(events?.examples) ? (events.examples as string[]) : []) {
    cases.push({ name: `Events=${value}`, run: async (o) => o.checkResult(await s.probe(OP).send({ method: 'GET', url: buildUrl(baseUrl, path, { Events: value, PageSize: max }) })) });
  }
  return cases;
}
