/**
 * Reads a contour plot's pixels in the page: which pixels are colours of the colour map (viridis,
 * sampled finely here, independently of the levels the page chose), the plot area they cover (their
 * bounding box: the bands fill it), how many band colours appear, and where each arm's marker (a disc
 * of its palette colour) is centred, against where its data coordinates fall on that area.
 */
import type { Page } from 'playwright-core';
import type { LandscapeResult } from '../../src/shared/analysis/types';
import { viridis } from '../../webview/model/colormap';
import { armPositions } from '../../webview/model/landscape-model';
import type { Canvas } from './page/dom-types';
import { THEMES } from './page/themes';

export interface ContourProbe {
  /** The plot area in canvas pixels (first and last column and row of the bands). */
  area: { left: number; right: number; top: number; bottom: number };
  bandColors: number;
  coverage: number;
  markers: { arm: string; x: number; y: number; error?: number }[];
}

const ARM_COLORS = ['--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-green'].map((v) => THEMES.dark.vars[v]);

function rgb(hex: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

interface Arg {
  id: string;
  map: [number, number, number][];
  markers: { arm: string; x: number; y: number; color: [number, number, number] }[];
  extent: [number, number, number, number];
}

export async function contourPixels(page: Page, id: string, r: LandscapeResult, arms = ['cross-entropy', 'focal γ=2', 'MSE on softmax']): Promise<ContourProbe> {
  const map = Array.from({ length: 512 }, (_, i) => viridis(i / 511));
  const markers = armPositions(r).map((p) => ({ arm: p.arm, x: p.x, y: p.y, color: rgb(ARM_COLORS[arms.indexOf(p.arm)]) }));
  const { x, y } = r.slice;
  const arg: Arg = { id, map, markers, extent: [x[0], x[x.length - 1], y![0], y![y!.length - 1]] };
  return page.evaluate((a: Arg) => {
    const doc = (globalThis as unknown as { document: { querySelector(sel: string): Canvas } }).document;
    const canvas = doc.querySelector(`#${a.id} canvas`);
    const { width: w, height: h } = canvas;
    const data = canvas.getContext('2d')!.getImageData(0, 0, w, h).data;
    const near = (i: number, c: [number, number, number], tol: number): boolean => Math.abs(data[i] - c[0]) <= tol && Math.abs(data[i + 1] - c[1]) <= tol && Math.abs(data[i + 2] - c[2]) <= tol;
    const onMap = new Uint8Array(w * h);
    const counts = new Map<number, number>();
    const perColumn = new Array<number>(w).fill(0);
    for (let p = 0; p < w * h; p++) {
      const i = p * 4;
      if (data[i + 3] < 250 || !a.map.some((c) => near(i, c, 2))) continue;
      onMap[p] = 1;
      perColumn[p % w]++;
      const key = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    // The plot area: the first block of columns mostly in map colours (the colour bar, also in them, comes after a gap).
    const tall = Math.max(...perColumn) * 0.5;
    const left = perColumn.findIndex((n) => n >= tall);
    let right = left;
    while (right + 1 < w && perColumn[right + 1] >= tall) right++;
    let top = h, bottom = -1;
    for (let py = 0; py < h; py++) {
      for (let px = left; px <= right; px++) {
        if (!onMap[py * w + px]) continue;
        top = Math.min(top, py);
        bottom = Math.max(bottom, py);
      }
    }
    let inside = 0;
    for (let py = top; py <= bottom; py++) for (let px = left; px <= right; px++) inside += onMap[py * w + px];
    const area = Math.max(1, (right - left + 1) * (bottom - top + 1));
    const [x0, x1, y0, y1] = a.extent;
    const markers = a.markers.map((m) => {
      let sx = 0, sy = 0, n = 0;
      for (let p = 0; p < w * h; p++) {
        if (!near(p * 4, m.color, 2)) continue;
        sx += (p % w) + 0.5; sy += Math.floor(p / w) + 0.5; n++;
      }
      const ex = left + ((m.x - x0) / (x1 - x0)) * (right + 1 - left);
      const ey = bottom + 1 - ((m.y - y0) / (y1 - y0)) * (bottom + 1 - top);
      return { arm: m.arm, x: m.x, y: m.y, error: n > 10 ? Math.hypot(sx / n - ex, sy / n - ey) : undefined };
    });
    return { area: { left, right, top, bottom }, bandColors: [...counts.values()].filter((c) => c > 40).length, coverage: inside / area, markers };
  }, arg);
}

/** The canvas pixel of data point (x, y) on a plot area that spans the slice's extent. */
export function pixelOf(area: ContourProbe['area'], r: LandscapeResult, x: number, y: number): { px: number; py: number } {
  const xs = r.slice.x;
  const ys = r.slice.y!;
  return {
    px: area.left + ((x - xs[0]) / (xs[xs.length - 1] - xs[0])) * (area.right + 1 - area.left),
    py: area.bottom + 1 - ((y - ys[0]) / (ys[ys.length - 1] - ys[0])) * (area.bottom + 1 - area.top),
  };
}
