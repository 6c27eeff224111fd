/**
 * Items rendered to UTF-8 JSON once per origin and state, then reused: a page of 50 participants is
 * then one Buffer.concat instead of 50 renders, a 50 KB JSON.stringify and its encoding (bench/mock.mjs).
 * Only fault-free responses use it; a fault deforms items, which then go through JSON.stringify.
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

/** Sends `{"<key>":[items...],"meta":{...}}` built from cached item JSON, copied once into one Buffer. */
export function sendList(reply: FastifyReply, key: string, items: Buffer[], meta: unknown): FastifyReply {
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
  reply.type('application/json; charset=utf-8');
  return reply.send(Buffer.concat(parts, length));
}
