// Own-words explanations of argument keywords for hover and completion. The word lists and their
// texts live in data/vocabulary.ts, the same lists the checker reads.

import { LOG_LEVELS, OPTIONS_KEYWORDS, OVERRIDE_CLASSES, REQUIRE_PROVIDERS, SERVER_TOKENS, SSL_PROTOCOLS, keyOf, rewriteFlag, rewriteFlagWords } from '../data/vocabulary';

const REQUIRE_DOCS: Record<string, string> = Object.fromEntries(Object.entries(REQUIRE_PROVIDERS).map(([k, v]) => [k, v.doc]));

/** Explanation of a keyword argument, or undefined. */
export function keywordHover(directive: string, word: string, index: number): string | undefined {
  const bare = word.replace(/^[+-]/, '');
  const pick = (table: Record<string, string>, key: string): string | undefined => {
    const found = keyOf(table, key);
    return found ? `**${found}** — ${table[found]}` : undefined;
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
      const lines = rewriteFlagWords(word).map(({ name }) => {
        const flag = rewriteFlag(name);
        const spelled = flag && flag.flag.toLowerCase() !== name.toLowerCase() ? ` (${flag.flag})` : '';
        return flag ? `**${name}**${spelled} — ${flag.doc}` : `**${name}** — not a RewriteRule flag httpd knows.`;
      });
      return lines.join('\n\n');
    }
    default:
      return undefined;
  }
}
