// An .htaccess in a directory the tree maps, where every server has AllowOverride None (and no
// AllowOverrideList), or whose name no AccessFileName lists: httpd never opens it, so nothing
// in it takes effect.

import * as path from 'path';
import type { Rule } from './lib/types';
import { accessFiles } from './lib/htaccess-util';
import { fitMessage } from './lib/message';
import { describeLocation } from './lib/util';

export const htaccessNeverRead: Rule = {
  id: 'htaccess-never-read',
  category: 'context',
  defaultSeverity: 'warning',
  summary: 'An .htaccess file httpd never opens: AllowOverride None applies to its directory, or AccessFileName names another file.',
  check(ctx) {
    const model = ctx.model;
    for (const access of accessFiles(model)) {
      if (access.readers.length > 0) continue;
      const name = path.basename(access.file);
      const listing = access.servers.filter((s) => s.accessFileNames.includes(name));
      const text = model.parsed.get(access.file)?.text ?? '';
      const firstLine = text.search(/\r?\n|$/);
      const span = { file: access.file, line: 0, start: 0, end: Math.max(0, firstLine) };
      if (listing.length === 0) {
        // Files shipped under another name (htaccess.txt) are meant to be renamed: only .htaccess is news.
        if (name !== '.htaccess') continue;
        const use = access.servers.find((s) => s.accessFileNameUse)?.accessFileNameUse;
        ctx.report({
          ...span,
          message: `httpd never reads this file: AccessFileName names ${access.servers[0].accessFileNames.join(', ')}, not .htaccess.`,
          related: use ? [{ file: use.file, line: use.line.line, start: use.line.contentStart, end: use.line.contentEnd, message: 'AccessFileName set here' }] : undefined,
        });
        continue;
      }
      const decided = listing[0].state.where;
      const last = decided[decided.length - 1];
      const where = last ? describeLocation(model, { file: last.file, line: last.line.line }) : 'the default';
      ctx.report({
        ...span,
        message: fitMessage(
          `httpd never reads this file: AllowOverride None applies to ${access.serverDir} (${where}), so none of its directives take effect.`,
          `httpd never reads this file: AllowOverride None applies to its directory (${where}).`,
        ),
        related: decided.map((u) => ({ file: u.file, line: u.line.line, start: u.line.contentStart, end: u.line.contentEnd, message: `${u.name} ${u.args.join(' ')}` })),
      });
    }
  },
};
