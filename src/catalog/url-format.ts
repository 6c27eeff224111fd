/**
 * Formats as rollcall checks them. They are anchored regular expressions (V8 compiles them to
 * native code: about 4x faster than ajv-formats' full mode on our pages, see README Performance).
 *
 * `uri`: an absolute http(s) URL whose host is a DNS host name (RFC 1123 labels), an IPv4 address or
 * an IPv6 literal, without userinfo. RFC 3986 lets a reg-name hold sub-delims such as `+` and `,`, but no resolver can
 * look such a host up, so a page URL with one can never be followed: for the URLs these APIs return
 * (resource and page URLs) that is a defect. See specs/NOTES.md.
 */

const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const HOST = `(?:${LABEL}(?:\\.${LABEL})*\\.?|\\[[0-9A-Fa-f:.]+\\])`;
const REST = "[A-Za-z0-9\\-._~:/?#[\\]@!$&'()*+,;=%]*";
// No userinfo: a resource URL that carries credentials is a defect of its own (and a leak).
export const HTTP_URL = new RegExp(`^https?://${HOST}(?::(?:6553[0-5]|655[0-2]\\d|65[0-4]\\d\\d|6[0-4]\\d{3}|[1-5]\\d{4}|\\d{1,4}))?(?:[/?#]${REST})?$`);
const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** RFC 3339 date-time (ISO 8601 profile): time zone required, fraction optional. Day-of-month is checked in isDateTime. */
const DATE_TIME = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])[Tt](?:[01]\d|2[0-3]):[0-5]\d:(?:[0-5]\d|60)(?:\.\d+)?(?:[Zz]|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;
const DATE = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/;
export const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days 29-31 exist only in some months: checked only then, so the common case costs one regex test. */
function dayExists(value: string): boolean {
  const day = (value.charCodeAt(8) - 48) * 10 + (value.charCodeAt(9) - 48);
  if (day <= 28) return true;
  const month = (value.charCodeAt(5) - 48) * 10 + (value.charCodeAt(6) - 48);
  if (month !== 2) return day <= (DAYS[month - 1] ?? 0);
  // Read by character codes: slicing and Number() here cost more than the regex on a page of dates.
  const year = (value.charCodeAt(0) - 48) * 1000 + (value.charCodeAt(1) - 48) * 100 + (value.charCodeAt(2) - 48) * 10 + (value.charCodeAt(3) - 48);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (leap ? 29 : 28);
}

/**
 * A string check that remembers the two strings it last accepted, the latest first. List pages
 * repeat values from item to item (room_sid, account_sid and session_id are the list's own; an
 * item's timestamps are often equal), fields alternate (id, session_id, id, ...), and comparing two
 * strings costs a fraction of a regex call. Exact: the same string gets the same answer.
 */
export function rememberAccepted(check: (value: string) => boolean): (value: string) => boolean {
  let first: string | undefined;
  let second: string | undefined;
  return (value) => {
    if (value === first) return true;
    if (value === second) {
      second = first;
      first = value;
      return true;
    }
    if (!check(value)) return false;
    second = first;
    first = value;
    return true;
  };
}

export const isDateTime = rememberAccepted((value) => DATE_TIME.test(value) && dayExists(value));
export const isDate = (value: string): boolean => DATE.test(value) && dayExists(value);
const REST_TO_END = new RegExp(`${REST}$`, 'y');

/**
 * API bodies repeat URLs as prefixes of each other: a participant's `links` extend its `url`, and
 * consecutive items' URLs share `.../Participants/`. Two memos of URLs accepted earlier make such
 * a URL cost a comparison and a check of its rest only, about half the cost of URL checking on a
 * Twilio page (README Performance):
 * - lastUrl: the last URL accepted in full or through lastBase, when its authority is closed by a
 *   path (`/`); a URL that extends it has only its tail checked;
 * - lastBase: the last fully checked URL up to the last `/` of its path (no `?` or `#` before it).
 * The answer is the same either way: a prefix that is a valid URL with a closed authority, followed
 * by REST characters with sound percent-escapes, is a valid URL (a property test holds the memo to
 * the full check).
 */
let lastUrl = '';
let lastBase = '';

/** The rest of value from n on: REST characters only, every `%` followed by two hex digits. */
function restIsSound(value: string, n: number): boolean {
  REST_TO_END.lastIndex = n;
  return REST_TO_END.test(value) && (value.indexOf('%', n) < 0 || !BAD_PERCENT.test(value.slice(n)));
}

export const isHttpUrl = (value: string): boolean => {
  if (value.length > 4096) return false;
  // slice + === compares with memcmp; startsWith is several times slower in V8 on these strings.
  const n = lastUrl.length;
  if (n !== 0 && value.length > n && value.slice(0, n) === lastUrl) return restIsSound(value, n);
  const m = lastBase.length;
  if (m !== 0 && value.length >= m && value.slice(0, m) === lastBase) {
    if (!restIsSound(value, m)) return false;
    lastUrl = value;
    return true;
  }
  if (!isHttpUrlUncached(value)) return false;
  const pathStart = value.indexOf('/', value.charCodeAt(4) === 115 /* https */ ? 8 : 7);
  if (pathStart < 0) return true;
  lastUrl = value;
  const lastSlash = value.lastIndexOf('/');
  if (!/[?#]/.test(value.slice(0, lastSlash))) lastBase = value.slice(0, lastSlash + 1);
  return true;
};

/** The full check, without the prefix memo (the reference the memo is tested against). */
export const isHttpUrlUncached = (value: string): boolean =>
  value.length <= 4096 && HTTP_URL.test(value) && (value.indexOf('%') < 0 || !BAD_PERCENT.test(value)) && hostIsSane(value);

export const isUuid = rememberAccepted((value) => UUID.test(value));

/**
 * What the regex cannot say cheaply: a DNS name is at most 253 characters, and a host of digits
 * and dots only must be a real IPv4 address (999.1.1.1 is neither a name nor an address).
 * Both are rare, so the common case returns after two character tests.
 */
function hostIsSane(value: string): boolean {
  const start = value.charCodeAt(4) === 115 /* https */ ? 8 : 7;
  const first = value.charCodeAt(start);
  if (value.length < 260 && !(first >= 48 && first <= 57)) return true;
  const rest = value.slice(start);
  const authority = rest.slice(0, rest.search(/[/?#]|$/));
  const host = authority.replace(/:\d+$/, '').replace(/\.$/, '');
  if (/^[\d.]+$/.test(host)) return IPV4.test(host);
  return host.length <= 253;
}

export const URL_FORMAT_DESCRIPTION = 'uri: an absolute http(s) URL whose host is a DNS host name or an IP literal';
