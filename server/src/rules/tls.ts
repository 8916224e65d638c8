// TLS settings weaker than a current intermediate profile, and HTTPS hosts without HSTS.

import { activeUses } from '../model';
import type { Rule } from './types';
import { replaceArguments, useAtFinding } from './edits';
import { descendants, lineSpan, nameSpan } from './util';

const OBSOLETE = ['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1'];
export const MODERN_PROTOCOLS = '-all +TLSv1.2 +TLSv1.3';

/** The protocols an SSLProtocol line enables, following its +/- arithmetic. */
export function enabledProtocols(args: string[]): Set<string> {
  const all = ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
  const on = new Set<string>();
  for (const raw of args) {
    const sign = raw.startsWith('-') ? '-' : '+';
    const name = raw.replace(/^[+-]/, '');
    const names = name.toLowerCase() === 'all' ? all.filter((p) => p !== 'SSLv3') : all.filter((p) => p.toLowerCase() === name.toLowerCase());
    for (const n of names) {
      if (sign === '-') on.delete(n);
      else on.add(n);
    }
  }
  return on;
}

export const weakTlsProtocol: Rule = {
  id: 'weak-tls-protocol',
  category: 'security',
  defaultSeverity: 'warning',
  summary: 'SSLProtocol enables SSLv3, TLSv1 or TLSv1.1.',
  check(ctx) {
    for (const use of activeUses(ctx.model, 'SSLProtocol')) {
      const weak = OBSOLETE.filter((p) => enabledProtocols(use.args).has(p));
      if (!weak.length) continue;
      ctx.report({ ...lineSpan(use), message: `SSLProtocol ${use.args.join(' ')} enables ${weak.join(', ')}, obsolete protocols (RFC 8996) that current browsers refuse anyway. Use \`SSLProtocol ${MODERN_PROTOCOLS}\`.` });
    }
  },
  fixes(finding, ctx) {
    const use = useAtFinding(ctx, finding, 'sslprotocol');
    const edit = use ? replaceArguments(use, MODERN_PROTOCOLS) : undefined;
    return edit ? [{ title: `Set SSLProtocol ${MODERN_PROTOCOLS}`, preferred: true, edits: [edit] }] : [];
  },
};

const WEAK_CIPHERS = /(^|[:+\s])(RC4|DES|3DES|DES-CBC3|MD5|EXPORT|EXP|NULL|aNULL|eNULL|ADH|AECDH)([:\s-]|$)/;

export const weakTlsCiphers: Rule = {
  id: 'weak-tls-ciphers',
  category: 'security',
  defaultSeverity: 'warning',
  summary: 'SSLCipherSuite allows broken ciphers (RC4, DES, 3DES, EXPORT, NULL, anonymous).',
  check(ctx) {
    for (const use of activeUses(ctx.model, 'SSLCipherSuite')) {
      const list = use.args[use.args.length - 1] ?? '';
      const allowed = list.split(':').filter((c) => c && !c.startsWith('!') && !c.startsWith('-'));
      const weak = allowed.filter((c) => WEAK_CIPHERS.test(c));
      if (!weak.length) continue;
      ctx.report({ ...lineSpan(use), message: `SSLCipherSuite allows ${weak.slice(0, 4).join(', ')}${weak.length > 4 ? '…' : ''}: broken or unauthenticated ciphers. Use a current intermediate profile, e.g. ECDHE+AESGCM:ECDHE+CHACHA20, or prefix them with !.` });
    }
  },
};

export const hstsMissing: Rule = {
  id: 'hsts-missing',
  category: 'security',
  defaultSeverity: 'information',
  summary: 'An HTTPS virtual host sends no Strict-Transport-Security header.',
  check(ctx) {
    const global = activeUses(ctx.model, 'Header').some((h) => h.parents.length === 0 && /strict-transport-security/i.test(h.args.join(' ')));
    if (global) return;
    for (const vhost of activeUses(ctx.model, 'VirtualHost')) {
      const inside = descendants(vhost).filter((u) => u.active);
      const tls = inside.some((u) => u.key === 'sslengine' && u.args[0]?.toLowerCase() === 'on');
      if (!tls || inside.some((u) => (u.key === 'header' && /strict-transport-security/i.test(u.args.join(' '))) || u.key === 'mdrequirehttps')) continue;
      ctx.report({ ...nameSpan(vhost), message: 'This HTTPS virtual host sends no Strict-Transport-Security header, so browsers may still try plain HTTP first. Add `Header always set Strict-Transport-Security "max-age=63072000"` (needs mod_headers) once HTTPS works everywhere.' });
    }
  },
};
