/** Streams a long run into the page and prints what each update cost (handling the message, and the redraw). */
import type { Page } from 'playwright-core';
import { harness } from './call';

function stats(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / Math.max(1, s.length);
  const p = (q: number): number => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
  return `mean ${mean.toFixed(1)} ms · p50 ${p(0.5).toFixed(1)} · p95 ${p(0.95).toFixed(1)} · max ${p(1).toFixed(1)}`;
}

async function timed(page: Page, act: () => Promise<unknown>): Promise<number> {
  const n = await harness(page, (h) => h.perf().frames.length);
  await act();
  return harness(page, (h, k) => h.framesBeyond(k, 20000), n);
}

export async function reportBench(page: Page, steps: number): Promise<void> {
  const batchSteps = Math.max(100, Math.round(steps / 50));
  const t0 = Date.now();
  const { rows, heapMB } = await harness(page, (h, a) => h.bench(a.steps, a.batchSteps), { steps, batchSteps });
  const out = (s: string): boolean => process.stdout.write(`  ${s}\n`);
  out(`${rows.length} updates of ${batchSteps} steps × 6 series (${rows[1]?.records ?? 0} records each); ${((Date.now() - t0) / 1000).toFixed(1)} s in all`);
  out(`handling a metrics message (validate + append): ${stats(rows.map((r) => r.handleMs))}`);
  out(`redraw after it (all charts):                  ${stats(rows.map((r) => r.frameMs))}`);
  out(`redraw, last 10 updates (≈${steps.toLocaleString('en-US')} points per series): ${stats(rows.slice(-10).map((r) => r.frameMs))}`);
  if (heapMB !== undefined) out(`JS heap after streaming: ${heapMB.toFixed(0)} MB`);
  out(`smoothing changed (every EMA recomputed): ${(await timed(page, () => page.getByRole('slider', { name: 'Smoothing' }).fill('0.8'))).toFixed(1)} ms`);
  out(`x axis → wall time: ${(await timed(page, () => page.getByRole('combobox', { name: 'X axis' }).selectOption('time'))).toFixed(1)} ms`);
  const box = await page.locator('#chart-train canvas').boundingBox();
  if (box) {
    const zoom = await timed(page, async () => {
      await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.3);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.7, { steps: 4 });
      await page.mouse.up();
    });
    out(`drag-zoom on training loss (re-downsampled to the new range): ${zoom.toFixed(1)} ms`);
  }
}
