// %{NAME} lookups of mod_rewrite (lookup_variable), from the simulated request.

import type { RewriteCtx } from './context';

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

function header(ctx: RewriteCtx, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of ctx.req.headers) if (k.toLowerCase() === lower) {
    ctx.vary.push(name);
    return v;
  }
  ctx.vary.push(name);
  return undefined;
}

/** The value of %{var}; '' for unknown names, as httpd. */
export function lookupVariable(varName: string, ctx: RewriteCtx): string {
  const r = ctx.req;
  if (varName.length < 4) return '';
  if (varName[3] === ':') {
    const prefix = varName.slice(0, 3).toUpperCase();
    const rest = varName.slice(4);
    if (rest && prefix === 'ENV') return r.env.get(rest) ?? '';
    if (rest && prefix === 'SSL') {
      if (r.https) ctx.unknown.push(`%{SSL:${rest}} depends on the TLS session`);
      return '';
    }
    return '';
  }
  if (varName[4] === ':') {
    const prefix = varName.slice(0, 4).toUpperCase();
    const rest = varName.slice(5);
    if (!rest) return '';
    if (prefix === 'HTTP') return header(ctx, rest) ?? '';
    if (prefix === 'LA-U' || prefix === 'LA-F') {
      ctx.unknown.push(`%{${varName}} needs a look-ahead sub-request, which is not simulated`);
      return '';
    }
    return '';
  }
  const v = varName.toUpperCase();
  const t = ctx.world.now();
  switch (v) {
    case 'TIME':
      return `${pad(t.getFullYear(), 4)}${pad(t.getMonth() + 1)}${pad(t.getDate())}${pad(t.getHours())}${pad(t.getMinutes())}${pad(t.getSeconds())}`;
    case 'TIME_YEAR': return pad(t.getFullYear(), 4);
    case 'TIME_MON': return pad(t.getMonth() + 1);
    case 'TIME_DAY': return pad(t.getDate());
    case 'TIME_HOUR': return pad(t.getHours());
    case 'TIME_MIN': return pad(t.getMinutes());
    case 'TIME_SEC': return pad(t.getSeconds());
    case 'TIME_WDAY': return String(t.getDay());
    case 'IPV6': return r.remoteAddr.includes(':') && !/^::ffff:/i.test(r.remoteAddr) ? 'on' : 'off';
    case 'HTTPS': return r.https ? 'on' : 'off';
    case 'IS_SUBREQ': return r.isSubrequest ? 'true' : 'false';
    case 'PATH_INFO': return r.pathInfo ?? '';
    case 'AUTH_TYPE': return r.authType ?? '';
    case 'HTTP_HOST': return header(ctx, 'Host') ?? '';
    case 'SERVER_NAME': return r.serverName;
    case 'REMOTE_ADDR': return r.remoteAddr;
    case 'SERVER_ADDR': return r.serverAddr;
    case 'HTTP_ACCEPT': return header(ctx, 'Accept') ?? '';
    case 'THE_REQUEST': return r.theRequest;
    case 'API_VERSION': return '20120211:141';
    case 'HTTP_COOKIE': return header(ctx, 'Cookie') ?? '';
    case 'SERVER_PORT': return String(r.serverPort);
    case 'REMOTE_HOST': return r.remoteAddr;
    case 'REMOTE_PORT': return String(r.remotePort);
    case 'REMOTE_USER': return r.remoteUser ?? '';
    case 'SCRIPT_USER':
    case 'SCRIPT_GROUP':
      ctx.unknown.push(`%{${v}} depends on file ownership`);
      return '<unknown>';
    case 'REQUEST_URI': return r.uri;
    case 'REMOTE_IDENT': return '';
    case 'HTTP_REFERER': return header(ctx, 'Referer') ?? '';
    case 'QUERY_STRING': return r.args ?? '';
    case 'SERVER_ADMIN': return r.serverAdmin ?? '';
    case 'DOCUMENT_ROOT': return r.documentRoot;
    case 'HTTP_FORWARDED': return header(ctx, 'Forwarded') ?? '';
    case 'CONTEXT_PREFIX': return r.contextPrefix ?? '';
    case 'REQUEST_METHOD': return r.method;
    case 'REQUEST_SCHEME': return r.https ? 'https' : 'http';
    case 'HTTP_USER_AGENT': return header(ctx, 'User-Agent') ?? '';
    case 'SCRIPT_FILENAME':
    case 'REQUEST_FILENAME': return r.filename ?? '';
    case 'SERVER_PROTOCOL': return r.protocol;
    case 'SERVER_SOFTWARE': return 'Apache';
    case 'CONN_REMOTE_ADDR': return r.remoteAddr;
    case 'HTTP_PROXY_CONNECTION': return header(ctx, 'Proxy-Connection') ?? '';
    case 'CONTEXT_DOCUMENT_ROOT': return r.contextDocumentRoot ?? r.documentRoot;
  }
  return '';
}
