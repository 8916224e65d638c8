// Every recipe completion offers (server/src/service/recipes.ts), in every scope it is offered in,
// with its placeholders at their defaults (as the server sends it to a client without snippets):
// the real httpd accepts it (`apache2 -t`, the modules it needs loaded) and our own rules report
// no error or warning on the tree around it.

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { getModuleByIdentifier } from '../../server/src/data';
import { lintAnalysis, lintFile } from '../../server/src/cli/report';
import { nodeFileSystem, type Scope } from '../../server/src/model';
import { insertable } from '../../server/src/lsp/client-capabilities';
import { complete } from '../../server/src/service/completion';
import { RECIPES, type Recipe } from '../../server/src/service/recipes';
import { httpdAvailable, httpdCheck, removeRunDir } from './httpd';
import { MODULE_DIR } from './trees';

const withHttpd = httpdAvailable() ? describe : describe.skip;

/** What each scope's recipe file is, and how the main configuration reaches it. */
function mainConfig(dir: string, recipe: Recipe, scope: Scope, recipeInDirectory: boolean): string {
  const prefork = recipe.id === 'prefork-php-keepalive';
  const modules = new Set(['authz_core_module', ...recipe.modules]);
  const lines = [
    `LoadModule ${prefork ? 'mpm_prefork_module' : 'mpm_event_module'} ${MODULE_DIR}/mod_mpm_${prefork ? 'prefork' : 'event'}.so`,
    ...[...modules].map((id) => `LoadModule ${id} ${MODULE_DIR}/${getModuleByIdentifier(id)!.soFile}`),
    ...(prefork ? [`LoadModule php_module ${MODULE_DIR}/libphp8.2.so`] : []),
    'ServerName localhost',
    'Listen 127.0.0.1:8080',
    `ErrorLog ${dir}/error.log`,
    `PidFile ${dir}/httpd.pid`,
    `DocumentRoot ${dir}/www`,
    '<Files ".ht*">',
    '\tRequire all denied',
    '</Files>',
    `<Directory ${dir}/www>`,
    '\tAllowOverride All',
    '\tRequire all granted',
    ...(scope === 'directory' || recipeInDirectory ? ['\tInclude recipe.conf'] : []),
    '</Directory>',
    ...(scope === 'server' ? ['Include recipe.conf'] : []),
    ...(scope === 'vhost' ? ['<VirtualHost *:8080>', '\tServerName site.test', `\tDocumentRoot ${dir}/www`, '\tInclude recipe.conf', '</VirtualHost>'] : []),
  ];
  return `${lines.join('\n')}\n`;
}

/** The recipe's text as completion inserts it for a client without snippets, in the scope's tree. */
function recipeText(main: string, dir: string, recipe: Recipe, scope: Scope): string | undefined {
  const model = lintAnalysis({ main, serverRoot: dir, env: {} }).model;
  const items = complete({ text: '', offset: 0, fileScope: scope, model, fs: nodeFileSystem() });
  const item = items.find((i) => i.kind === 'snippet' && i.label === `recipe: ${recipe.label}`);
  // What the language server sends a client without snippet support.
  return item && insertable(item.insertText, !!item.snippet, false).text;
}

withHttpd('recipes: the real httpd accepts each, our rules stay quiet', function () {
  this.timeout(120000);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-recipes-'));
  after(() => {
    fs.rmSync(scratch, { recursive: true, force: true });
    removeRunDir();
  });

  for (const recipe of RECIPES) {
    for (const scope of recipe.scopes) {
      it(`${recipe.id} in ${scope}`, async () => {
        const dir = path.join(scratch, `${recipe.id}-${scope}`);
        fs.mkdirSync(path.join(dir, 'www'), { recursive: true });
        const main = path.join(dir, 'httpd.conf');
        const htaccess = path.join(dir, 'www', '.htaccess');
        const recipeFile = path.join(dir, 'recipe.conf');
        fs.writeFileSync(main, mainConfig(dir, recipe, scope, false));
        fs.writeFileSync(recipeFile, '');
        const text = recipeText(main, dir, recipe, scope);
        assert.ok(text, `completion does not offer "${recipe.label}" in ${scope} although the tree loads what it needs`);
        assert.doesNotMatch(text, /\$\{?\d|\\\$/, 'placeholders left in the plain text');
        fs.writeFileSync(scope === 'htaccess' ? htaccess : recipeFile, text);

        // Our rules: no error or warning anywhere in the tree; a .htaccess as the editor reads it, with its tree's modules.
        const analysis = lintAnalysis({ main, serverRoot: dir, env: {} });
        const findings = [...analysis.findings];
        if (scope === 'htaccess') {
          const fa = lintFile({ main: htaccess, env: {} });
          assert.strictEqual(fa.context.kind, 'htaccess');
          assert.ok(fa.analysis.model.moduleStateKnown, fa.context.note);
          findings.push(...(fa.analysis.byFile.get(fa.modelFile) ?? []));
        }
        const loud = findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
        assert.deepStrictEqual(loud.map((f) => `${path.basename(f.file)}:${f.line} ${f.code}: ${f.message}`), []);

        // httpd never reads .htaccess at start-up: check the same text inside the <Directory> it would apply to.
        if (scope === 'htaccess') {
          fs.writeFileSync(recipeFile, text);
          fs.writeFileSync(main, mainConfig(dir, recipe, scope, true));
        }
        const verdict = await httpdCheck(dir, main);
        assert.ok(verdict.ok, `apache2 -t refuses the recipe:\n${verdict.messages.join('\n')}\n---\n${text}`);
      });
    }
  }

  it('a recipe is not offered where the tree lacks what it needs', () => {
    const dir = path.join(scratch, 'bare');
    fs.mkdirSync(dir, { recursive: true });
    const main = path.join(dir, 'httpd.conf');
    fs.writeFileSync(main, `LoadModule mpm_event_module ${MODULE_DIR}/mod_mpm_event.so\nLoadModule authz_core_module ${MODULE_DIR}/mod_authz_core.so\nServerName localhost\n`);
    const model = lintAnalysis({ main, serverRoot: dir, env: {} }).model;
    const labels = complete({ text: '', offset: 0, fileScope: 'server', model, fs: nodeFileSystem() }).filter((i) => i.kind === 'snippet').map((i) => i.label);
    assert.deepStrictEqual(labels, ['recipe: Deny dotfiles and version-control folders']);
    const htaccess = complete({ text: '', offset: 0, fileScope: 'htaccess', model, fs: nodeFileSystem() }).filter((i) => i.kind === 'snippet').map((i) => i.label);
    assert.ok(!htaccess.some((l) => /Reverse proxy|Keep-alive/.test(l)), htaccess.join(', '));
  });
});
