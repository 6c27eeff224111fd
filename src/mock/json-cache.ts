/**
 * Items rendered to UTF-8 JSON once per origin and state, then reused: a page of 50 participants is
 * then one Buffer.concat instead of 50 renders, a 50 KB JSON.stringify and its encoding; and whole
 * list responses kept per request (ListResponses). Only fault-free responses use either; a fault
 * deforms items, which then go through JSON.stringify.
 */
import type { FastifyReply } from 'fastify';

interface Entry {
  origin: string;
  /** What the rendering depends on besides the origin (a status that a kick changes). */
  state: string;
  json: Buffer;
}

export class JsonCache<T extends object> {
  private readonly entries = new WeakMap<T, Entry>();

  constructor(private readonly render: (item: T, origin: string) => Record<string, unknown>) {}

  json(item: T, origin: string, state: string): Buffer {
    const hit = this.entries.get(item);
    if (hit && hit.origin === origin && hit.state === state) return hit.json;
    const json = Buffer.from(JSON.stringify(this.render(item, origin)));
    this.entries.set(item, { origin, state, json });
    return json;
  }
}

const COMMA = Buffer.from(',');
const OPENINGS = new Map<string, Buffer>();

/** `{"<key>":[items...],"meta":{...}}` built from cached item JSON, copied once into one Buffer. */
export function listJson(key: string, items: Buffer[], meta: unknown): Buffer {
  let opening = OPENINGS.get(key);
  if (!opening) {
    opening = Buffer.from(`{${JSON.stringify(key)}:[`);
    OPENINGS.set(key, opening);
  }
  const closing = Buffer.from(`],"meta":${JSON.stringify(meta)}}`);
  const parts: Buffer[] = [opening];
  let length = opening.length + closing.length;
  items.forEach((item, i) => {
    if (i > 0) parts.push(COMMA);
    parts.push(item);
    length += item.length + (i > 0 ? 1 : 0);
  });
  parts.push(closing);
  return Buffer.concat(parts, length);
}

export function sendJson(reply: FastifyReply, json: Buffer): FastifyReply {
  reply.type('application/json; charset=utf-8');
  return reply.send(json);
}

/** At most this many responses are kept per listed resource: a fuzzer's endless query variants cannot grow it. */
const RESPONSES_PER_RESOURCE = 64;

/**
 * Whole fault-free list responses, by the resource they list (a room, a conference, a session) and
 * the origin and URL of the request, kept while the resource's version holds (a kick raises it).
 * A repeated request then costs its auth check, a lookup and a write: the page, its paging and its
 * copy into one Buffer are not redone (bench/mock.mjs). Same request, same data, same bytes.
 */
export class ListResponses {
  private readonly byResource = new WeakMap<object, { version: number; bodies: Map<string, Buffer> }>();

  /** The kept response, or the one `build` makes (kept unless it throws: an error is never kept). */
  respond(resource: object, version: number, key: string, build: () => Buffer): Buffer {
    const entry = this.byResource.get(resource);
    const kept = entry && entry.version === version ? entry.bodies.get(key) : undefined;
    if (kept) return kept;
    const body = build();
    this.keep(resource, version, key, body);
    return body;
  }

  private keep(resource: object, version: number, key: string, body: Buffer): void {
    let entry = this.byResource.get(resource);
    if (!entry || entry.version !== version) {
      entry = { version, bodies: new Map() };
      this.byResource.set(resource, entry);
    }
    if (entry.bodies.size >= RESPONSES_PER_RESOURCE) {
      const oldest = entry.bodies.keys().next().value;
      if (oldest !== undefined) entry.bodies.delete(oldest);
    }
    entry.bodies.set(key, body);
  }
}
