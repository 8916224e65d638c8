// Own-words explanations of argument keywords for hover and completion. The word lists and their
// texts live in data/vocabulary.ts, the same lists the checker reads.

import { LOG_LEVELS, OPTIONS_KEYWORDS, OVERRIDE_CLASSES, REQUIRE_PROVIDERS, SERVER_TOKENS, SSL_PROTOCOLS, keyOf, rewriteFlag, rewriteFlagWords } from '../data/vocabulary';
import { HEADER_ACTIONS, HEADER_CONDITIONS, headerInfo } from '../data/http-headers';
import { accessText, phpIni, settableBy } from '../data/php-ini';
import { describeVariable, type VariableUse } from '../data/server-variables';
import { CIPHER_KEYWORDS, TLS13_SUITES } from '../data/tls-ciphers';
import * as md from './markdown';
import { bracedNames } from '../parser';

const REQUIRE_DOCS: Record<string, string> = Object.fromEntries(Object.entries(REQUIRE_PROVIDERS).map(([k, v]) => [k, v.doc]));

/** Explanation of a keyword argument, or undefined. */
export function keywordHover(directive: string, word: string, index: number, args: string[] = []): string | undefined {
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
    case 'header':
    case 'requestheader':
      return headerHover(directive, word, index, args) ?? variablesHover(word, /^expr=/i.test(word) ? 'expr' : undefined);
    case 'php_value':
    case 'php_flag':
    case 'php_admin_value':
    case 'php_admin_flag':
      return index === 0 ? phpHover(directive, word) : undefined;
    case 'sslciphersuite':
    case 'sslproxyciphersuite':
      return cipherHover(word);
    case 'rewritecond':
      return variablesHover(word, index === 0 ? 'rewrite' : args[0]?.toLowerCase() === 'expr' && index === 1 ? 'expr' : undefined);
    case 'if':
    case 'elseif':
    case 'setenvifexpr':
      return variablesHover(word, 'expr');
    default:
      return undefined;
  }
}

/** Each %{NAME} of the word that the syntax knows, explained. */
function variablesHover(word: string, use: VariableUse | undefined): string | undefined {
  if (!use) return undefined;
  const lines = [...new Set(bracedNames(word, '%{').flatMap((v) => (v.name ? [v.name] : [])))].flatMap((name) => {
    const doc = describeVariable(name, use);
    return doc ? [`${md.code(`%{${name}}`)} — ${md.prose(doc)}`] : [];
  });
  return lines.length ? lines.join('\n\n') : undefined;
}

function headerHover(directive: string, word: string, index: number, args: string[]): string | undefined {
  const lower = word.toLowerCase();
  const base = directive === 'header' && args[0] && args[0].toLowerCase() in HEADER_CONDITIONS ? 1 : 0;
  if (directive === 'header' && index === 0 && lower in HEADER_CONDITIONS) return `**${md.text(lower)}** — ${md.prose(HEADER_CONDITIONS[lower])}`;
  if (index === base && lower in HEADER_ACTIONS) return `**${md.text(lower)}** — ${md.prose(HEADER_ACTIONS[lower].doc)}`;
  if (index !== base + 1) return undefined;
  const info = headerInfo(word);
  return info ? `**${md.text(info.name)}** (${info.direction === 'both' ? 'request and response' : info.direction} header) — ${md.prose(info.doc)}` : undefined;
}

function phpHover(directive: string, word: string): string | undefined {
  const entry = phpIni(word);
  if (!entry) return undefined;
  const warning = settableBy(entry, directive) ? '' : `\n\n${md.text(`${directive} cannot change it: PHP ignores the line. Use php_admin_value in the server configuration.`)}`;
  return `**${md.text(entry.name)}** — PHP setting, default ${md.code(entry.default || '(empty)')}; changeable ${md.text(accessText(entry))}.${warning}`;
}

function cipherHover(spec: string): string | undefined {
  const lines = spec.split(/[:,]/).flatMap((element) => {
    const word = element.replace(/^[!+-]/, '');
    const k = CIPHER_KEYWORDS[word];
    const doc = k?.doc ?? TLS13_SUITES[word];
    if (!doc) return [];
    const removed = /^[!-]/.test(element) ? ' (removed here)' : '';
    return [`**${md.text(element)}**${removed} — ${md.prose(doc)}`];
  });
  return lines.length ? lines.join('\n\n') : undefined;
}
