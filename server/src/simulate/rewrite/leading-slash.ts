// In directory context mod_rewrite strips the directory prefix and its slash before matching, so
// a RewriteRule pattern that demands a slash right after ^ never matches there. A quantified slash
// (^/? ^/* ^/{0,1}, also ^/+ to keep the edit simple) is left alone: the first three match
// either way, as rules written for both contexts intend.

const DEMANDED_SLASH = /^(!?\^)\/(?![?*+{])/;

/** Whether the pattern needs the subject to start with '/'. */
export function demandsLeadingSlash(pattern: string): boolean {
  return DEMANDED_SLASH.test(pattern);
}

/** The pattern without that slash. */
export function withoutLeadingSlash(pattern: string): string {
  return pattern.replace(DEMANDED_SLASH, '$1');
}
