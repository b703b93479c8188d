/** Browser checks of the chart page's controls: what they post, what they save, what they change. */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { CLASSIFICATION, runView } from './synthetic';
import { harness, redrawn } from './call';

type Posted = { type: string; format?: string; suggestedName?: string; data?: string; key?: string };
type State = { runDir?: string; smoothing: number; xMode: string; log: Record<string, boolean>; metric: Record<string, string>; hidden: string[] };

const lastPosted = (page: Page): Promise<Posted> => harness(page, (h) => h.posted[h.posted.length - 1] as Posted);
const state = (page: Page): Promise<State> => harness(page, (h) => h.state() as State);

export async function interactionChecks(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const csv = await lastPosted(page);
  assert.equal(csv.type, 'save');
  assert.equal(csv.format, 'csv');
  assert.equal(csv.suggestedName, 'spirals-3class-metrics.csv');
  assert.match(csv.data ?? '', /^arm,seed,kind,step,epoch,time,/);
  assert.ok((csv.data ?? '').split('\n').length > 15_000);

  await page.locator('#chart-train').getByRole('button', { name: /PNG/ }).click();
  const png = await lastPosted(page);
  assert.equal(png.format, 'png');
  assert.equal(png.suggestedName, 'spirals-3class-train.png');
  assert.match(png.data ?? '', /^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);

  await page.getByRole('button', { name: 'Overlay run…' }).click();
  assert.deepEqual(await lastPosted(page), { type: 'pickOverlay' });

  const first = page.locator('.legend-item').first();
  await first.click();
  assert.equal(await first.getAttribute('aria-pressed'), 'false');
  assert.deepEqual((await state(page)).hidden, ['\u0000cross-entropy']);
  await first.click();
  assert.deepEqual((await state(page)).hidden, []);

  const log = page.locator('#chart-train').getByRole('button', { name: 'log scale' });
  await redrawn(page, () => log.click());
  assert.equal(await log.getAttribute('aria-pressed'), 'true');
  assert.equal((await state(page)).log.train, true);
  await log.click();

  await page.getByRole('slider', { name: 'Smoothing' }).fill('0.9');
  await page.getByRole('combobox', { name: 'X axis' }).selectOption('epoch');
  await redrawn(page, () => page.locator('#chart-grad select').selectOption('gradNorm/out'));
  const s = await state(page);
  assert.equal(s.smoothing, 0.9);
  assert.equal(s.xMode, 'epoch');
  assert.equal(s.metric.grad, 'gradNorm/out');
  assert.equal(s.runDir, runView(CLASSIFICATION, 0, false).runDir);
  assert.equal(await page.locator('#chart-grad .card-title').textContent(), 'Gradient norm: out');
  await page.getByRole('slider', { name: 'Smoothing' }).fill('0.6');
  await page.getByRole('combobox', { name: 'X axis' }).selectOption('step');
  await page.locator('#chart-grad select').selectOption('gradNorm');

  const table = page.locator('table.summary');
  assert.equal(await table.locator('thead th[scope=col]').count(), 7);
  assert.equal(await table.locator('tbody tr').count(), 3);
  assert.match((await table.locator('tbody tr').nth(2).textContent()) ?? '', /diverged · 1 of 2 seeds/);
  assert.match((await page.locator('.alerts').textContent()) ?? '', /label smoothing 0\.1.*diverged.*NaN at step 2210/);
  assert.equal(await page.getByRole('button', { name: /Stop/ }).isHidden(), true);

  const base = { ...runView({ ...CLASSIFICATION, steps: 1500, diverge: undefined, arms: ['cross-entropy', 'mse'] }, 1501, false, '/ws/runs/baseline'), name: 'baseline' };
  await redrawn(page, () => harness(page, (h, run) => h.send({ type: 'overlay', run }), base));
  const group = page.locator('.legend-group.overlay');
  assert.equal(await group.count(), 1);
  assert.equal(await page.locator('table.summary tbody').count(), 2);
  await redrawn(page, () => group.getByRole('button', { name: 'Remove overlay baseline' }).click());
  assert.deepEqual(await lastPosted(page), { type: 'removeOverlay', key: '/ws/runs/baseline' });
  assert.equal(await group.count(), 0);

  const rejectedBefore = await harness(page, (h) => h.perf().rejected.length);
  await harness(page, (h) => {
    h.send(null);
    h.send({ type: 'metrics', key: 5, records: [] });
    h.send({ type: 'init' });
    h.send({ type: 'metrics', key: 'k', records: [{ arm: 'x', seed: 0, step: 'one', epoch: 0, time: 0, kind: 'train', values: {} }] });
  });
  assert.equal(await harness(page, (h) => h.perf().rejected.length), rejectedBefore + 4);

  const live = runView(CLASSIFICATION, 0, true);
  await redrawn(page, () => harness(page, (h, summary) => h.send({ type: 'summary', key: summary.key, summary: summary.summary, live: true }), live));
  await page.getByRole('button', { name: /Stop/ }).click();
  assert.deepEqual(await lastPosted(page), { type: 'stop' });
}
