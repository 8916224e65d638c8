// Own-words explanations of argument keywords for hover and completion. The word lists and their
// texts live in data/vocabulary.ts, the same lists the checker reads.

import { LOG_LEVELS, OPTIONS_KEYWORDS, OVERRIDE_CLASSES, REQUIRE_PROVIDERS, SERVER_TOKENS, SSL_PROTOCOLS, keyOf, rewriteFlag, rewriteFlagWords } from '../data/vocabulary';
import * as md from './markdown';

const REQUIRE_DOCS: Record<string, string> = Object.fromEntries(Object.entries(REQUIRE_PROVIDERS).map(([k, v]) => [k, v.doc]));

/** Explanation of a keyword argument, or undefined. */
export function keywordHover(directive: string, word: string, index: number): string | undefined {
  const bare = word.replace(/^[+-]/, '');
  const pick = (table: Record<string, string>, key: string): string | undefined => {
    const found = keyOf(table, key);
    return found ? `**${md.text(found)}** — ${md.prose(table[found])}` : undefined;
  };
  switch (directive) {
    case 'options':
      return pick(OPTIONS_KEYWORDS, bare);
    case 'allowoverride':
      return pick(OVERRIDE_CLASSES, bare.split('=')[0]);
    case 'loglevel':
      return pick(LOG_LEVELS, word.includes(':') ? word.split(':')[1] : word);
    case 'require':
      return index === 0 ? pick(REQUIRE_DOCS, word.replace(/^not$/i, '')) : undefined;
    case 'servertokens':
      return pick(SERVER_TOKENS, word);
    case 'sslprotocol':
    case 'sslproxyprotocol':
      return pick(SSL_PROTOCOLS, bare);
    case 'rewriterule': {
      if (!word.startsWith('[')) return undefined;
      // The flag names are configuration text: escaped, an unknown one shown as code.
      const lines = rewriteFlagWords(word).map(({ name }) => {
        const flag = rewriteFlag(name);
        const spelled = flag && flag.flag.toLowerCase() !== name.toLowerCase() ? ` (${md.text(flag.flag)})` : '';
        return flag ? `**${md.text(name)}**${spelled} — ${md.prose(flag.doc)}` : `${md.code(name)} — not a RewriteRule flag httpd knows.`;
      });
      return lines.join('\n\n');
    }
    default:
      return undefined;
  }
}
