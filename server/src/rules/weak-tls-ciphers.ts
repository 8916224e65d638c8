// SSLCipherSuite strings that explicitly add broken or unauthenticated ciphers. Reads OpenSSL's
// syntax: elements separated by `:` (or `,`/space), `!X` removes X for good, `-X` removes it
// until added again, `+X` only reorders, and `A+B` means ciphers that are both A and B.

import { weakCipherFamilies } from '../data/tls-ciphers';
import { activeUses } from '../model';
import type { Rule } from './lib/types';
import { fitMessage } from './lib/message';
import { lineSpan } from './lib/util';

/** Weak cipher families and the OpenSSL names that select them (data/tls-ciphers.ts). */
const FAMILIES: Record<string, string[]> = weakCipherFamilies();

/** How to exclude each family for good. */
const EXCLUSION: Record<string, string> = { RC4: '!RC4', DES: '!DES:!3DES', MD5: '!MD5', EXPORT: '!EXP', LOW: '!LOW', NULL: '!eNULL', anonymous: '!aNULL' };

function familiesOf(element: string): string[] {
  // A full cipher name ("EDH-RSA-DES-CBC3-SHA") is dash-separated; an alias expression is plus-separated.
  const tokens = element.split(/[+-]/);
  return Object.keys(FAMILIES).filter((family) => FAMILIES[family].some((name) => tokens.includes(name)));
}

/** The weak families a cipher string leaves enabled. */
export function weakFamilies(spec: string): string[] {
  const elements = spec.split(/[:, ]+/).filter(Boolean);
  const killed = new Set(elements.filter((e) => e.startsWith('!')).flatMap((e) => familiesOf(e.slice(1))));
  const on = new Set<string>();
  for (const element of elements) {
    if (element.startsWith('!') || element.startsWith('+')) continue;
    if (element.startsWith('-')) {
      for (const f of familiesOf(element.slice(1))) on.delete(f);
      continue;
    }
    for (const f of familiesOf(element)) if (!killed.has(f)) on.add(f);
  }
  return Object.keys(FAMILIES).filter((f) => on.has(f));
}

export const weakTlsCiphers: Rule = {
  id: 'weak-tls-ciphers',
  category: 'security',
  defaultSeverity: 'warning',
  summary: 'SSLCipherSuite adds broken or unauthenticated ciphers (RC4, DES/3DES, MD5, EXPORT, NULL, anonymous).',
  check(ctx) {
    for (const use of activeUses(ctx.model, 'SSLCipherSuite')) {
      // An optional first argument names the protocol the list is for (SSL or TLSv1.3).
      const spec = use.args[use.args.length - 1] ?? '';
      const weak = weakFamilies(spec);
      if (!weak.length) continue;
      ctx.report({
        ...lineSpan(use),
        message: fitMessage(`SSLCipherSuite enables broken ${weak.join(', ')} ciphers. Exclude them with ${weak.map((w) => EXCLUSION[w]).join(':')}, or use e.g. ECDHE+AESGCM:ECDHE+CHACHA20.`, `SSLCipherSuite enables broken ciphers (${weak.length} kinds). Use e.g. ECDHE+AESGCM:ECDHE+CHACHA20.`),
      });
    }
  },
};
