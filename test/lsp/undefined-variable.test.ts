// undefined-variable over the protocol: one diagnostic per name and file with the other uses as
// related information, kept right when an edit suppresses a use (the per-file incremental path).

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { repoRoot } from '../helpers/files';
import { TestClient } from './client';

const TEXT = [
  'LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so',
  'LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so',
  'ServerName ${SITE_HOST}',
  'ServerAdmin admin@${SITE_HOST}',
  'DocumentRoot ${SITE_BASE}/htdocs',
  'ServerAlias www.${SITE_HOST}',
  '',
].join('\n');

const undefinedVariables = (d: Diagnostic[]): Diagnostic[] => d.filter((x) => x.code === 'undefined-variable');
const shown = (d: Diagnostic): string => `${d.range.start.line + 1}: ${d.message} | ${(d.relatedInformation ?? []).map((r) => `${r.location.range.start.line + 1} ${r.message}`).join('; ')}`;

describe('language server: undefined-variable, one diagnostic per name', function () {
  this.timeout(30000);
  let client: TestClient;
  let root: string;
  let main: string;

  before(async function () {
    if (!fs.existsSync(path.join(repoRoot, 'dist', 'server.js'))) throw new Error('dist/server.js missing: run npm run build first');
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-lsp-vars-'));
    main = path.join(root, 'httpd.conf');
    fs.writeFileSync(main, TEXT);
    client = new TestClient();
    await client.initialize(root);
    await client.open(main, TEXT);
  });

  after(async () => {
    await client?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('publishes each name once, on its first use, with its other uses as related information', async () => {
    const got = undefinedVariables(await client.diagnosticsFor(main, (d) => undefinedVariables(d).length > 0)).map(shown);
    assert.deepStrictEqual(got, [
      '3: Config variable ${SITE_HOST} is not defined (also on lines 4 and 6) | 4 ${SITE_HOST} is used here too; 6 ${SITE_HOST} is used here too',
      '5: Config variable ${SITE_BASE} is not defined | ',
    ]);
  });

  it('moves the diagnostic to the next use when an edit suppresses the first', async () => {
    const lines = TEXT.split('\n');
    lines.splice(2, 0, '# httpd-lint disable-next-line undefined-variable');
    await client.change(main, lines.join('\n'));
    const got = undefinedVariables(await client.diagnosticsFor(main, (d) => undefinedVariables(d).some((x) => x.range.start.line === 4))).map(shown);
    assert.deepStrictEqual(got, [
      '5: Config variable ${SITE_HOST} is not defined (also on line 7) | 7 ${SITE_HOST} is used here too',
      '6: Config variable ${SITE_BASE} is not defined | ',
    ]);
  });
});
