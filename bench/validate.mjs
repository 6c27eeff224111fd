// parse+validate of a 50-participant Twilio page and a 250-participant Telnyx page, against JSON.parse alone.
// Rounds interleave the sides so that machine noise hits them alike; the ratio is the median of the rounds. Each side is timed
// by the process's CPU time, not the wall clock: on this shared 2-core machine another process's turn would count as ours.
import { createRequire } from 'node:module';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { createCatalog } from '../dist/src/index.js';
import { loadSchemaFiles } from '../dist/src/schemas.js';

const addFormats = createRequire(import.meta.url)('ajv-formats');

/** The baseline the issue names: a plain Ajv 2020 + ajv-formats setup on the same schemas, parse + validate. */
function plainAjv() {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  for (const f of loadSchemaFiles()) ajv.addSchema(f.schema);
  return (ref) => ajv.getSchema(ref);
}
import { twilioVideoPage, telnyxPage } from './pages.mjs';

/** CPU time of the process (user + system): on a loaded shared machine, wall time counts the other processes' turns too. */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** µs per call of `fn`, run until `ms` of this process's CPU time has passed. */
function perCallUs(fn, ms) {
  let n = 0;
  const start = cpuMs();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 20; i++) fn();
    n += 20;
    now = cpuMs();
  }
  return ((now - start) * 1000) / n;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchValidate({ rounds = 15, msPerSide = 100 } = {}) {
  const catalog = createCatalog();
  const plain = plainAjv();
  const cases = [
    { name: 'twilio-video 50 participants', op: 'twilio-video.listRoomParticipants', body: JSON.stringify(twilioVideoPage(50)) },
    { name: 'telnyx 250 participants', op: 'telnyx.listRoomSessionParticipants', body: JSON.stringify(telnyxPage(250)) },
  ];
  const results = [];
  for (const c of cases) {
    const found = catalog.validate(c.op, c.body);
    if (found.length) throw new Error(`bench page for ${c.op} is not valid: ${JSON.stringify(found[0])}`);
    const parse = () => JSON.parse(c.body);
    const validate = () => catalog.validate(c.op, c.body);
    const ref = catalog.operation(c.op).responses.find((r) => r.status === 200).schemaRef;
    const plainValidate = plain(ref);
    const plainRun = () => plainValidate(JSON.parse(c.body));
    perCallUs(parse, 300);
    perCallUs(validate, 300); // warm-up: every side optimised before measuring
    perCallUs(plainRun, 300);
    const p = [], v = [], r = [], q = [], rq = [];
    for (let i = 0; i < rounds; i++) {
      const a = perCallUs(parse, msPerSide);
      const b = perCallUs(validate, msPerSide);
      const d = perCallUs(plainRun, msPerSide);
      p.push(a); v.push(b); r.push(b / a); q.push(d); rq.push(d / a);
    }
    results.push({
      case: c.name, bytes: c.body.length,
      jsonParseUs: +median(p).toFixed(1), parseValidateUs: +median(v).toFixed(1), ratio: +median(r).toFixed(2),
      plainAjvUs: +median(q).toFixed(1), plainAjvRatio: +median(rq).toFixed(2),
    });
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await benchValidate()) console.log(JSON.stringify(r));
}
