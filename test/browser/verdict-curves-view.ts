/**
 * Browser checks of the difference curves under the Verdict section: the synthetic run (3 arms × 2
 * paired seeds) draws the chart (each arm − the baseline, its band, the zero line) and one area line
 * per arm, saves it as PNG, and the whole part is absent with one seed and in compact mode.
 */
import assert from 'node:assert/strict';
import type { BrowserContext } from 'playwright-core';
import { harness, openPage } from './call';
import { CLASSIFICATION, runView } from './synthetic';

export async function curveDiffChecks(ctx: BrowserContext, origin: string, errors: string[]): Promise<void> {
  const page = await openPage(ctx, origin, errors, '', 'verdict curves');
  await page.setViewportSize({ width: 1280, height: 1600 });
  await harness(page, (h) => h.showClassification('dark'));
  await page.waitForTimeout(100);
  assert.equal(await page.locator('.verdict-curves').isVisible(), true, 'the difference curves are shown with 2 seeds');
  const order = await page.evaluate(`[...document.querySelector('main').children].map((e) => e.className)`) as string[];
  assert.equal(order.indexOf('verdict-curves'), order.indexOf('verdicts') + 1, 'right under the Verdict section');
  const stat = (await harness(page, (h) => h.canvasStats())).find((s) => s.id === 'chart-verdict-diff');
  assert.ok(stat?.visible, 'the difference chart is visible');
  assert.ok(stat.painted > 0.005 && stat.colored > 150, `the difference chart is drawn (${(stat.painted * 100).toFixed(2)}%, ${stat.colored}px)`);
  process.stdout.write(`  difference chart: ${(stat.painted * 100).toFixed(1)}%/${stat.colored}px\n`);
  const areas = await page.locator('.verdict-areas li').allTextContents();
  assert.deepEqual(areas.map((t) => t.split(' ')[0]), ['focal', 'label']);
  for (const t of areas) assert.match(t, /area under the val accuracy curve.*95% CI/);
  const legend = await page.locator('#chart-verdict-diff .evo-legend-item').allTextContents();
  assert.deepEqual(legend, ['focal γ=2 − cross-entropy', 'label smoothing 0.1 − cross-entropy']);

  await page.getByRole('button', { name: 'Save Difference to the baseline along training as PNG' }).click();
  const saved = await harness(page, (h) => h.posted[h.posted.length - 1] as { type: string; format?: string; suggestedName?: string; data?: string });
  assert.equal(saved.type, 'save');
  assert.ok(saved.suggestedName?.endsWith('verdict-diff.png'), saved.suggestedName);
  assert.ok(saved.data?.startsWith('data:image/png;base64,') && saved.data.length > 5000, 'a PNG data URL');

  const one = { ...CLASSIFICATION, seeds: 1, diverge: undefined };
  await harness(page, async (h, run) => {
    h.send({ type: 'init', run, overlays: [], options: { compact: false } });
    await h.drawn();
  }, runView(one, one.steps + 1, false));
  assert.equal(await page.locator('.verdict-curves').isVisible(), false, 'no difference curves with one seed');
  await page.close();

  const compact = await openPage(ctx, origin, errors, '?compact=1', 'verdict curves compact');
  await harness(compact, (h) => h.showClassification('dark', true));
  assert.equal(await compact.locator('.verdict-curves').count(), 0, 'none in compact mode');
  await compact.close();
}
