/**
 * A sandbox with one realistic server bug: a proxy on loopback in front of `rollcall mock`, used as a
 * live target (issue 20). Each bug is one a real API could ship, and each is documented as wrong by
 * the seeds or the vendors' specs (the rule that catches it names its source).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const BUGS = {
  /** A next page link that loses the Status filter (links carry the request's filters: seeds' example links). */
  'next-link-drops-status': 'next_page_url without Status',
  /** Page 2 onwards no longer applies the Status filter, though the link keeps it. */
  'page2-ignores-status': 'the Status filter applied on the first page only',
  /** A next page link that loses PageSize (the vendor's links always carry PageSize). */
  'next-link-drops-pagesize': 'next_page_url without PageSize',
  /** The default list of an in-progress room holds its disconnected participants (documented default: connected). */
  'default-status-wrong': 'the default Status is disconnected in an in-progress room',
  /** DateCreatedAfter/Before compared with date_updated instead of date_created. */
  'date-filter-wrong-field': 'date filters compare date_updated',
  /** duration in milliseconds where the document says seconds. */
  'duration-in-ms': 'duration in milliseconds',
} as const;

export type Bug = keyof typeof BUGS;

type Participant = Record<string, unknown>;

function dropParam(link: unknown, param: string): unknown {
  if (typeof link !== 'string') return link;
  const u = new URL(link);
  u.searchParams.delete(param);
  return u.toString();
}

/** Starts the proxy; `bug` undefined forwards everything unchanged. */
export async function buggySandbox(upstream: string, bug: Bug | undefined): Promise<{ url: string; close(): Promise<unknown> }> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', upstream);
    const isVideoList = /^\/v1\/Rooms\/[^/]+\/Participants$/.test(url.pathname);
    let dateBound: { param: string; value: string } | undefined;
    if (bug === 'page2-ignores-status' && isVideoList && url.searchParams.has('Status') && (url.searchParams.has('PageToken') || Number(url.searchParams.get('Page') ?? 0) > 0)) {
      url.searchParams.delete('Status');
    }
    if (bug === 'default-status-wrong' && isVideoList && !url.searchParams.has('Status')) url.searchParams.set('Status', 'disconnected');
    if (bug === 'date-filter-wrong-field' && isVideoList) {
      for (const param of ['DateCreatedAfter', 'DateCreatedBefore']) {
        const value = url.searchParams.get(param);
        if (value === null) continue;
        dateBound = { param, value };
        url.searchParams.delete(param);
      }
    }
    const forward = http.request(url, { method: req.method, headers: { ...req.headers, host: req.headers.host, 'accept-encoding': 'identity' } }, (up) => {
      const chunks: Buffer[] = [];
      up.on('data', (c: Buffer) => chunks.push(c));
      up.on('end', () => {
        let text = Buffer.concat(chunks).toString('utf8');
        const headers = { ...up.headers };
        if (bug && String(headers['content-type'] ?? '').includes('json') && (up.statusCode ?? 0) < 300) {
          try {
            const body = JSON.parse(text) as { participants?: Participant[]; meta?: Record<string, unknown> } & Participant;
            const meta = body.meta;
            if (bug === 'next-link-drops-status' && meta) meta.next_page_url = dropParam(meta.next_page_url, 'Status');
            if (bug === 'next-link-drops-pagesize' && meta) meta.next_page_url = dropParam(meta.next_page_url, 'PageSize');
            if (bug === 'date-filter-wrong-field' && dateBound && Array.isArray(body.participants)) {
              const bound = Date.parse(dateBound.value);
              body.participants = body.participants.filter((p) => {
                const t = Date.parse(String(p.date_updated));
                return dateBound?.param === 'DateCreatedAfter' ? t >= bound : t <= bound;
              });
            }
            if (bug === 'duration-in-ms') {
              for (const p of Array.isArray(body.participants) ? body.participants : [body]) if (typeof p.duration === 'number') p.duration = p.duration * 1000;
            }
            text = JSON.stringify(body);
          } catch {
            // Not JSON after all: passed as it came.
          }
        }
        delete headers['content-length'];
        delete headers['transfer-encoding'];
        res.writeHead(up.statusCode ?? 502, { ...headers, 'content-length': String(Buffer.byteLength(text)) });
        res.end(text);
      });
    });
    req.pipe(forward);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(r)) };
}
