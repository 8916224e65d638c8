// The names ap_expr resolves when httpd reads the configuration: variables, functions and
// operators. An expression naming anything else is refused at startup ("Variable 'FOO' does not
// exist"). Variables and string functions come from the table completion and hover read
// (server-variables.ts); the operators and mod_ssl's additions were probed on Debian's apache2
// 2.4 (test/oracle/expr-invalid.test.ts asks it again).

import { SERVER_VARIABLES, VARIABLE_LOOKUPS } from './server-variables';

/** File tests and string tests written `-X word`; single letters, case-sensitive. */
export const EXPR_UNARY_OPERATORS: ReadonlySet<string> = new Set(['d', 'e', 'f', 'h', 'n', 's', 'x', 'z', 'A', 'F', 'L', 'R', 'T', 'U']);

/** Operators written `word -name word`, lower-case (httpd compares them without case). */
export const EXPR_BINARY_OPERATORS: ReadonlySet<string> = new Set(['ipmatch', 'strmatch', 'strcmatch', 'fnmatch']);

/** Operators whose right-hand word httpd reads as an IP subnet when it reads the configuration. */
export const EXPR_SUBNET_OPERATORS: ReadonlySet<string> = new Set(['R', 'ipmatch']);

/** Variables of the core, upper-case (httpd compares them without case). */
export const EXPR_CORE_VARIABLES: ReadonlySet<string> = new Set(
  Object.entries(SERVER_VARIABLES).filter(([, v]) => v.in.includes('expr')).map(([name]) => name.toUpperCase()),
);

/** String functions of the core, `name(word)` or `%{name:text}`, lower-case. */
export const EXPR_CORE_FUNCTIONS: ReadonlySet<string> = new Set(
  Object.entries(VARIABLE_LOOKUPS).filter(([, l]) => l.in.includes('expr')).map(([key]) => key.slice(0, -1).toLowerCase()),
);

/** mod_ssl adds every variable named SSL_*, the string function `SSL` and the list function `PeerExtList`. */
export const EXPR_SSL_VARIABLE_PREFIX = 'SSL_';
export const EXPR_SSL_FUNCTIONS: ReadonlySet<string> = new Set(['ssl']);
export const EXPR_SSL_LIST_FUNCTIONS: ReadonlySet<string> = new Set(['peerextlist']);

/**
 * Modules of httpd's own that add names of their own to ap_expr (their binaries hook the
 * lookup): mod_ssl (above) and mod_proxy_hcheck (not modelled: names are open while it loads).
 */
export const EXPR_OPEN_MODULES: ReadonlySet<string> = new Set(['proxy_hcheck_module']);
