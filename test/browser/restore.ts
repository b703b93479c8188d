/** Browser check: a page created with a saved state (as after a reload) shows the same settings. */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { harness } from './call';

export const SAVED_STATE = {
  runDir: '/somewhere',
  xMode: 'epoch',
  smoothing: 0.3,
  band: 'std',
  ignoreOutliers: false,
  log: { train: true },
  metric: { grad: 'gradNorm/dense1' },
  hidden: ['\u0000focal γ=2'],
};

export async function restoreChecks(page: Page): Promise<void> {
  await harness(page, (h) => h.showClassification('dark'));
  assert.equal(await page.getByRole('combobox', { name: 'X axis' }).inputValue(), 'epoch');
  assert.equal(await page.getByRole('slider', { name: 'Smoothing' }).inputValue(), '0.3');
  assert.equal(await page.getByRole('combobox', { name: 'Seeds' }).inputValue(), 'std');
  assert.equal(await page.getByRole('checkbox', { name: 'Ignore outliers' }).isChecked(), false);
  assert.equal(await page.locator('#chart-train').getByRole('button', { name: 'log scale' }).getAttribute('aria-pressed'), 'true');
  assert.equal(await page.locator('#chart-grad .card-title').textContent(), 'Gradient norm: dense1');
  assert.equal(await page.locator('.legend-item', { hasText: 'focal γ=2' }).getAttribute('aria-pressed'), 'false');
  const saved = await harness(page, (h) => h.state() as { runDir: string; xMode: string });
  assert.equal(saved.xMode, 'epoch');
  assert.notEqual(saved.runDir, '/somewhere', 'the run shown is the one saved');
}
