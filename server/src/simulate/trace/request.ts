// The request as httpd receives it: method, URL-path (decoded, dot segments removed), query,
// Host and port, client and local addresses. Never throws: an odd URL becomes a path.

import type { TraceRequest, TraceRequestInput } from './types';

export interface ParsedRequest {
  info: TraceRequest;
  /** URL-path as httpd maps it: %-decoded, `.`/`..` removed, runs of slashes merged. */
  path: string;
  /** Path as sent (before decoding), for Redirect's remainder. */
  rawPath: string;
  query: string;
  headers: Record<string, string>;
  localAddress: string;
  /** False when the path is invalid for httpd (a `..` above the root, encoded NUL or slash). */
  valid: boolean;
  scheme: 'http' | 'https';
}

export function parseRequest(input: TraceRequestInput, listenAddressFor: (port: number) => string | undefined): ParsedRequest {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(input.headers ?? {})) headers[k.toLowerCase()] = String(v);
  let url = String(input.url ?? '/').trim();
  let scheme: 'http' | 'https' = 'http';
  let authority = '';
  const m = /^(https?):\/\/([^/?#]*)(.*)$/is.exec(url);
  if (m) {
    scheme = m[1].toLowerCase() as 'http' | 'https';
    authority = m[2].replace(/^[^@]*@/, '');
    url = m[3] || '/';
  } else if (!url.startsWith('/')) url = '/' + url;
  const hash = url.indexOf('#');
  if (hash !== -1) url = url.slice(0, hash);
  const q = url.indexOf('?');
  const rawPath = q === -1 ? url : url.slice(0, q);
  const query = q === -1 ? '' : url.slice(q + 1);
  const hostHeader = headers['host'] ?? authority ?? '';
  const { host, port: hostPort } = splitHostPort(hostHeader);
  const authorityPort = splitHostPort(authority).port;
  const port = authorityPort ?? hostPort ?? (scheme === 'https' ? 443 : 80);
  if (!headers['host'] && authority) headers['host'] = authority;
  const urlHost = splitHostPort(authority).host;
  const localAddress = input.localAddress ?? (isIp(urlHost) ? urlHost : listenAddressFor(port) ?? '127.0.0.1');
  const { path, valid } = normalisePath(rawPath);
  const info: TraceRequest = {
    method: (input.method || 'GET').toUpperCase(),
    url: `${scheme}://${authority || host || localAddress}${rawPath}${query ? '?' + query : ''}`,
    host: host.toLowerCase().replace(/\.$/, ''),
    port,
    clientAddress: input.clientAddress ?? '127.0.0.1',
  };
  return { info, path, rawPath, query, headers, localAddress, valid, scheme };
}

export function splitHostPort(text: string): { host: string; port: number | undefined } {
  const v6 = /^\[([^\]]*)\](?::(\d+))?$/.exec(text);
  if (v6) return { host: v6[1], port: v6[2] ? Number(v6[2]) : undefined };
  const m = /^([^:]*)(?::(\d*))?$/.exec(text);
  if (!m) return { host: text, port: undefined };
  return { host: m[1], port: m[2] ? Number(m[2]) : undefined };
}

export function isIp(text: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(text) || (text.includes(':') && /^[0-9a-f:.]+$/i.test(text));
}

/** httpd's ap_unescape_url + ap_getparents: decode %XX, refuse %2F and %00, drop dot segments. */
function normalisePath(raw: string): { path: string; valid: boolean } {
  let valid = true;
  let decoded = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch === '%' && /^[0-9a-fA-F]{2}$/.test(raw.slice(i + 1, i + 3))) {
      const code = parseInt(raw.slice(i + 1, i + 3), 16);
      if (code === 0 || code === 0x2f) valid = false;
      decoded += String.fromCharCode(code);
      i += 2;
    } else if (ch === '%') {
      valid = false;
      decoded += ch;
    } else decoded += ch;
  }
  try {
    decoded = decodeURIComponent(escape(decoded));
  } catch {
    /* not UTF-8: keep the bytes as characters */
  }
  const segments = decoded.split('/');
  const out: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    const last = i === segments.length - 1;
    if (s === '.') {
      if (last) out.push('');
      continue;
    }
    if (s === '..') {
      if (out.length <= 1) valid = false;
      else out.pop();
      if (last) out.push('');
      continue;
    }
    out.push(s);
  }
  // MergeSlashes On (the default since 2.4.39): runs of slashes become one.
  let path = out.join('/').replace(/\/{2,}/g, '/');
  if (!path.startsWith('/')) path = '/' + path;
  return { path, valid };
}
