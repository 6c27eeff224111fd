/**
 * The secrets the proxy must never write: the environment's (as a live run's) and every credential
 * an application sends through it, learned from its Authorization headers as they pass. The
 * redactor is rebuilt when a new one is learned, so that a report or a recording written later
 * never holds one.
 */
import { Redactor } from '../run/redact.js';

/** Credentials a live run reads from the environment (DESIGN.md, "Live settings come from the environment"). */
const SECRET_VARIABLES = ['TWILIO_AUTH_TOKEN', 'TWILIO_API_SECRET', 'TELNYX_API_KEY'];

/** At most this many credentials are remembered (an application sends a few; a hostile one, no more). */
const MAX_SECRETS = 1000;

export class SecretBook {
  private readonly secrets = new Set<string>();
  private current: Redactor;

  constructor(env: NodeJS.ProcessEnv = {}) {
    for (const name of SECRET_VARIABLES) {
      const value = env[name];
      if (value) this.secrets.add(value);
    }
    this.current = new Redactor([...this.secrets]);
  }

  /** Learns the secret parts of an Authorization header: a Basic password and its encoding, a Bearer token. */
  learn(authorization: string | undefined): void {
    if (!authorization || this.secrets.size >= MAX_SECRETS) return;
    const [scheme = '', value = ''] = authorization.trim().split(/\s+/, 2);
    const found: string[] = [];
    if (/^basic$/i.test(scheme) && value) {
      found.push(value);
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon >= 0) found.push(decoded.slice(colon + 1));
    } else if (value) found.push(value);
    const fresh = found.filter((s) => s.length > 0 && !this.secrets.has(s));
    if (fresh.length === 0) return;
    for (const s of fresh) this.secrets.add(s);
    this.current = new Redactor([...this.secrets]);
  }

  redactor(): Redactor {
    return this.current;
  }
}
