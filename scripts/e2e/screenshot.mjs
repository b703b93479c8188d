// Browser-level test: opens a workspace in code-server + headless Chromium like a user, opens the
// quickstart config, clicks "▶ Run all" in the CodeLens, waits for the charts, checks that the chart
// canvases have pixels drawn, and saves media/screenshot-dark.png and media/screenshot-light.png.
// Then starts a long run (test/integration/fixtures/slow.losslab.json: the quickstart ends in seconds,
// too soon to catch it running) and reloads the window mid-run: no trainer process may survive, and
// the chart panel must come back (restored from the run folder) with its charts drawn, saying why the
// run stopped (and offering Resume), and drawn within 5 s of the workbench coming back (the panel
// page's `losslab:drawn` mark; a breakdown from the extension host's logs and the page's marks is logged).
// Env: LOSSLAB_SCREENSHOT_CONFIG (default examples/quickstart.losslab.json), LOSSLAB_SCREENSHOT_DIR,
// LOSSLAB_E2E_VSIX=<file> (install that .vsix instead of loading the repository as a development
// extension: the user's install path), LOSSLAB_E2E_VERBOSE=1, LOSSLAB_E2E_FAILURE_FILE=<file> (the
// failure's message is written there too, for run-integration's summary).
import { appendFileSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, startCodeServer, workbenchUrl } from './code-server.mjs';
import { logLines, pageMarks, restoreBreakdown } from './restore-timeline.mjs';
import { canvasStats, palette, sleep, trainerPids, until, webviewTexts } from './workbench.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CONFIG = resolve(process.env.LOSSLAB_SCREENSHOT_CONFIG ?? join(ROOT, 'examples', 'quickstart.losslab.json'));
const OUT = process.env.LOSSLAB_SCREENSHOT_DIR ?? join(ROOT, 'media');
const EXTENSION = resolve(process.env.LOSSLAB_E2E_EXTENSION ?? ROOT);
const VSIX = process.env.LOSSLAB_E2E_VSIX ? resolve(process.env.LOSSLAB_E2E_VSIX) : undefined;
const verbose = process.env.LOSSLAB_E2E_VERBOSE === '1';
const log = (s) => process.stdout.write(`[screenshot] ${s}\n`);
const ws = mkdtempSync(join(tmpdir(), 'losslab-shot-'));
const SLOW = 'slow.losslab.json';
/**
 * A reloaded window's chart panel must be drawn within this many seconds of Loss Lab's activation:
 * the part of the restore the extension controls. Before it, VS Code restarts its extension host and
 * activates the extension (about 4.6 s after the workbench comes back on an idle 2-core machine, more
 * under load); that part, and the total, are logged, not asserted.
 */
