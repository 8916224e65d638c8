// RewriteRule and RewriteCond flag fields, read the way mod_rewrite reads them: first letter,
// then the rest of the word, case-insensitive; unknown words are startup errors.

import { rewriteFlagWords } from '../../model';
import type { RuleFlags } from './types';

/** httpd's default cap on [N] rounds. */
export const MAX_ROUNDS = 32000;

export function defaultRuleFlags(): RuleFlags {
  return {
    chain: false, cookies: [], discardPathInfo: false, env: [], end: false, last: false, noescape: false, next: false,
    maxRounds: MAX_ROUNDS, nosubreq: false, nocase: false, proxy: false, passthrough: false, qsappend: false, qsdiscard: false,
    qslast: false, qsnone: false, redirect: false, statusOnly: false, code: 302, skip: 0, unsafePrefixStat: false,
    unsafeAllow3F: false, unc: false, escapeBackrefs: false, escapeNoPlus: false, escapeCtls: false, nosub: false,
  };
}

const REDIRECT_CODES = new Set([300, 301, 302, 303, 304, 305, 307, 308]);
/** Status codes httpd 2.4 has a status line for (ap_index_of_response); others are refused for [R=code]. */
const KNOWN = new Set([100, 101, 102, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 307, 308, 400, 401, 402, 403, 404,
  405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 421, 422, 423, 424, 426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505, 506,
  507, 508, 510, 511]);

export function parseRuleFlags(field: string | undefined): RuleFlags | { error: string } {
  const f = defaultRuleFlags();
  if (field === undefined) return f;
  const words = rewriteFlagWords(field);
  if (!words) return { error: 'bad flag delimiters' };
  for (const { key, val } of words) {
    const first = key[0].toLowerCase();
    const rest = key.slice(1).toLowerCase();
    const bad = { error: `unknown flag '${key}'` };
    switch (first) {
      case 'b':
        if (rest === '' || rest === 'ackrefescaping') {
          f.escapeBackrefs = true;
          if (val) f.escapes = val;
        } else if (rest === 'ne') {
          if (!val) return { error: "flag 'BNE' wants a list of characters (i.e. [BNE=...])" };
          f.noescapes = val;
        } else if (rest === 'np' || rest === 'ackrefernoplus') f.escapeNoPlus = true;
        else if (rest === 'ctls') {
          f.escapeCtls = true;
          f.escapeBackrefs = true;
        } else return bad;
        break;
      case 'c':
        if (rest === '' || rest === 'hain') f.chain = true;
        else if (rest === 'o' || rest === 'ookie') f.cookies.push(val);
        else return bad;
        break;
      case 'd':
        if (rest === '' || rest === 'pi' || rest === 'iscardpath') f.discardPathInfo = true;
        break;
      case 'e':
        if (rest === '' || rest === 'nv') f.env.push(val);
        else if (rest === 'nd') f.end = true;
        else return bad;
        break;
      case 'f':
        if (rest === '' || rest === 'orbidden') {
          f.statusOnly = true;
          f.nosub = true;
          f.code = 403;
        } else return bad;
        break;
      case 'g':
        if (rest === '' || rest === 'one') {
          f.statusOnly = true;
          f.nosub = true;
          f.code = 410;
        } else return bad;
        break;
      case 'h':
        if (rest === '' || rest === 'andler') f.handler = val;
        else return bad;
        break;
      case 'l':
        if (rest === '' || rest === 'ast') f.last = true;
        else return bad;
        break;
      case 'n':
        if (rest === 'e' || rest === 'oescape') f.noescape = true;
        else if (rest === '' || rest === 'ext') {
          f.next = true;
          if (val) f.maxRounds = atoi(val);
        } else if (rest === 's' || rest === 'osubreq') f.nosubreq = true;
        else if (rest === 'c' || rest === 'ocase') f.nocase = true;
        else return bad;
        break;
      case 'p':
        if (rest === '' || rest === 'roxy') f.proxy = true;
        else if (rest === 't' || rest === 'assthrough') f.passthrough = true;
        else return bad;
        break;
      case 'q':
        if (rest === 'sa' || rest === 'sappend') f.qsappend = true;
        else if (rest === 'sd' || rest === 'sdiscard') f.qsdiscard = true;
        else if (rest === 'sl' || rest === 'slast') f.qslast = true;
        else return bad;
        break;
      case 'r':
        if (rest === '' || rest === 'edirect') {
          f.redirect = true;
          if (val) {
            const v = val.toLowerCase();
            let status = 0;
            if (v === 'permanent') status = 301;
            else if (v === 'temp') status = 302;
            else if (v === 'seeother') status = 303;
            else if (/^[0-9]/.test(val)) {
              status = atoi(val);
              if (status !== 500 && !KNOWN.has(status)) return { error: `invalid HTTP response code '${val}' for flag 'R'` };
              if (!REDIRECT_CODES.has(status)) {
                f.statusOnly = true;
                f.nosub = true;
              }
            }
            f.code = status;
          }
        } else return bad;
        break;
      case 's':
        if (rest === '' || rest === 'kip') f.skip = atoi(val);
        else return bad;
        break;
      case 't':
        if (rest === '' || rest === 'ype') f.type = val;
        else return bad;
        break;
      case 'u':
        if (rest === 'nsafeprefixstat') f.unsafePrefixStat = true;
        else if (rest === 'nsafeallow3f') f.unsafeAllow3F = true;
        else if (rest === 'nc') f.unc = true;
        else return bad;
        break;
      default:
        return bad;
    }
  }
  return f;
}

export function parseCondFlags(field: string): { nocase: boolean; ornext: boolean; novary: boolean } | { error: string } {
  const words = rewriteFlagWords(field);
  if (!words) return { error: 'bad flag delimiters' };
  const out = { nocase: false, ornext: false, novary: false };
  for (const { key } of words) {
    const k = key.toLowerCase();
    if (k === 'nocase' || k === 'nc') out.nocase = true;
    else if (k === 'ornext' || k === 'or') out.ornext = true;
    else if (k === 'novary' || k === 'nv') out.novary = true;
    else return { error: `unknown flag '${key}'` };
  }
  return out;
}

/** C atoi: leading blanks, optional sign, digits; 0 otherwise. */
export function atoi(s: string): number {
  const m = /^[ \t\n\r\f\v]*([+-]?[0-9]+)/.exec(s);
  if (!m) return 0;
  const n = parseInt(m[1], 10);
  return Math.max(-2147483648, Math.min(2147483647, n));
}
