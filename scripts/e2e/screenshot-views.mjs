// Screenshots of the sweep and evolution views as users see them: runs examples/bloop-pareto and
// examples/taylorglo-evolve in code-server + headless Chromium (dark theme) by clicking "▶ Run all",
// waits for the end, maximises the chart panel and saves media/pareto-dark.png and
// media/evolution-dark.png. Fails if a chart canvas is blank or the page broke its CSP.
//   node scripts/e2e/screenshot-views.mjs [pareto|evolution]...   (needs node esbuild.mjs and scripts/e2e/install.sh)
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, startCodeServer, workbenchUrl } from './code-server.mjs';
import { canvasStats, palette, sleep, until } from './workbench.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = process.env.LOSSLAB_SCREENSHOT_DIR ?? join(ROOT, 'media');
const VIEWS = {
  pareto: { config: 'bloop-pareto.losslab.json', out: 'pareto-dark.png', section: 'Sweep' },
  evolution: { config: 'taylorglo-evolve.losslab.json', out: 'evolution-dark.png', section: 'Evolution' },
};
const log = (s) => process.stdout.write(`[views] ${s}\n`);
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(VIEWS);

async function shoot(name) {
  const view = VIEWS[name];
  if (!view) throw new Error(`unknown view '${name}' (${Object.keys(VIEWS).join(', ')})`);
  const ws = mkdtempSync(join(tmpdir(), 'losslab-views-'));
  copyFileSync(join(ROOT, 'examples', view.config), join(ws, view.config));
  writeFileSync(join(ws, 'README.md'), '# Loss Lab demo\n');
  let server;
  let browser;
  const cspErrors = [];
  try {
    server = await startCodeServer({ settings: { 'workbench.colorTheme': 'Default Dark Modern', 'window.commandCenter': false, 'workbench.layoutControl.enabled': false } });
    browser = await launchBrowser({ colorScheme: 'dark', viewport: { width: 1600, height: 1100 } });
    const { page } = browser;
    page.on('console', (m) => /Content Security Policy|Refused to/.test(m.text()) && cspErrors.push(m.text()));
    await page.goto(workbenchUrl(server.base, server.port, { folder: ws, extensionDevelopmentPath: ROOT }));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
    const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: view.config });
    await row.waitFor({ timeout: 60000 });
    await row.click();
    const runAll = page.locator('.codelens-decoration a', { hasText: 'Run all' });
    await runAll.waitFor({ timeout: 60000 });
    log(`${name}: running ${view.config}`);
    const started = Date.now();
    await runAll.click();
    const stopLens = page.locator('.codelens-decoration a', { hasText: 'Stop' });
    await until('the run to start', async () => (await stopLens.count()) > 0, 60000);
    await until('the run to finish', async () => (await runAll.count()) > 0, 900000, 1000);
    log(`${name}: finished after ${Math.round((Date.now() - started) / 1000)} s`);
    await palette(page, 'View: Close Primary Side Bar').catch(async () => {
      await page.keyboard.press('Escape');
      log('could not close the side bar');
    });
    await palette(page, 'Loss Lab: Open Charts');
    await sleep(1500);
    const maximised = await palette(page, 'View: Expand Editor Group').then(() => true, () => false);
    if (!maximised) {
      await page.keyboard.press('Escape');
      log('could not widen the panel');
    }
    await sleep(5000);
    const visible = (await canvasStats(page)).filter((c) => c.visible && c.w > 50 && c.h > 50);
    const blank = visible.filter((c) => c.drawn < 0.003 || c.colours < 2);
    log(`${name}: ${visible.length} visible canvases, ${blank.length} blank`);
    if (!visible.length || blank.length) throw new Error(`${name}: ${blank.length} of ${visible.length} chart canvases are blank`);
    if (cspErrors.length) throw new Error(`Content Security Policy violations:\n${cspErrors.slice(0, 5).join('\n')}`);
    await page.screenshot({ path: join(OUT, view.out) });
    log(`saved ${join(OUT, view.out)}`);
  } catch (e) {
    await browser?.page.screenshot({ path: join(ROOT, '.vscode-test', `views-${name}-failure.png`) }).catch(() => {});
    process.stderr.write(`[views] page at failure: .vscode-test/views-${name}-failure.png\n`);
    throw e;
  } finally {
    await browser?.close();
    await server?.stop();
    rmSync(ws, { recursive: true, force: true });
  }
}

let failed = false;
for (const name of wanted) {
  try {
    await shoot(name);
  } catch (e) {
    failed = true;
    process.stderr.write(`[views] ${name} FAILED: ${e?.stack ?? e}\n`);
  }
}
process.exit(failed ? 1 : 0);
