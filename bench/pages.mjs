// Builds realistic, valid list pages for the benchmarks from the spec examples (one item, varied per row).
import { createCatalog } from '../dist/src/index.js';

const hex = (n, width = 32) => n.toString(16).padStart(width, '0');

/**
 * The item's timestamps moved i * 37 s later: participants of a real room join at different times,
 * so no two items share a timestamp (a validator must not look faster for repeated values that real
 * pages lack). Fields equal within one item stay equal, as they are in the vendors' examples.
 */
function shiftTimes(item, i, fields) {
  const out = { ...item };
  for (const f of fields) {
    if (typeof item[f] !== 'string') continue;
    const [whole, fraction = ''] = item[f].replace(/Z$/, '').split('.');
    const moved = new Date(Date.parse(whole + 'Z') + i * 37_000).toISOString().slice(0, 19);
    out[f] = moved + (fraction ? '.' + fraction : '') + 'Z';
  }
  return out;
}

export function twilioVideoPage(count) {
  const catalog = createCatalog();
  const op = catalog.operation('twilio-video.listRoomParticipants');
  const example = op.responses.find((r) => r.status === 200).examples.find((e) => e.name === 'readFilters').value;
  const room = 'RM' + hex(1);
  const participants = Array.from({ length: count }, (_, i) => {
    const sid = 'PA' + hex(i + 1);
    const url = `https://video.twilio.com/v1/Rooms/${room}/Participants/${sid}`;
    return {
      ...shiftTimes(example.participants[0], i, ['date_created', 'date_updated', 'start_time', 'end_time']),
      sid, room_sid: room, identity: `user-${i}`,
      url,
      links: Object.fromEntries(Object.keys(example.participants[0].links).map((k) => [k, `${url}/${k}`])),
    };
  });
  const pageUrl = `https://video.twilio.com/v1/Rooms/${room}/Participants?Status=disconnected&PageSize=${count}&Page=0`;
  return { participants, meta: { ...example.meta, page_size: count, url: pageUrl, first_page_url: pageUrl } };
}

export function telnyxPage(count) {
  const catalog = createCatalog();
  const op = catalog.operation('telnyx.listRoomSessionParticipants');
  const example = op.responses.find((r) => r.status === 200).examples[0].value;
  const session = '7b61621f-5fe4-4aad-ab11-9fd19e272e73';
  const data = Array.from({ length: count }, (_, i) => ({
    ...shiftTimes(example.data[0], i, ['joined_at', 'updated_at', 'left_at']),
    id: `${hex(i + 1, 8)}-62e0-4aad-ab11-9fd19e272e73`,
    session_id: session,
    context: `user-${i}`,
  }));
  return { data, meta: { page_number: 1, page_size: count, total_pages: 1, total_results: count } };
}
