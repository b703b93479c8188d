/** Streams a long run into the page and prints what each update cost (handling the message, and the redraw). */
import type { Page } from 'playwright-core';
import { harness } from './call';

export interface PanelBenchFigures {
  steps: number;
  series: number;
  updates: number;
  /** Median ms to validate and store one metrics message, over all updates. */
  handleP50: number;
  /** Median ms of the redraw after an update (all charts), over all updates and over the last 10 (≈ `steps` points per series). */
  frameP50: number;
  lastFrameP50: number;
  lastFrameP95: number;
  heapMB?: number;
  smoothingMs: number;
  xAxisMs: number;
  zoomMs?: number;
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
}

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

export async function reportBench(page: Page, steps: number): Promise<PanelBenchFigures> {
  const batchSteps = Math.max(100, Math.round(steps / 50));
  const t0 = Date.now();
  const { rows, heapMB } = await harness(page, (h, a) => h.bench(a.steps, a.batchSteps), { steps, batchSteps });
  const out = (s: string): boolean => process.stdout.write(`  ${s}\n`);
  out(`${rows.length} updates of ${batchSteps} steps × 6 series (${rows[1]?.records ?? 0} records each); ${((Date.now() - t0) / 1000).toFixed(1)} s in all`);
  out(`handling a metrics message (validate + append): ${stats(rows.map((r) => r.handleMs))}`);
  out(`redraw after it (all charts):                  ${stats(rows.map((r) => r.frameMs))}`);
  out(`redraw, last 10 updates (≈${steps.toLocaleString('en-US')} points per series): ${stats(rows.slice(-10).map((r) => r.frameMs))}`);
  if (heapMB !== undefined) out(`JS heap after streaming: ${heapMB.toFixed(0)} MB`);
  const smoothingMs = await timed(page, () => page.getByRole('slider', { name: 'Smoothing' }).fill('0.8'));
  out(`smoothing changed (every EMA recomputed): ${smoothingMs.toFixed(1)} ms`);
  const xAxisMs = await timed(page, () => page.getByRole('combobox', { name: 'X axis' }).selectOption('time'));
  out(`x axis → wall time: ${xAxisMs.toFixed(1)} ms`);
  let zoomMs: number | undefined;
  const box = await page.locator('#chart-train canvas').boundingBox();
  if (box) {
    const zoom = await timed(page, async () => {
      await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.3);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.7, { steps: 4 });
      await page.mouse.up();
    });
    out(`drag-zoom on training loss (re-downsampled to the new range): ${zoom.toFixed(1)} ms`);
    zoomMs = zoom;
  }
  const last = rows.slice(-10).map((r) => r.frameMs);
  return {
    steps, series: 6, updates: rows.length,
    handleP50: quantile(rows.map((r) => r.handleMs), 0.5), frameP50: quantile(rows.map((r) => r.frameMs), 0.5),
    lastFrameP50: quantile(last, 0.5), lastFrameP95: quantile(last, 0.95), heapMB, smoothingMs, xAxisMs, zoomMs,
  };
}
