// The rule catalogue. A rule's id is its diagnostic code, its settings key
// (`apache.rules.<id>`), its suppression name and the name of its docs page (docs/rules/<id>.md).

import { argumentsRule } from './arguments';
import { directiveContext } from './directive-context';
import { ifmoduleNameForm } from './ifmodule-name-form';
import { inactiveBlock } from './inactive-block';
import { modelProblemRules } from './model-problems';
import { regexInvalid } from './regex-invalid';
import { exprInvalid } from './expr-invalid';
import { regexUnsupported } from './regex-unsupported';
import { rewriteBacktracking } from './rewrite-backtracking';
import { rewriteCondDangling } from './rewrite-cond-dangling';
import { rewriteEngineOff } from './rewrite-engine-off';
import { rewriteLeadingSlash } from './rewrite-leading-slash';
import { rewriteRedirectLoop } from './rewrite-redirect-loop';
import { rewriteRedirectWithoutLast } from './rewrite-redirect-without-last';
import { rewriteUnreachable } from './rewrite-unreachable';
import { moduleNotLoaded } from './module-not-loaded';
import { multipleMpm, noMpm } from './mpm-count';
import { optionsSyntax } from './options-syntax';
import { phpThreadedMpm } from './php-threaded-mpm';
import { preforkKeepAliveTimeout } from './prefork-keepalive-timeout';
import { sectionSyntax } from './section-syntax';
import { trailingComment } from './trailing-comment';
import type { Rule } from './lib/types';
import { accessCompat } from './access-compat';
import { deprecatedDirective } from './deprecated-directive';
import { directiveOverridden } from './directive-overridden';
import { directoryListing } from './directory-listing';
import { duplicateListen } from './duplicate-listen';
import { duplicateVhostServerName } from './duplicate-vhost-servername';
import { fpmWithPrefork } from './fpm-with-prefork';
import { hstsMissing } from './hsts-missing';
import { htaccessServed } from './htaccess-served';
import { htaccessNeverRead } from './htaccess-never-read';
import { htaccessOverrideDenied } from './htaccess-override-denied';
import { ifmoduleNeverLoaded } from './ifmodule-never-loaded';
import { keepAliveOffEvent } from './keepalive-off-event';
import { maxKeepAliveRequestsLow } from './maxkeepaliverequests-low';
import { maxRequestWorkersNotMultiple } from './maxrequestworkers-not-multiple';
import { maxRequestWorkersOverServerLimit } from './maxrequestworkers-over-serverlimit';
import { memoryBudget } from './memory-budget';
import { mixedAccessControl } from './mixed-access-control';
import { modPythonLoaded } from './mod-python-loaded';
import { perlThreadedMpm } from './perl-threaded-mpm';
import { rootAccessGranted } from './root-access-granted';
import { serverSignatureOn } from './server-signature-on';
import { serverTokensFull } from './server-tokens-full';
import { spareInversion } from './spare-inversion';
import { threadsPerChildOverThreadLimit } from './threadsperchild-over-threadlimit';
import { timeoutHigh } from './timeout-high';
import { traceEnable } from './trace-enable';
import { phpValueNotSettable } from './php-value-not-settable';
import { tuningForInactiveMpm } from './tuning-for-inactive-mpm';
import { vcsFolderServed } from './vcs-folder-served';
import { weakTlsCiphers } from './weak-tls-ciphers';
import { weakTlsProtocol } from './weak-tls-protocol';
import { wsgiEmbeddedPrefork } from './wsgi-embedded-prefork';
import { unknownDirective } from './unknown-directive';
import { suppressionUnknownRule } from './suppression';
import { undefinedVariable } from './undefined-variable';

export const RULES: readonly Rule[] = [
  ...modelProblemRules,
  undefinedVariable,
  regexUnsupported,
  unknownDirective,
  moduleNotLoaded,
  directiveContext,
  htaccessOverrideDenied,
  htaccessNeverRead,
  argumentsRule,
  optionsSyntax,
  sectionSyntax,
  trailingComment,
  ifmoduleNameForm,
  noMpm,
  multipleMpm,
  phpThreadedMpm,
  preforkKeepAliveTimeout,
  suppressionUnknownRule,
  inactiveBlock,
  // The advisor: what httpd accepts but a careful admin would not.
  maxKeepAliveRequestsLow,
  timeoutHigh,
  keepAliveOffEvent,
  maxRequestWorkersOverServerLimit,
  maxRequestWorkersNotMultiple,
  threadsPerChildOverThreadLimit,
  spareInversion,
  memoryBudget,
  tuningForInactiveMpm,
  fpmWithPrefork,
  wsgiEmbeddedPrefork,
  modPythonLoaded,
  perlThreadedMpm,
  serverTokensFull,
  serverSignatureOn,
  traceEnable,
  phpValueNotSettable,
  directoryListing,
  rootAccessGranted,
  htaccessServed,
  vcsFolderServed,
  weakTlsProtocol,
  weakTlsCiphers,
  hstsMissing,
  mixedAccessControl,
  accessCompat,
  deprecatedDirective,
  duplicateListen,
  duplicateVhostServerName,
  rewriteLeadingSlash,
  rewriteCondDangling,
  rewriteRedirectWithoutLast,
  rewriteRedirectLoop,
  rewriteUnreachable,
  rewriteEngineOff,
  rewriteBacktracking,
  regexInvalid,
  exprInvalid,
  directiveOverridden,
  ifmoduleNeverLoaded,
];

const byId = new Map(RULES.map((r) => [r.id, r]));

export function getRule(id: string): Rule | undefined {
  return byId.get(id);
}

export * from './lib/types';
