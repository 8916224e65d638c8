// UI test with Playwright against code-server with the packaged .vsix installed: open the
// flagship example, see the squiggle and the Problems entry, read the hover, apply the quick
// fix with Ctrl+. and check the text, restart the server (confirmation, status bar stays), open
// the server profile from the status bar and follow one of its links, trace two requests (one
// through mod_rewrite) in the trace panel. Screenshots go to SHOTS_DIR.
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
  await page.locator('.statusbar-item', { hasText: /^Apache httpd$/ }).first().waitFor({ timeout: 30000 });
  await editor.locator('.squiggly-warning').first().waitFor({ timeout: 30000 });
  if (await editor.locator('.squiggly-error').count()) throw new Error('errors in the RHEL tree read through the path mapping');
  log('RHEL tree: app.inc in the Apache language, "Apache · event", no error');
  await page.screenshot({ path: `${shots}/6-rhel-mapping.png` });
  await quickOpen(page, 'repo-site.conf');
  await editor.locator('.view-lines', { hasText: 'repo.example.com' }).waitFor({ timeout: 30000 });
  await status.waitFor({ timeout: 30000 });
  const rows = page.locator('.markers-panel .monaco-list-row', { hasText: 'ServerSignature On puts the server version' });
  await rows.first().waitFor({ timeout: 30000 });
  await page.waitForTimeout(1500);
  const count = await rows.count();
  if (count !== 1) throw new Error(`the symlinked site's finding is listed ${count} times`);
  log('Debian tree: sites-available/repo-site.conf included through its link, its finding listed once');
  await page.screenshot({ path: `${shots}/7-debian-symlink.png` });
}

/**
 * The Virtual Hosts view in the Explorer: the address, its default host expanded to what it
 * serves (DocumentRoot, PHP, keep-alive), for the README.
 */
async function virtualHostsView(page) {
  // The view shows the tree of the Apache file last active (000-default.conf, from the traces).
  // Room for the view: the bottom panel (open since the Problems step) hidden.
  await runCommand(page, 'View: Toggle Panel Visibility');
  await runCommand(page, 'Explorer: Focus on Apache Virtual Hosts View');
  const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Apache Virtual Hosts' }) }).first();
  await pane.locator('.monaco-list-row', { hasText: '*:80' }).first().waitFor({ timeout: 30000 });
  const host = pane.locator('.monaco-list-row', { hasText: 'default' }).first();
  await host.waitFor({ timeout: 30000 });
  await host.locator('.monaco-tl-twistie').click();
  await pane.locator('.monaco-list-row', { hasText: 'DocumentRoot' }).first().waitFor({ timeout: 10000 });
  const php = (await pane.locator('.monaco-list-row', { hasText: 'PHP' }).first().innerText()).replace(/\s+/g, ' ').trim();
  if (!/mod_php/.test(php)) throw new Error(`virtual hosts view: PHP row reads ${php}`);
  await page.waitForTimeout(300);
  log(`virtual hosts view: ${php}`);
  await page.screenshot({ path: `${shots}/13-virtual-hosts.png` });
}

/** Webviews live in nested iframes; finds the one showing `selector` with `text`. */
async function inWebview(page, selector, text, timeout = 30000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    for (const frame of page.frames()) {
      const hit = frame.locator(selector, { hasText: text }).first();
      if (await hit.count().catch(() => 0)) return { frame, hit };
    }
    if (Date.now() > deadline) {
      const shown = [];
      for (const frame of page.frames()) shown.push(...(await frame.locator(selector).allInnerTexts().catch(() => [])));
      throw new Error(`no webview shows ${selector} "${text}" (${selector} shown: ${JSON.stringify(shown)})`);
    }
    await page.waitForTimeout(250);
  }
}

/**
 * Fills the quick input and waits until the value stays: the input box's own value (the last
 * URL traced) can arrive from the extension host after the widget shows, and would replace a
 * value typed too early.
 */
async function fillSettled(page, input, value) {
  for (let attempt = 0; attempt < 20; attempt++) {
    if ((await input.inputValue()) !== value) await input.fill(value);
    await page.waitForTimeout(300);
    if ((await input.inputValue()) === value) return;
  }
  throw new Error(`the quick input does not keep "${value}": it reads "${await input.inputValue()}"`);
}

/**
 * "Apache: Trace Request..." through its three questions (URL, method, client address), the
 * answers typed as a user would; resolves to the webview frame showing that trace.
 */
async function traceRequest(page, url) {
  await runCommand(page, 'Apache: Trace Request');
  const input = page.locator('.quick-input-widget input');
  // With a history the first question is a pick: "Enter a URL…" comes first.
  const fresh = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Enter a URL' }).first();
  await page.locator('.quick-input-widget', { hasText: 'Trace Request (1/3)' }).first().waitFor({ timeout: 10000 });
  await page.waitForTimeout(500);
  if (await fresh.isVisible().catch(() => false)) {
    await page.keyboard.press('Enter');
    // The pick gives way to the input box (no list) before the URL is typed.
    await fresh.waitFor({ state: 'hidden', timeout: 10000 });
    await page.waitForTimeout(300);
  }
  await page.locator('.quick-input-widget', { hasText: 'Trace Request (1/3)' }).first().waitFor({ timeout: 10000 });
  await fillSettled(page, input, url);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget', { hasText: 'Trace Request (2/3)' }).first().waitFor({ timeout: 10000 });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget', { hasText: 'Trace Request (3/3)' }).first().waitFor({ timeout: 10000 });
  await page.keyboard.press('Enter');
  const { frame } = await inWebview(page, 'h1', `GET ${url}`);
  await frame.locator('h2', { hasText: 'Sections, in merge order' }).first().waitFor({ timeout: 30000 });
  return frame;
}

