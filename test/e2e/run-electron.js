// npm run test:vscode: the same extension-host suite in a desktop VS Code downloaded by
// @vscode/test-electron (needs network access to the VS Code download site; CI uses
// code-server instead, see ci-e2e.sh).
const path = require('path');
const fs = require('fs');
const os = require('os');
const { runTests } = require('@vscode/test-electron');

(async () => {
  const root = path.resolve(__dirname, '..', '..');
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'apache-e2e-ws-'));
  fs.cpSync(path.join(root, 'test', 'fixtures', 'e2e-ws'), ws, { recursive: true, verbatimSymlinks: true });
  try {
    await runTests({
      version: '1.100.3',
      cachePath: path.join(root, '.cache', 'vscode-test'),
      // The stand-in of the grammar-only Apache extension loads beside ours (suite/neighbour.test.ts).
      extensionDevelopmentPath: [root, path.join(root, 'test', 'fixtures', 'apacheconf-standin')],
      extensionTestsPath: path.join(root, '.cache', 'e2e', 'suite-out', 'index.js'),
      launchArgs: [ws, '--disable-extensions'],
    });
  } finally {
    fs.rmSync(ws, { recursive: true, force: true });
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
