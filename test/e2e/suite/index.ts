// Mocha entry for the extension-host suite (VS Code calls run()). The same file serves
// @vscode/test-electron (npm run test:vscode) and code-server's payload runner in CI.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60000 });
  for (const f of fs.readdirSync(__dirname)) if (f.endsWith('.test.js')) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      console.log(`ext-host: ${runner.stats?.passes ?? 0} passed, ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} tests failed.`));
      else resolve();
    });
    // Each failure's reason as it happens: a run stopped by the outer time limit still says why.
    runner.on('fail', (test, error: Error) => console.log(`      failed: ${test.fullTitle()}: ${error?.message ?? error}`));
  });
}
