// The rule catalogue. A rule's id is its diagnostic code, its settings key
// (`apache.rules.<id>`), its suppression name and the name of its docs page (docs/rules/<id>.md).

import { argumentsRule } from './arguments';
import { directiveContext } from './directive-context';
import { ifmoduleNameForm } from './ifmodule-name-form';
import { inactiveBlock } from './inactive-block';
import { modelProblemRules } from './model-problems';
import { moduleNotLoaded } from './module-not-loaded';
import { multipleMpm, noMpm } from './mpm-count';
import { optionsSyntax } from './options-syntax';
import { phpThreadedMpm } from './php-threaded-mpm';
import { preforkKeepAliveTimeout } from './prefork-keepalive-timeout';
import { sectionSyntax } from './section-syntax';
import { trailingComment } from './trailing-comment';
import type { Rule } from './types';
import { accessCompat, mixedAccessControl } from './access-compat';
import { directoryListing, htaccessServed, rootAccessGranted, vcsFolderServed } from './access-exposure';
import { deprecatedDirective } from './deprecated-directive';
import { directiveOverridden, duplicateListen, duplicateVhostServerName } from './hygiene';
import { keepAliveOffEvent, maxKeepAliveRequestsLow, timeoutHigh } from './keepalive-settings';
import { fpmWithPrefork, modPythonLoaded, perlThreadedMpm, tuningForInactiveMpm, wsgiEmbeddedPrefork } from './language-modules';
import { maxRequestWorkersNotMultiple } from './maxrequestworkers-not-multiple';
import { maxRequestWorkersOverServerLimit } from './maxrequestworkers-over-serverlimit';
import { memoryBudget } from './memory-budget';
import { serverSignatureOn, serverTokensFull, traceEnable } from './security-headers';
import { spareInversion } from './spare-inversion';
import { threadsPerChildOverThreadLimit } from './threadsperchild-over-threadlimit';
import { hstsMissing, weakTlsCiphers, weakTlsProtocol } from './tls';
import { unknownDirective } from './unknown-directive';
import { suppressionUnknownRule } from './suppression';

export const RULES: readonly Rule[] = [
  ...modelProblemRules,
  unknownDirective,
  moduleNotLoaded,
  directiveContext,
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
  directiveOverridden,
];

const byId = new Map(RULES.map((r) => [r.id, r]));

export function getRule(id: string): Rule | undefined {
  return byId.get(id);
}

export * from './types';
