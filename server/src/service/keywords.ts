// Own-words explanations of argument keywords: Options, AllowOverride classes, LogLevel levels,
// Require providers, ServerTokens, RewriteRule flags, SSLProtocol tokens. Used by hover and
// completion.

export const OPTIONS_KEYWORDS: Record<string, string> = {
  All: 'Every option except MultiViews. This is what a directory gets when Options is never set.',
  None: 'Switches every extra feature off for the directory.',
  Indexes: 'Lets mod_autoindex list the directory when no DirectoryIndex file exists — often an information leak.',
  Includes: 'Turns on server-side includes (mod_include), including `#exec` to run commands.',
  IncludesNOEXEC: 'Server-side includes without `#exec cmd` and `#exec cgi`.',
  FollowSymLinks: 'Follows symbolic links when mapping URLs to files. Cheaper than SymLinksIfOwnerMatch because no extra lstat calls are made.',
  SymLinksIfOwnerMatch: 'Follows a symbolic link only when the link and its target have the same owner; costs an extra lstat per path component.',
  ExecCGI: 'Allows CGI scripts (handled by mod_cgi/mod_cgid) to run from this directory.',
  MultiViews: 'Content negotiation (mod_negotiation): a request for /page may be answered by page.en.html or page.html.',
  RunScripts: 'Old spelling kept by httpd for Includes.',
};

export const OVERRIDE_CLASSES: Record<string, string> = {
  All: 'Every directive allowed in .htaccess may be used there.',
  None: '.htaccess files are not even read — the fastest and safest choice.',
  AuthConfig: 'Authentication and authorization: AuthType, AuthName, AuthUserFile, Require…',
  FileInfo: 'Document types and metadata: AddType, SetHandler, Header, ErrorDocument, Rewrite*, Redirect…',
  Indexes: 'Directory listing controls: DirectoryIndex, IndexOptions, AddIcon…',
  Limit: 'Host-based access with the old Order/Allow/Deny directives.',
  Options: 'The Options and XBitHack directives (optionally limited with Options=…).',
  Nonfatal: 'Modifier: an .htaccess directive that is not allowed is skipped with a warning instead of a 500 error.',
};

export const LOG_LEVELS: Record<string, string> = {
  emerg: 'Only messages about a server that is unusable.',
  alert: 'Problems that need action at once.',
  crit: 'Critical conditions.',
  error: 'Errors, such as failed requests for scripts.',
  warn: 'Warnings and everything more serious — the usual production level.',
  notice: 'Normal but significant events (start-up, shutdown).',
  info: 'Informational messages.',
  debug: 'Debugging output, very verbose.',
  trace1: 'Tracing, level 1 — only for troubleshooting.',
  trace2: 'Tracing, level 2.',
  trace3: 'Tracing, level 3.',
  trace4: 'Tracing, level 4.',
  trace5: 'Tracing, level 5.',
  trace6: 'Tracing, level 6.',
  trace7: 'Tracing, level 7 (dumps large amounts of data).',
  trace8: 'Tracing, level 8 (dumps everything).',
};

export const REQUIRE_PROVIDERS: Record<string, string> = {
  all: '`all granted` lets everyone in; `all denied` nobody.',
  valid: '`valid-user`: any user who authenticated successfully.',
  'valid-user': 'Any user who authenticated successfully.',
  user: 'Only the listed user names.',
  group: 'Members of the listed groups (mod_authz_groupfile or LDAP/DBM variants).',
  ip: 'Clients from the listed addresses or networks (mod_authz_host).',
  host: 'Clients whose reverse DNS name ends in the listed domains; costs DNS lookups.',
  forward: 'Clients whose forward-confirmed DNS name matches (mod_authz_host).',
  env: 'Requests for which the named environment variable is set (mod_authz_host).',
  method: 'Requests using the listed HTTP methods.',
  expr: 'Requests for which an ap_expr expression is true.',
  'file-owner': 'The authenticated user owns the requested file.',
  'file-group': 'The authenticated user is in the group owning the requested file.',
};

export const SERVER_TOKENS: Record<string, string> = {
  Full: 'Server header shows version, OS and module versions. The default, and the most revealing.',
  OS: 'Server header shows the httpd version and the OS.',
  Minimal: 'Server header shows the full httpd version.',
  Minor: 'Server header shows major.minor version.',
  Major: 'Server header shows only the major version.',
  Prod: 'Server header says only "Apache" — the usual hardened choice.',
  ProductOnly: 'Same as Prod.',
};

export const REWRITE_FLAGS: Record<string, string> = {
  L: 'last — stop processing the rule set for this pass.',
  END: 'Stop rewriting entirely, also for the internal redirect pass that follows in per-directory context.',
  R: 'redirect — send an external redirect (302 unless a code is given: R=301).',
  NC: 'nocase — match the pattern without regard to case.',
  QSA: 'qsappend — keep the original query string and append it to the new one.',
  QSD: 'qsdiscard — drop the original query string.',
  P: 'proxy — hand the result to mod_proxy (needs mod_proxy loaded).',
  PT: 'passthrough — pass the result back to URL mapping so Alias and friends apply.',
  F: 'forbidden — answer 403.',
  G: 'gone — answer 410.',
  NE: 'noescape — do not percent-encode special characters in the result.',
  B: 'escape backreferences before substituting them.',
  E: 'env — set an environment variable: E=NAME:value.',
  CO: 'cookie — set a cookie.',
  T: 'type — force the MIME type of the result.',
  H: 'handler — force a handler for the result.',
  N: 'next — run the rule set again from the top (beware loops).',
  C: 'chain — the next rule only applies when this one matched.',
  S: 'skip — skip the next N rules.',
  DPI: 'discardpath — drop the PATH_INFO part of the rewritten URI.',
  NS: 'nosubreq — skip the rule for internal sub-requests.',
  UnsafeAllow3F: 'Allow a rewrite whose result contains an encoded question mark (needed since 2.4.60 when that is intended).',
  UnsafePrefixStat: 'Allow a per-server substitution that starts with a variable to be treated as a file path (2.4.60+).',
};

export const SSL_PROTOCOLS: Record<string, string> = {
  all: 'Every protocol this OpenSSL supports (TLSv1 and newer on current builds); combine with minus signs.',
  SSLv3: 'Broken (POODLE); never enable.',
  TLSv1: 'Obsolete since RFC 8996; disable.',
  'TLSv1.1': 'Obsolete since RFC 8996; disable.',
  'TLSv1.2': 'Widely supported and still safe with good ciphers.',
  'TLSv1.3': 'The current protocol; fastest handshake, only strong ciphers.',
};

/** Explanation of a keyword argument, or undefined. */
export function keywordHover(directive: string, word: string, index: number): string | undefined {
  const bare = word.replace(/^[+-]/, '');
  const pick = (table: Record<string, string>, key: string): string | undefined => {
    const found = Object.keys(table).find((k) => k.toLowerCase() === key.toLowerCase());
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
      return index === 0 ? pick(REQUIRE_PROVIDERS, word.replace(/^not$/i, '')) : undefined;
    case 'servertokens':
      return pick(SERVER_TOKENS, word);
    case 'sslprotocol':
    case 'sslproxyprotocol':
      return pick(SSL_PROTOCOLS, bare);
    case 'rewriterule': {
      if (!word.startsWith('[')) return undefined;
      const flags = word.slice(1, -1).split(',').map((f) => f.split('=')[0]);
      const lines = flags.map((f) => pick(REWRITE_FLAGS, f) ?? `**${f}** — not a RewriteRule flag httpd knows.`);
      return lines.join('\n\n');
    }
    default:
      return undefined;
  }
}