/**
 * The trace panel for the README: an ordinary request (virtual host, sections, outcome, the
 * effective configuration opened) and one that mod_rewrite redirects (its rule steps).
 */
async function traces(page) {
  await quickOpen(page, '000-default.conf');
  await page.locator('.tabs-container .tab.active', { hasText: '000-default.conf' }).first().waitFor({ timeout: 30000 });
  const plain = await traceRequest(page, 'http://localhost/index.html');
  await plain.locator('h2', { hasText: 'Virtual host' }).first().waitFor({ timeout: 10000 });
  const outcome = (await plain.locator('section.outcome p').first().innerText()).trim();
  if (!/^200 static/.test(outcome)) throw new Error(`trace of /index.html: outcome ${outcome}`);
  await plain.locator('summary', { hasText: 'Effective configuration' }).first().click();
  await page.waitForTimeout(400);
  log(`trace panel: ${outcome}`);
  await page.screenshot({ path: `${shots}/11-trace.png` });
  const rewrite = await traceRequest(page, 'http://localhost/old/page.html');
  const heading = rewrite.locator('h2', { hasText: /^Rewrite$/ }).first();
  await heading.waitFor({ timeout: 30000 });
  const redirected = (await rewrite.locator('section.outcome p').first().innerText()).trim();
  if (!/^301 redirect/.test(redirected)) throw new Error(`trace of /old/page.html: outcome ${redirected}`);
  await heading.evaluate((e) => e.scrollIntoView({ block: 'center' }));
  await page.waitForTimeout(400);
  log(`trace panel with mod_rewrite: ${redirected}, ${await rewrite.locator('h2', { hasText: /^Rewrite$/ }).locator('xpath=..').locator('li').count()} rewrite step(s)`);
  await page.screenshot({ path: `${shots}/12-trace-rewrite.png` });
  // The panel opened beside the editor; close that group so the next steps see one editor group.
  await runCommand(page, 'View: Close Editors in Other Groups');
  await page.waitForTimeout(500);
}

async function runCommand(page, title) {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
  await page.keyboard.type(title);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
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

    // Restart from the command palette: a confirmation, and the status bar item stays.
    await runCommand(page, 'Apache: Restart Language Server');
    const toast = page.locator('.notification-toast', { hasText: 'Apache language server restarted: Apache · prefork · mod_php.' }).first();
    await toast.waitFor({ timeout: 30000 });
    const item = page.locator('.statusbar-item', { hasText: 'Apache · prefork · mod_php' }).first();
    await item.waitFor({ state: 'visible', timeout: 5000 });
    log('restart confirmed, status bar item visible');
    await page.screenshot({ path: `${shots}/8-restart.png` });
    await page.keyboard.press('Escape');

    // The server profile: one webview beside the editor; a link opens its file at the line.
    await item.click();
    const { frame } = await inWebview(page, 'h1', 'Apache server profile');
    await frame.locator('li.finding.warning').first().waitFor({ timeout: 30000 });
    const tab = page.locator('.tabs-container .tab', { hasText: 'Apache Server Profile' }).first();
    await tab.waitFor({ timeout: 10000 });
    if ((await page.locator('.tabs-container .tab.dirty').count()) !== 0) throw new Error('a tab is dirty after opening the profile');
    // The findings in view, the bottom panel out of the way, for the README screenshot.
    await page.keyboard.press('Control+J');
    await frame.locator('#findings').scrollIntoViewIfNeeded();
    await frame.locator('#findings').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await page.waitForTimeout(500);
    log(`profile view: ${(await frame.locator('h3').first().innerText()).trim()}`);
    await page.screenshot({ path: `${shots}/9-profile.png` });
    // The capacity section: each scenario's saturation rate and the chart of busy/idle workers.
    const capacity = frame.locator('h2', { hasText: /^Capacity/ }).first();
    await capacity.waitFor({ timeout: 10000 });
    await capacity.evaluate((e) => e.scrollIntoView({ block: 'start' }));
    const current = frame.locator('td', { hasText: /^saturates at [\d.]+ visitors\/s/ }).first();
    await current.waitFor({ timeout: 10000 });
    await page.waitForTimeout(300);
    log(`profile capacity section: current ${(await current.innerText()).split('(')[0].trim()}`);
    await page.screenshot({ path: `${shots}/10-capacity.png` });
    await frame.locator('a.loc', { hasText: /^conf-enabled\/security\.conf:12$/ }).first().click();
    const target = page.locator('.editor-instance .monaco-editor', { hasText: 'ServerTokens' }).first();
    await target.waitFor({ timeout: 30000 });
    await page.locator('.tabs-container .tab.active', { hasText: 'security.conf' }).first().waitFor({ timeout: 10000 });
    const status = await page.locator('.statusbar-item', { hasText: /^Ln \d+, Col \d+$/ }).first().innerText();
    if (!/^Ln 12, Col 1$/.test(status.trim())) throw new Error(`the link put the cursor at ${status}`);
    log('profile link opened conf-enabled/security.conf at line 12');

    // A rule link in the Problems panel opens the rule's page as a rendered preview.
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel .monaco-link', { hasText: 'directory-listing' }).first().click();
    await page.locator('.tabs-container .tab', { hasText: 'directory-listing.md' }).first().waitFor({ timeout: 30000 });
    await inWebview(page, 'h1', 'directory-listing');
    log('rule link opened the docs preview');

    await repositoryTrees(page);
    await traces(page);
    await virtualHostsView(page);
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
