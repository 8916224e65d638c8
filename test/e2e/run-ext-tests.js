// Runs the extension-host mocha suite inside code-server's Node extension host through the
// workbench `payload` URL, and exits with the suite's result (reported by codeAutomationExit).
// Usage: node run-ext-tests.js BASE_URL EXT_DEV_PATH EXT_TESTS_PATH FOLDER [TIMEOUT_S]
const { chromium } = require('playwright-core');
const util = require('util');

const [base, extDev, extTests, folder, timeoutS = '300'] = process.argv.slice(2);
// Paths in the payload must be vscode-remote URIs with the page's host:port as authority.
const remote = (p) => `vscode-remote://${new URL(base).host}${p}`;

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage();
  // Mocha's failure summary, printed again after the logs so that the end of the output names it.
  const failures = [];
  // The suite's own count (test/e2e/suite/index.ts): an exit code of 0 without it, or with no test
  // passed, means the extension host went away before the suite ran, not that it passed.
  let summary;
  const done = new Promise((resolve) => {
    page.exposeFunction('codeAutomationLog', (_type, args) => {
      const line = util.format(...args);
      console.log(line);
      if (/^\s*\d+ failing/.test(line) || failures.length) failures.push(line);
      const counts = /^ext-host: (\d+) passed, (\d+) failed/.exec(line);
      if (counts) summary = { passed: Number(counts[1]), failed: Number(counts[2]) };
    });
    page.exposeFunction('codeAutomationExit', (code, logs) => resolve({ code, logs }));
  });
  const payload = JSON.stringify([['extensionDevelopmentPath', remote(extDev)], ['extensionTestsPath', remote(extTests)], ['skipWelcome', 'true']]);
  await page.goto(`${base}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(payload)}`);
  const timer = new Promise((resolve) => setTimeout(() => resolve({ code: 124, logs: [] }), Number(timeoutS) * 1000));
  const result = await Promise.race([done, timer]);
  const logs = result.logs;
  let code = result.code;
  if (code === 0 && !(summary && summary.passed > 0 && summary.failed === 0)) {
    console.log(`the suite exited with 0 but reported ${summary ? `${summary.passed} passed, ${summary.failed} failed` : 'no result'}`);
    code = 1;
  }
  if (code !== 0) for (const l of logs || []) if (/exthost|remoteagent|window/.test(l.relativePath)) console.log(`--- ${l.relativePath}\n${l.contents}`);
  if (failures.length) console.log(`--- failures (again)\n${failures.slice(0, 30).join('\n')}`);
  console.log(`extension tests exit code: ${code}`);
  await browser.close();
  process.exit(code);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
