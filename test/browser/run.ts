/**
 * Browser test of the chart page in headless Chromium (Playwright): the page draws every chart of a
 * synthetic classification run (3 arms × 2 seeds), posts the right messages, survives malformed
 * input, follows the theme; screenshots go to media/webview-{dark,light}.png; then 100k points per
 * series are streamed in batches and the cost of each update is reported (not asserted).
 *
 *   node --import tsx test/browser/run.ts [--no-bench] [--bench-steps=100000] [--bench-only --bench-json=<file>]
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { buildBundles, serve } from './server';
import { interactionChecks } from './interactions';
import { reportBench } from './bench-report';
import { harness, openPage } from './call';
import { restoreChecks, SAVED_STATE } from './restore';
import { evolutionChecks } from './evolution-view';
import { sweepChecks } from './sweep-view';
import { verdictChecks } from './verdict-view';
import { runStateChecks } from './run-state-view';
import { layoutChecks } from './layout-view';
import { earlyInitChecks, inlineChecks, stagedChecks } from './staged-view';
import { analysisChecks } from './analysis-view';

const ROOT = join(__dirname, '..', '..');
const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--js-flags=--expose-gc'];
const args = process.argv.slice(2);
const benchSteps = Number(args.find((a) => a.startsWith('--bench-steps='))?.split('=')[1] ?? 100_000);
/** Only the 100k-point streaming measurement (for `npm run bench`), its figures written as JSON to --bench-json=<file>. */
const benchOnly = args.includes('--bench-only');
const benchJson = args.find((a) => a.startsWith('--bench-json='))?.slice('--bench-json='.length);

function step(name: string): void {
  process.stdout.write(`• ${name}\n`);
}

async function checkCanvases(page: Page, label: string, expectCards: string[]): Promise<void> {
  const stats = await harness(page, (h) => h.canvasStats());
  const visible = stats.filter((s) => s.visible);
  for (const id of expectCards) assert.ok(visible.some((s) => s.id === id), `${label}: ${id} not visible (visible: ${visible.map((s) => s.id).join(', ')})`);
  for (const s of visible) {
    assert.ok(s.painted > 0.005, `${label}: ${s.id} is blank (${(s.painted * 100).toFixed(2)}% painted)`);
    assert.ok(s.colored > 150, `${label}: ${s.id} has no coloured lines (${s.colored} px)`);
  }
  process.stdout.write(`  ${label}: ${visible.map((s) => `${s.id} ${(s.painted * 100).toFixed(1)}%/${s.colored}px`).join(', ')}\n`);
}

