// Where a directive holds an ap_expr expression that httpd parses when it reads the
// configuration, and the text it parses: boolean ones (<If>, Require expr, expr=… conditions…)
// and string ones (ErrorDocument, a Header value written expr=…, LogMessage's message). Each
// place was probed on Debian's apache2 2.4 (see test/oracle/expr-invalid.test.ts); Alias and
// Redirect inside <Location> (string expressions too) are not listed yet.

import type { ExprMode } from './expr-lexer';
import type { DirectiveUse } from './types';

export type ExprPlace = 'if' | 'require' | 'setenvifexpr' | 'header' | 'rewritecond' | 'logmessage' | 'filterprovider' | 'errordocument' | 'header-value' | 'logmessage-text';

export interface ExprSite {
  place: ExprPlace;
  mode: ExprMode;
  /** The expression as httpd hands it to its parser. */
  text: string;
  /** File offset of the expression's first character, when the text is the file's bytes as written. */
  offset?: number;
  /** The span to report on when no offset inside it is known. */
  start: number;
  end: number;
}

/** Actions of Header/RequestHeader and how many value words follow the header name. */
const HEADER_VALUES: Record<string, number> = { add: 1, append: 1, merge: 1, set: 1, setifempty: 1, note: 1, unset: 0, echo: 0, edit: 2, 'edit*': 2 };

/** The expression of a directive word written as it is (no escapes), with a prefix to skip. */
function fromWord(use: DirectiveUse, index: number, place: ExprPlace, skip = 0, mode: ExprMode = 'boolean'): ExprSite | undefined {
  const value = use.args[index];
  const word = use.words[index];
  if (value === undefined || !word) return undefined;
  const inner = word.quote ? word.start + 1 : word.start;
  const written = use.line.kind === 'directive' || use.line.kind === 'open' ? word.end - word.start - (word.quote ? 2 : 0) : -1;
  // Offsets hold only when the value is the written text (no ${VAR}, no \" unescaped).
  const exact = written === value.length && !word.unterminated;
  return { place, mode, text: value.slice(skip), offset: exact ? inner + skip : undefined, start: word.start, end: word.end };
}

/** `Require [not] expr …`: the rest of the line as written, without one pair of enclosing double quotes. */
function requireSite(use: DirectiveUse, fileText: string | undefined, first: number): ExprSite | undefined {
  const word = use.words[first];
  if (!word || fileText === undefined || use.line.continuations > 0) return undefined;
  let start = word.start;
  let end = use.line.contentEnd;
  const raw = fileText.slice(start, end);
  // ${VAR} is replaced before the provider sees the line; its written text is not what httpd parses.
  if (raw.includes('${')) return undefined;
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) {
    start++;
    end--;
  }
  return { place: 'require', mode: 'boolean', text: fileText.slice(start, end), offset: start, start: word.start, end: use.line.contentEnd };
}

/** The boolean expressions of one directive or section line. */
export function expressionSites(use: DirectiveUse, fileText: string | undefined): ExprSite[] {
  switch (use.key) {
    case 'if':
    case 'elseif': {
      if (!use.isSection) return [];
      const site = fromWord(use, 0, 'if');
      return site ? [site] : [];
    }
    case 'require': {
      const negated = use.args[0]?.toLowerCase() === 'not' ? 1 : 0;
      if (use.args[negated]?.toLowerCase() !== 'expr' || use.args.length <= negated + 1) return [];
      const site = requireSite(use, fileText, negated + 1);
      return site ? [site] : [];
    }
    case 'setenvifexpr': {
      const site = use.args.length >= 2 ? fromWord(use, 0, 'setenvifexpr') : undefined;
      return site ? [site] : [];
    }
    case 'header':
    case 'requestheader': {
      const condition = /^(always|onsuccess)$/i.test(use.args[0] ?? '') && use.key === 'header' ? 1 : 0;
      const values = HEADER_VALUES[use.args[condition]?.toLowerCase() ?? ''];
      if (values === undefined) return [];
      const sites: ExprSite[] = [];
      // A value written expr=… (lower case only) is a string expression.
      const value = values === 1 ? fromWord(use, condition + 2, 'header-value', 5, 'string') : undefined;
      if (value && use.args[condition + 2].startsWith('expr=')) sites.push(value);
      for (let i = condition + 2 + values; i < use.args.length; i++) {
        if (!/^expr=/i.test(use.args[i])) continue;
        const site = fromWord(use, i, 'header', 5);
        if (site) sites.push(site);
      }
      return sites;
    }
    case 'rewritecond': {
      const site = use.args.length >= 2 && use.args[0].toLowerCase() === 'expr' ? fromWord(use, 1, 'rewritecond') : undefined;
      return site ? [site] : [];
    }
    case 'logmessage': {
      const sites: ExprSite[] = [];
      const message = fromWord(use, 0, 'logmessage-text', 0, 'string');
      if (message && message.text !== '') sites.push(message);
      for (let i = 1; i < use.args.length; i++) {
        if (!/^expr=/i.test(use.args[i])) continue;
        const site = fromWord(use, i, 'logmessage', 5);
        if (site) sites.push(site);
      }
      return sites;
    }
    case 'errordocument': {
      // `default` restores httpd's own page; anything else is a string expression.
      const site = use.args.length === 2 && use.args[1].toLowerCase() !== 'default' && use.args[1] !== '' ? fromWord(use, 1, 'errordocument', 0, 'string') : undefined;
      return site ? [site] : [];
    }
    case 'filterprovider': {
      const site = use.args.length === 3 ? fromWord(use, 2, 'filterprovider') : undefined;
      return site ? [site] : [];
    }
  }
  return [];
}
