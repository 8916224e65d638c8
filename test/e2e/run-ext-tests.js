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
  const done = new Promise((resolve) => {
    page.exposeFunction('codeAutomationLog', (_type, args) => console.log(util.format(...args)));
    page.exposeFunction('codeAutomationExit', (code, logs) => resolve({ code, logs }));
  });
  const payload = JSON.stringify([['extensionDevelopmentPath', remote(extDev)], ['extensionTestsPath', remote(extTests)], ['skipWelcome', 'true']]);
  await page.goto(`${base}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(payload)}`);
  const timer = new Promise((resolve) => setTimeout(() => resolve({ code: 124, logs: [] }), Number(timeoutS) * 1000));
  const { code, logs } = await Promise.race([done, timer]);
  if (code !== 0) for (const l of logs || []) if (/exthost|remoteagent|window/.test(l.relativePath)) console.log(`--- ${l.relativePath}\n${l.contents}`);
  console.log(`extension tests exit code: ${code}`);
  await browser.close();
  process.exit(code);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