/** Sizes the viewport to the page (so every chart is on screen and drawn), then takes the screenshot. */
async function shoot(page: Page, path: string, width: number): Promise<void> {
  const height = await page.evaluate(`Math.ceil(document.querySelector('main').getBoundingClientRect().bottom)`);
  await page.setViewportSize({ width, height: Math.min(4000, Number(height)) });
  await harness(page, (h) => h.drawn(2000).catch(() => 0));
  await page.waitForTimeout(100);
  await page.screenshot({ path });
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    const r = spawnSync('bash', [join(ROOT, 'scripts', 'ensure-chromium.sh')], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('could not install chromium');
  }
  const tmp = mkdtempSync(join(tmpdir(), 'losslab-browser-'));
  const files = await buildBundles(tmp);
  const { origin, server } = await serve(files);
  const ctx = await chromium.launchPersistentContext(join(tmp, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 2000 },
    deviceScaleFactor: 1,
  });
  const blocked: string[] = [];
  await ctx.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith('data:')) return route.continue();
    blocked.push(url);
    return route.abort();
  });
  const errors: string[] = [];
  try {
    step('page loads under the webview CSP and says ready');
    const page = await openPage(ctx, origin, errors);
    assert.deepEqual(await harness(page, (h) => h.posted[0]), { type: 'ready' });

    if (!benchOnly) {
      step('3 arms × 2 seeds, dark theme: every visible chart is drawn');
      await harness(page, (h) => h.showClassification('dark'));
      await page.waitForTimeout(150);
      const cards = ['chart-train', 'chart-val', 'chart-main', 'chart-grad', 'chart-smooth', 'chart-sharp', 'chart-trace', 'chart-shape'];
      await checkCanvases(page, 'dark', cards);
      assert.equal(await page.locator('#chart-other').isHidden(), true, 'no "other metrics" chart for this run');
      mkdirSync(join(ROOT, 'media'), { recursive: true });
      await shoot(page, join(ROOT, 'media', 'webview-dark.png'), 1280);

      step('theme switch to light (body class + variables): charts redraw');
      await harness(page, async (h) => {
        h.setTheme('light');
        await h.drawn();
      });
      await page.waitForTimeout(150);
      await checkCanvases(page, 'light', cards);
      await shoot(page, join(ROOT, 'media', 'webview-light.png'), 1280);

      step('controls post the right messages and keep UI state');
      await interactionChecks(page);

      step('a short, one-column page: charts below the fold are drawn too (once), as the e2e check expects');
      const short = await openPage(ctx, origin, errors);
      await short.setViewportSize({ width: 640, height: 600 });
      await harness(short, (h) => h.showClassification('dark'));
      await short.waitForTimeout(150);
      const below = (await harness(short, (h) => h.canvasStats())).filter((s) => s.id !== 'chart-other');
      assert.equal(below.length, 9, '8 per-step cards and the difference curves');
      for (const s of below) assert.ok(s.painted > 0.003, `${s.id} below the fold is blank`);
      await short.close();

      step('Verdict section: paired comparisons with interval bars; notes for live runs and one seed; none in compact mode');
      await verdictChecks(ctx, origin, errors);

      step('a run stopped by a window reload says so in the header, with its start time and a Resume button');
      await runStateChecks(ctx, origin, errors);

      step('narrow places: the summary table fits a 581 px panel, its columns can be chosen; a short side view shows both charts');
      await layoutChecks(ctx, origin, errors);

      step('a thinned first init draws at once; with every record it draws what the whole run at once draws');
      await stagedChecks(ctx, origin, errors);
      step('the page says ready before its bundle has loaded; an init sent meanwhile is drawn once it runs');
      await earlyInitChecks(ctx, origin, errors);
      step('the page as the extension sends it (stylesheet and bundle inline) draws under the same CSP');
      await inlineChecks(ctx, origin, errors);

      step('Analysis section: real landscape and Hessian results as cards; contour bands and arm markers; exports; Analyse… and its progress');
      await analysisChecks(ctx, origin, errors, { dark: join(ROOT, 'media', 'analysis-dark.png'), light: join(ROOT, 'media', 'analysis-light.png') });

      step('a restored page (saved state) shows the same settings');
      const restored = await openPage(ctx, origin, errors, `#${encodeURIComponent(JSON.stringify(SAVED_STATE))}`);
      await restoreChecks(restored);
      await restored.close();

      step('compact mode (side view)');
      const compact = await openPage(ctx, origin, errors, '?compact=1');
      await compact.setViewportSize({ width: 360, height: 700 });
      await harness(compact, (h) => h.showClassification('dark', true));
      await compact.waitForTimeout(150);
      await checkCanvases(compact, 'compact', ['chart-train', 'chart-main']);
      assert.equal(await compact.locator('.card').count(), 2);
      assert.equal(await compact.locator('.toolbar').count(), 0);
      if (args.includes('--keep')) {
        await shoot(compact, join(tmp, 'webview-compact-dark.png'), 360);
        process.stdout.write(`  compact screenshot: ${join(tmp, 'webview-compact-dark.png')}\n`);
      }
      await compact.close();

      // Synthetic data: these shots are for looking at, not for the README (media/pareto-dark.png and
      // media/evolution-dark.png are real runs in VS Code: npm run screenshots:views).
      await evolutionChecks(ctx, origin, errors, join(tmp, 'evolution-synthetic-dark.png'));
      await sweepChecks(ctx, origin, errors, join(tmp, 'pareto-synthetic-dark.png'));
      process.stdout.write(`  sweep and evolution screenshots: ${tmp}/{pareto,evolution}-synthetic-dark.png\n`);
    }

    if (!args.includes('--no-bench')) {
      step(`streaming ${benchSteps.toLocaleString('en-US')} points per series (3 arms × 2 seeds) in batches, every chart on screen`);
      const bench = await openPage(ctx, origin, errors);
      const figures = await reportBench(bench, benchSteps);
      if (benchJson) writeFileSync(benchJson, JSON.stringify({ ...figures, loadAverage: loadavg(), cores: cpus().length }, null, 2));
      await bench.close();
      process.stdout.write(`  (load average while measuring: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores)\n`);
    }

    assert.deepEqual(await harness(page, (h) => h.violations), [], 'CSP violations');
    assert.deepEqual(blocked, [], 'requests to non-local addresses');
    assert.deepEqual(errors, [], 'page errors');
    process.stdout.write(benchOnly ? 'panel benchmark done\n' : `browser tests passed; screenshots: media/webview-dark.png, media/webview-light.png\n`);
  } finally {
    await ctx.close();
    server.close();
    if (!args.includes('--keep')) rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`browser test failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