const RESTORE_LIMIT_SEC = 5;
copyFileSync(CONFIG, join(ws, basename(CONFIG)));
copyFileSync(join(ROOT, 'test', 'integration', 'fixtures', SLOW), join(ws, SLOW));
writeFileSync(join(ws, 'README.md'), '# Loss Lab demo\n');
let server;
let browser;
let failed = false;
let slowRestore;
const cspErrors = [];
try {
  server = await startCodeServer({
    settings: { 'workbench.colorTheme': 'Default Dark Modern', 'window.commandCenter': false, 'workbench.layoutControl.enabled': false },
    vsix: VSIX,
    log: verbose ? (s) => process.stderr.write(`[code-server] ${s}`) : undefined,
  });
  browser = await launchBrowser({ colorScheme: 'dark', viewport: { width: 1600, height: 1000 } });
  const { page } = browser;
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/.test(m.text())) cspErrors.push(m.text());
    if (verbose) process.stderr.write(`[browser ${m.type()}] ${m.text()}\n`);
  });
  await page.goto(workbenchUrl(server.base, server.port, { folder: ws, extensionDevelopmentPath: VSIX ? undefined : EXTENSION }));
  await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  log('workbench up');

  const file = basename(CONFIG);
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: file });
  await row.waitFor({ timeout: 60000 });
  await row.click();
  const runAll = page.locator('.codelens-decoration a', { hasText: 'Run all' });
  await runAll.waitFor({ timeout: 60000 });
  log('CodeLens visible; clicking ▶ Run all');
  await runAll.click();

  const started = Date.now();
  await until('chart canvases in a webview', async () => (await canvasStats(page)).some((c) => c.visible), 90000);
  log(`charts on screen after ${Math.round((Date.now() - started) / 1000)} s`);
  const stopLens = page.locator('.codelens-decoration a', { hasText: 'Stop' });
  await until('the run to start (■ Stop in the CodeLens)', async () => (await stopLens.count()) > 0, 15000).catch(() => log('did not see the Stop lens (a very short run?)'));
  await until('the run to finish (CodeLens back to ▶ Run all)', async () => (await runAll.count()) > 0, 600000, 1000);
  log(`run finished after ${Math.round((Date.now() - started) / 1000)} s`);

  await page.locator('.activitybar .action-item a[aria-label^="Loss Lab"]').first().click().catch(() => log('no Loss Lab activity bar item found'));
  await sleep(4000);

  const check = async (label) => {
    const stats = await canvasStats(page);
    const visible = stats.filter((c) => c.visible && c.w > 50 && c.h > 50);
    log(`${label}: ${visible.length} visible canvases: ${visible.map((c) => `${c.w}x${c.h} drawn ${(c.drawn * 100).toFixed(1)}% colours ${c.colours}`).join('; ')}`);
    const blank = visible.filter((c) => c.drawn < 0.003 || c.colours < 2);
    if (!visible.length) throw new Error(`${label}: no chart canvas visible`);
    if (blank.length) throw new Error(`${label}: ${blank.length} of ${visible.length} chart canvases are blank`);
  };
  await check('dark');
  await page.screenshot({ path: join(OUT, 'screenshot-dark.png') });
  log(`saved ${join(OUT, 'screenshot-dark.png')}`);

  await palette(page, 'Preferences: Toggle Between Light/Dark Themes');
  await sleep(1500);
  await palette(page, 'Loss Lab: Open Charts');
  await sleep(6000);
  await check('light');
  await page.screenshot({ path: join(OUT, 'screenshot-light.png') });
  log(`saved ${join(OUT, 'screenshot-light.png')}`);

  // The quickstart's editor (and its ▶ Run all lens) may stay visible in the other editor group, so
  // the long run's config is opened with Quick Open and run from the command palette.
  await page.keyboard.press('Control+P');
  const quickOpen = page.locator('.quick-input-widget input');
  await quickOpen.waitFor({ state: 'visible' });
  await quickOpen.fill(SLOW);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: SLOW }).first().waitFor({ timeout: 10000 });
  await page.keyboard.press('Enter');
  await until(`${SLOW} to be the active editor`, async () => (await page.locator('.tabs-container .tab.active', { hasText: SLOW }).count()) > 0, 30000);
  await palette(page, 'Loss Lab: Run Loss Experiment');
  // When the focus stayed in the other editor group, the command asks which config to run.
  const picker = page.locator('.quick-input-widget input[placeholder*="experiment config"]');
  if (await picker.waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false)) {
    await picker.fill(SLOW);
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: SLOW }).first().waitFor({ timeout: 10000 });
    await page.keyboard.press('Enter');
    log(`picked ${SLOW} in the config picker (the focus was in another editor group)`);
  }
  // The status bar's progress item says the run is live (the CodeLens can be slow to redraw in a
  // narrow editor group, and warm trainers from the quickstart are alive before the run starts).
  const slowProgress = page.locator('.statusbar-item', { hasText: 'Loss Lab: slow' });
  await until('the long run to start (its progress in the status bar, trainers alive)', async () => (await slowProgress.count()) > 0 && trainerPids(server.pgid).length > 0, 90000);
  // Let it write some records, so the restored panel has curves to draw.
  await sleep(5000);
  const before = trainerPids(server.pgid);
  log(`reloading the window while trainers ${before.join(', ')} run`);
  const reloaded = Date.now();
  await page.reload();
  const workbenchBack = page.locator('.monaco-workbench').waitFor({ timeout: 60000 }).then(() => Date.now());
  await until('every trainer to exit after the reload', () => trainerPids(server.pgid).length === 0, 15000);
  const workbench = await workbenchBack;
  // The side view's two small charts may come back first; wait for the restored panel's cards (a
  // page that is not compact) too, or the check below races the panel's first draw.
  await until('the chart panel to come back after the reload', async () => {
    const visible = (await canvasStats(page)).filter((c) => c.visible && c.w > 50 && c.h > 50);
    const panelCards = visible.filter((c) => !c.compact);
    return panelCards.length >= 3 && visible.every((c) => c.drawn >= 0.003 && c.colours >= 2);
  }, 60000);
  await until('the panel to draw every record', async () => (await pageMarks(page)).some((p) => !p.compact && p.marks['all-drawn']), 20000).catch(() => log('the panel has not drawn every record within 20 s'));
  const lines = logLines(join(server.userData, 'logs'));
  const breakdown = restoreBreakdown({ reloaded, workbench, lines, marks: await pageMarks(page) });
  const restoreSec = ((breakdown.drawn ?? Date.now()) - workbench) / 1000;
  log(`restored panel drawn ${restoreSec.toFixed(1)} s after the workbench came back (${((Date.now() - reloaded) / 1000).toFixed(1)} s after the reload, workbench back after ${((workbench - reloaded) / 1000).toFixed(1)} s); s after the workbench: ${breakdown.text}`);
  for (const l of lines.filter((l) => l.t >= reloaded && (verbose || l.file === 'Loss Lab.log'))) log(`  ${((l.t - reloaded) / 1000).toFixed(2)} [${l.file}] ${l.text.slice(0, 200)}`);
  // Checked last, so a slow restore still reports what the panel says.
  const ownSec = breakdown.activated === undefined ? restoreSec : ((breakdown.drawn ?? Date.now()) - breakdown.activated) / 1000;
  log(`restored panel drawn ${ownSec.toFixed(1)} s after Loss Lab's activation`);
  if (ownSec >= RESTORE_LIMIT_SEC) slowRestore = `the restored panel was drawn ${ownSec.toFixed(1)} s after Loss Lab's activation (limit ${RESTORE_LIMIT_SEC} s; ${restoreSec.toFixed(1)} s after the workbench came back): ${breakdown.text}`;
  // The side view can come back after the panel, with its charts not drawn yet: give every chart on
  // screen time to draw; the check then fails on any that never does.
  await until('every chart on screen to be drawn', async () => {
    const visible = (await canvasStats(page)).filter((c) => c.visible && c.w > 50 && c.h > 50);
    return visible.length > 0 && visible.every((c) => c.drawn >= 0.003 && c.colours >= 2);
  }, 20000).catch(() => log('some chart on screen was still blank after 20 s'));
  await check('restored after reload');
  const states = await until('the restored panel to say why the run stopped', async () => {
    const texts = await webviewTexts(page, '.page-head .run-status');
    return texts.some((t) => t.includes('stopped by window reload')) ? texts : undefined;
  }, 15000);
  log(`restored panel states: ${states.join(' | ')}`);
  const resume = await webviewTexts(page, '.page-head button[aria-label="Resume run"]:not([hidden])');
  if (!resume.length) throw new Error('the restored panel offers no Resume button');
  await page.screenshot({ path: join(ROOT, '.vscode-test', 'screenshot-restored.png') });
  log('no trainer survived the reload; the panel was restored, says why the run stopped and offers Resume');
  if (cspErrors.length) throw new Error(`Content Security Policy violations:\n${cspErrors.slice(0, 5).join('\n')}`);
  if (slowRestore) throw new Error(slowRestore);
} catch (e) {
  failed = true;
  process.stderr.write(`[screenshot] FAILED: ${e?.stack ?? e}\n`);
  if (process.env.LOSSLAB_E2E_FAILURE_FILE) appendFileSync(process.env.LOSSLAB_E2E_FAILURE_FILE, `${VSIX ? 'vsix' : 'screenshot'}: ${e?.message ?? e}\n`);
  await browser?.page.screenshot({ path: join(ROOT, '.vscode-test', 'screenshot-failure.png') }).catch(() => {});
  process.stderr.write(`[screenshot] page at failure: .vscode-test/screenshot-failure.png\n`);
} finally {
  await browser?.close();
  await server?.stop();
  rmSync(ws, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
