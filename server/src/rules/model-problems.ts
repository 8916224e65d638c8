// Rules that surface what the parser and the model found while reading the tree: section
// nesting, includes, variables, LoadModule. Each keeps its own id, severity and docs page.

import type { Rule, RuleCategory } from './lib/types';
import type { Severity } from '../model';
import { sectionMismatchFixes } from './lib/section-mismatch-fixes';

function fromModel(id: string, category: RuleCategory, defaultSeverity: Severity, summary: string, fixes?: Rule['fixes']): Rule {
  return {
    id,
    category,
    defaultSeverity,
    summary,
    scope: 'file',
    fromModelProblems: true,
    check(ctx) {
      const problems = ctx.model.problems;
      for (let i = 0; i < problems.length; i++) {
        const problem = problems[i];
        if (problem.code !== id) continue;
        ctx.report({ file: problem.file, line: problem.line, start: problem.start, end: problem.end, message: problem.message, severity: problem.severity, data: problem.data });
      }
    },
    fixes,
  };
}

export const sectionUnclosed = fromModel('section-unclosed', 'syntax', 'error', 'A section is opened but never closed.');
export const sectionMismatch = fromModel('section-mismatch', 'syntax', 'error', 'A closing tag does not match the section that is open.', sectionMismatchFixes);
export const sectionStrayClose = fromModel('section-stray-close', 'syntax', 'error', 'A closing tag closes no open section.');
export const utf8Bom = fromModel('utf8-bom', 'syntax', 'error', 'The file starts with a UTF-8 byte order mark, which httpd does not skip.');
export const binaryContent = fromModel('binary-content', 'syntax', 'error', 'An included file is not text.');
export const includeNotFound = fromModel('include-not-found', 'includes', 'error', 'An Include names a file, directory or wildcard that matches nothing.');
export const includeUnreadable = fromModel('include-unreadable', 'includes', 'error', 'An included file exists but cannot be read.');
export const includeCycle = fromModel('include-cycle', 'includes', 'error', 'Files include each other in a loop.');
export const includeTooMany = fromModel('include-too-many', 'includes', 'warning', 'An Include matches more files than the analysis reads (httpd reads them all).');
export const includeNotConfig = fromModel('include-not-config', 'includes', 'error', 'An included file is not configuration (a password, key or /proc file); its content is neither analysed nor shown.');
export const analysisLimit = fromModel('analysis-limit', 'hygiene', 'warning', 'The analysis reached one of its caps (file size, bytes or files per tree, nesting, findings) and skipped the rest.');
export const fileUnreadable = fromModel('file-unreadable', 'includes', 'error', 'The main configuration file cannot be read.');
export const moduleBuiltin = fromModel('module-builtin', 'modules', 'error', 'LoadModule of a module that this httpd build has compiled in.');
export const moduleLoadOrder = fromModel('module-load-order', 'modules', 'error', 'LoadModule of a library that needs another module loaded before it (mod_proxy before mod_proxy_http).');
export const moduleFileMissing = fromModel('module-file-missing', 'modules', 'warning', 'LoadModule of a library missing from a module folder that exists on this machine (a warning when the file its module ships as, or another version, is beside it; information when the module is not installed here).');
export const moduleDuplicate = fromModel('module-duplicate', 'modules', 'warning', 'The same module is loaded twice; httpd skips the second.');

export const macroInvalid = fromModel('macro-invalid', 'syntax', 'error', 'A mod_macro Use httpd refuses: an undefined macro, the wrong number of values, or a macro used inside itself.');
export const macroWarning = fromModel('macro-warning', 'syntax', 'warning', "mod_macro's warnings: a macro defined twice, an empty body, a parameter never used, without a $, % or @ prefix or the prefix of another, an empty value.");

export const modelProblemRules: Rule[] = [
  sectionUnclosed,
  sectionMismatch,
  sectionStrayClose,
  utf8Bom,
  binaryContent,
  includeNotFound,
  includeUnreadable,
  includeCycle,
  includeTooMany,
  includeNotConfig,
  analysisLimit,
  fileUnreadable,
  moduleBuiltin,
  moduleLoadOrder,
  moduleFileMissing,
  moduleDuplicate,
  macroInvalid,
  macroWarning,
];
