/**
 * The `uri` format as rollcall checks it: an absolute http(s) URL whose host is a DNS host name
 * (RFC 1123 labels) or an IP literal. RFC 3986 lets a reg-name hold sub-delims such as `+` and `,`,
 * but no resolver can look such a host up, so a page URL with one can never be followed: for the
 * URLs these APIs return (resource and page URLs), that is a defect. See specs/NOTES.md.
 * Hand-written rather than a regex over the whole string, because it is on the hot path of every page.
 */

const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6_BODY = /^[0-9A-Fa-f:.]{2,45}$/;
const REST = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;

export const URL_FORMAT_DESCRIPTION = 'uri: an absolute http(s) URL whose host is a DNS host name or an IP literal';

export function isHostName(host: string): boolean {
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  if (name.length === 0 || name.length > 253) return false;
  if (IPV4.test(name)) return true;
  const labels = name.split('.');
  for (const label of labels) if (!LABEL.test(label)) return false;
  // A name of digits and dots only that is not a valid IPv4 address (e.g. 999.1.1.1) is not a host.
  return !/^[\d.]+$/.test(name);
}

export function isHttpUrl(value: string): boolean {
  let start: number;
  if (value.startsWith('https://')) start = 8;
  else if (value.startsWith('http://')) start = 7;
  else return false;
  let end = value.length;
  for (let i = start; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 47 /* / */ || c === 63 /* ? */ || c === 35 /* # */) {
      end = i;
      break;
    }
  }
  let authority = value.slice(start, end);
  const at = authority.lastIndexOf('@');
  if (at >= 0) authority = authority.slice(at + 1);
  let host: string;
  let port = '';
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    if (close < 0) return false;
    host = authority.slice(1, close);
    if (!IPV6_BODY.test(host) || !host.includes(':')) return false;
    const after = authority.slice(close + 1);
    if (after !== '') {
      if (!after.startsWith(':')) return false;
      port = after.slice(1);
    }
  } else {
    const colon = authority.lastIndexOf(':');
    if (colon >= 0) {
      port = authority.slice(colon + 1);
      authority = authority.slice(0, colon);
    }
    host = authority;
    if (!isHostName(host)) return false;
  }
  if (port !== '' && (!/^\d{1,5}$/.test(port) || Number(port) > 65535)) return false;
  return REST.test(value.slice(end));
}
