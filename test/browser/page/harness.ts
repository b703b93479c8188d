/**
 * Runs in the harness page before the chart bundle: a fake `acquireVsCodeApi` that records what the
 * page posts and saves, theme switching as VS Code does it (body class + CSS variables on <html>), and
 * helpers the Playwright script calls through `window.harness`.
 */
import { batch, CLASSIFICATION, runView, summaryOf, type SyntheticOptions } from '../synthetic';
import type { Page } from './dom-types';
import { THEMES } from './themes';

const w = globalThis as unknown as Page;
const posted: unknown[] = [];
const violations: string[] = [];
// A saved state can be given in the URL's hash, as VS Code gives a restored page its last setState.
let state: unknown = w.location.hash.length > 1 ? JSON.parse(decodeURIComponent(w.location.hash.slice(1))) : undefined;

w.__LOSSLAB_DEBUG__ = true;
// Functions the test script sends to the page may carry the `__name` helper of the TypeScript loader.
(globalThis as unknown as { __name: <T>(f: T) => T }).__name = (f) => f;
w.acquireVsCodeApi = () => ({
  postMessage: (m) => posted.push(m),
  getState: () => state,
  setState: (s) => (state = s),
});
w.document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));

function send(data: unknown): void {
  w.dispatchEvent(new w.MessageEvent('message', { data }));
}

function setTheme(kind: 'dark' | 'light'): void {
  const t = THEMES[kind];
  for (const [k, v] of Object.entries(t.vars)) w.document.documentElement.style.setProperty(k, v);
  w.document.body.className = t.bodyClass;
  w.document.body.dataset.vscodeThemeKind = t.bodyClass;
}

function perf(): NonNullable<Page['__lossLabPerf']> {
  return w.__lossLabPerf ?? { frames: [], messages: [], rejected: [] };
}

function nextFrame(): Promise<void> {
  return new Promise((resolve) => w.requestAnimationFrame(() => resolve()));
}

/** Resolves once the page has drawn a frame after this call (and then one more animation frame). */
async function drawn(timeoutMs = 5000): Promise<number> {
  const n = perf().frames.length;
  const t0 = w.performance.now();
  while (perf().frames.length === n) {
    if (w.performance.now() - t0 > timeoutMs) throw new Error('no frame drawn');
    await nextFrame();
  }
  return perf().frames[perf().frames.length - 1];
}

/** Resolves with the last frame's cost once more than `n` frames have been drawn. */
async function framesBeyond(n: number, timeoutMs = 5000): Promise<number> {
  const t0 = w.performance.now();
  while (perf().frames.length <= n) {
    if (w.performance.now() - t0 > timeoutMs) throw new Error(`no frame drawn (still ${perf().frames.length})`);
    await nextFrame();
  }
  return perf().frames[perf().frames.length - 1];
}

interface CanvasStat {
  id: string;
  visible: boolean;
  w: number;
  h: number;
  painted: number;
  colored: number;
}

/** Per chart canvas: how many pixels are painted, and how many are in an arm colour (saturated). */
function canvasStats(): CanvasStat[] {
  const out: CanvasStat[] = [];
  const list = w.document.querySelectorAll('canvas');
  for (let k = 0; k < list.length; k++) {
    const c = list[k];
    const card = c.closest('.card');
    const r = c.getBoundingClientRect();
    const visible = !!card && !card.hidden && r.width > 0 && r.bottom > 0 && r.top < w.innerHeight;
    let painted = 0;
    let colored = 0;
    const data = c.width > 0 && c.height > 0 ? c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data : undefined;
    if (data) {
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] < 40) continue;
        painted++;
        const hi = Math.max(data[i], data[i + 1], data[i + 2]);
        const lo = Math.min(data[i], data[i + 1], data[i + 2]);
        if (hi - lo > 60) colored++;
      }
    }
    out.push({ id: card?.id ?? '', visible, w: c.width, h: c.height, painted: painted / (c.width * c.height), colored });
  }
  return out;
}

async function showClassification(kind: 'dark' | 'light', compact = false): Promise<number> {
  setTheme(kind);
  send({ type: 'init', run: runView(CLASSIFICATION, CLASSIFICATION.steps + 1, false), overlays: [], options: { compact } });
  return drawn();
}

export interface BenchRow {
  records: number;
  handleMs: number;
  frameMs: number;
}

/** Streams `steps` steps of every (arm, seed) in batches, waiting for each redraw; returns the costs. */
async function bench(steps: number, batchSteps: number): Promise<{ rows: BenchRow[]; heapMB?: number }> {
  const o: SyntheticOptions = { ...CLASSIFICATION, steps, evalEvery: 100, probeEvery: 1000, traceEvery: 0, diverge: undefined };
  setTheme('dark');
  send({ type: 'init', run: { ...runView(o, 0, true), summary: summaryOf(o, false) }, overlays: [], options: { compact: false } });
  await drawn();
  const rows: BenchRow[] = [];
  const key = runView(o, 0, true).key;
  for (let from = 0; from <= steps; from += batchSteps) {
    const records = batch(o, from, Math.min(from + batchSteps, steps + 1));
    const t0 = w.performance.now();
    send({ type: 'metrics', key, records });
    const handleMs = w.performance.now() - t0;
    rows.push({ records: records.length, handleMs, frameMs: await drawn(10000) });
  }
  w.gc?.();
  return { rows, heapMB: w.performance.memory ? w.performance.memory.usedJSHeapSize / 2 ** 20 : undefined };
}

const api = { send, setTheme, drawn, framesBeyond, canvasStats, showClassification, bench, posted, violations, perf, state: () => state };
export type Harness = typeof api;
w.harness = api;
