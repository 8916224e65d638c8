// A directive in an .htaccess that httpd reads, whose AllowOverride class is not granted there:
// each request under that directory fails with status 500 and httpd logs "X not allowed here"
// (or "not allowed in <Files> context" inside a section). With Nonfatal=Override httpd skips
// it with a warning instead. Also the Options keywords an `AllowOverride Options=…` leaves out.

import type { DirectiveUse } from '../model';
import { fileRuns, overrideAllows, OPTION_BITS, type ServerOverrides } from '../model';
import type { Rule, RuleContext } from './lib/types';
import { accessFiles } from './lib/htaccess-util';
import { fitMessage } from './lib/message';
import { describeLocation, directiveInfo, isAvailable, nameSpan, wordSpan } from './lib/util';

export const htaccessOverrideDenied: Rule = {
  id: 'htaccess-override-denied',
  category: 'context',
  defaultSeverity: 'error',
  summary: 'A directive in .htaccess that AllowOverride does not allow there: httpd answers 500 ("not allowed here").',
  check(ctx) {
    const model = ctx.model;
    const files = accessFiles(model).filter((a) => a.readers.length > 0);
    if (!files.length) return;
    // Each access file's active uses, in read order: one pass over the files' runs, not one over every use per file.
    const usesOf = new Map<string, DirectiveUse[]>(files.map((a) => [a.file, []]));
    for (const run of fileRuns(model)) {
      const list = usesOf.get(run[0].file);
      if (list) for (const use of run) if (use.active) list.push(use);
    }
    for (const access of files) {
      const refused = new Set<DirectiveUse>();
      for (const use of usesOf.get(access.file)!) {
        // httpd never gets inside a section it refused.
        if (use.parents.some((p) => refused.has(p))) continue;
        const info = directiveInfo(use);
        if (!info || info.override.length === 0) continue;
        if (model.moduleStateKnown && !isAvailable(model, info)) continue;
        // httpd names the command as its module registers it ("order", not "Order").
        const spelled = info.httpdName ?? info.name;
        const command = use.isSection ? `<${spelled}` : spelled;
        const denying = access.readers.filter((r) => !overrideAllows(r.state, info.override, command));
        if (denying.length === access.readers.length) {
          refused.add(use);
          reportDenied(ctx, use, command, info.override, denying);
        } else if (info.name === 'Options') {
          checkOptions(ctx, use, access.readers);
        }
      }
    }
  },
};

function reportDenied(ctx: RuleContext, use: DirectiveUse, command: string, classes: readonly string[], denying: ServerOverrides[]): void {
  const parent = use.parents.filter((p) => p.file === use.file).pop();
  const httpdMessage = parent ? `${command} not allowed in <${parent.name}> context` : `${command} not allowed here`;
  const nonfatal = denying.every((d) => d.state.nonfatal);
  const state = denying.find((d) => !d.state.nonfatal)?.state ?? denying[0].state;
  const last = state.where[state.where.length - 1];
  const where = last ? describeLocation(ctx.model, { file: last.file, line: last.line.line }) : '';
  const needed = classes.includes('All') ? 'any class' : classes.join(' or ');
  const related = state.where.map((u) => ({ file: u.file, line: u.line.line, start: u.line.contentStart, end: u.line.contentEnd, message: `${u.name} ${u.args.join(' ')}` }));
  if (nonfatal) {
    ctx.report({
      ...nameSpan(use),
      severity: 'warning',
      message: fitMessage(
        `${command.replace(/^</, '')} in .htaccess forbidden by AllowOverride: httpd skips it with a warning (Nonfatal=Override at ${where}); it needs ${needed}.`,
        `${command.replace(/^</, '')} in .htaccess forbidden by AllowOverride: httpd skips it (Nonfatal=Override).`,
      ),
      related,
    });
    return;
  }
  const why =
    state.classes === 'unset'
      ? 'no AllowOverride applies to this directory, so httpd refuses every directive here'
      : `AllowOverride at ${where} does not grant ${needed}`;
  ctx.report({
    ...nameSpan(use),
    message: fitMessage(`${httpdMessage}: requests under this directory get status 500; ${why}.`, `${httpdMessage}: requests under this directory get status 500.`),
    related,
  });
}

/** `Options` passed the class check; each keyword must also be among the allowed options. */
function checkOptions(ctx: RuleContext, use: DirectiveUse, readers: ServerOverrides[]): void {
  for (let i = 0; i < use.args.length; i++) {
    const word = use.args[i].replace(/^[+-]/, '');
    const bits = OPTION_BITS[word.toLowerCase()];
    if (bits === undefined) continue;
    const refusing = readers.filter((r) => r.state.options !== undefined && (r.state.options & bits) !== bits);
    if (refusing.length !== readers.length) continue;
    const state = refusing[0].state;
    const last = state.where.filter((u) => u.key === 'allowoverride').pop();
    const where = last ? describeLocation(ctx.model, { file: last.file, line: last.line.line }) : '';
    const span = use.words[i] ? wordSpan(use, use.words[i]) : nameSpan(use);
    ctx.report({
      ...span,
      message: fitMessage(
        `Option ${word} not allowed here: requests under this directory get status 500; the AllowOverride at ${where} does not list it.`,
        `Option ${word} not allowed here: requests under this directory get status 500.`,
      ),
      related: last ? [{ file: last.file, line: last.line.line, start: last.line.contentStart, end: last.line.contentEnd, message: `${last.name} ${last.args.join(' ')}` }] : undefined,
    });
    return;
  }
}
