// UI test with Playwright against code-server with the packaged .vsix installed: open the
// flagship example, see the squiggle and the Problems entry, read the hover, apply the quick
// fix with Ctrl+. and check the text. Screenshots go to SHOTS_DIR.
// Usage: node ui.js BASE_URL FOLDER SHOTS_DIR
const { chromium } = require('playwright-core');

const [base, folder, shots] = process.argv.slice(2);
const started = Date.now();
const log = (s) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${s}`);

async function quickOpen(page, name) {
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
  await page.keyboard.type(name);
  await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${name}"]`);
  await page.keyboard.press('Enter');
}

/**
 * Trees as they sit in repositories: a RHEL tree whose ServerRoot is /etc/httpd (read through
 * the inferred mapping: event MPM, no error), and a Debian tree whose sites-enabled/ links to
 * sites-available/ (the real file is included; its finding is listed once).
 */
async function repositoryTrees(page) {
  const status = page.locator('.statusbar-item', { hasText: 'Apache · event' }).first();
  await quickOpen(page, 'app.inc');
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.locator('.view-lines', { hasText: 'app.example.com' }).waitFor({ timeout: 30000 });
  await status.waitFor({ timeout: 30000 });
  // The file matches no association; the tree's file list gives it the Apache language.
  await page.locator('.statusbar-item', { hasText: /^Apache$/ }).first().waitFor({ timeout: 30000 });
  await editor.locator('.squiggly-warning').first().waitFor({ timeout: 30000 });
  if (await editor.locator('.squiggly-error').count()) throw new Error('errors in the RHEL tree read through the path mapping');
  log('RHEL tree: app.inc in the Apache language, "Apache · event", no error');
  await page.screenshot({ path: `${shots}/6-rhel-mapping.png` });
  await quickOpen(page, 'repo-site.conf');
  await editor.locator('.view-lines', { hasText: 'repo.example.com' }).waitFor({ timeout: 30000 });
  await status.waitFor({ timeout: 30000 });
  const rows = page.locator('.markers-panel .monaco-list-row', { hasText: 'ServerSignature On adds a footer' });
  await rows.first().waitFor({ timeout: 30000 });
  await page.waitForTimeout(1500);
  const count = await rows.count();
  if (count !== 1) throw new Error(`the symlinked site's finding is listed ${count} times`);
  log('Debian tree: sites-available/repo-site.conf included through its link, its finding listed once');
  await page.screenshot({ path: `${shots}/7-debian-symlink.png` });
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1200, height: 750 } });
  let failed = false;
  try {
    await page.goto(`${base}/?folder=${encodeURIComponent(folder)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 30000 });
    log('workbench up');
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type('apache2.conf');
    await page.waitForSelector('.quick-input-list .monaco-list-row[aria-label*="apache2.conf"]');
    await page.keyboard.press('Enter');
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.locator('.view-lines', { hasText: 'main Apache server configuration' }).waitFor({ timeout: 30000 });
    log('apache2.conf open');
    // Go to line 111 (KeepAliveTimeout 15) so the warning is on screen.
    await page.keyboard.press('Control+G');
    await page.keyboard.type('111');
    await page.keyboard.press('Enter');
    const line = editor.locator('.view-line', { hasText: /^KeepAliveTimeout\s15/ }).first();
    await line.waitFor({ timeout: 30000 });
    await editor.locator('.squiggly-warning').first().waitFor({ timeout: 30000 });
    log('squiggle visible');
    await page.screenshot({ path: `${shots}/1-warning.png` });
    await page.keyboard.press('Control+Shift+M');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'prefork with mod_php' }).first();
    await row.waitFor({ timeout: 30000 });
    log(`problems row: ${(await row.innerText()).replace(/\s+/g, ' ').slice(0, 140)}`);
    await page.screenshot({ path: `${shots}/2-problems.png` });
    await line.hover({ position: { x: 40, y: 8 } });
    const hover = page.locator('.monaco-hover:not(.hidden) .hover-contents', { hasText: 'KeepAliveTimeout' }).first();
    await hover.waitFor({ timeout: 30000 });
    await page.waitForTimeout(300);
    log(`hover: ${(await hover.innerText()).split('\n')[0]}`);
    await page.screenshot({ path: `${shots}/3-hover.png` });
    await page.keyboard.press('Escape');
    await line.click({ position: { x: 150, y: 8 } });
    await page.keyboard.press('Control+.');
    const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Set KeepAliveTimeout to 2' }).first();
    await fix.waitFor({ timeout: 30000 });
    await page.screenshot({ path: `${shots}/4-quickfix.png` });
    // The preferred fix is listed first; Enter accepts the highlighted entry.
    await page.keyboard.press('Enter');
    await editor.locator('.view-line', { hasText: /^KeepAliveTimeout\s2$/ }).waitFor({ timeout: 30000 });
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'prefork with mod_php' }).first().waitFor({ state: 'detached', timeout: 30000 });
    log('quick fix applied, warning gone from the Problems panel');
    await page.screenshot({ path: `${shots}/5-fixed.png` });
    await repositoryTrees(page);
  } catch (e) {
    failed = true;
    console.log('FAIL', e.message);
    await page.screenshot({ path: `${shots}/failure.png` }).catch(() => {});
  } finally {
    await browser.close();
  }
  console.log(failed ? 'ui: 0 passed, 1 failed' : 'ui: 1 passed, 0 failed');
  process.exit(failed ? 1 : 0);
})();
