/**
 * Turns runs into the lines one chart draws for one metric: per arm a single seed's curve, or with
 * several seeds the mean with a band (min–max or ±1 std), or faint seed lines; the raw curve faintly
 * under the smoothed one; a cross where a seed diverged or crashed; each downsampled to the visible
 * x range. Keeps the curves (and their smoothing) between calls, so a redraw after an append only
 * computes what is new.
 */
import { finite, positive } from './downsample';
import { MeanCurve, SeedCurve, type BandMode, type RowInfo, type Thin, type ThinOptions } from './curves';
import type { RunData, Series } from './run-data';
import type { XMode } from './stream';
import { legendKey } from './ui-state';

export type LineRole = 'band-low' | 'band-high' | 'raw' | 'seed' | 'line' | 'end';

export interface Pt {
  x: number;
  y: number;
  /** Row of the source curve (for the tooltip). */
  i: number;
}

export interface LineSpec {
  id: string;
  role: LineRole;
  runName: string;
  arm: string;
  overlay: boolean;
  /** The seed drawn, or undefined for a mean over several seeds. */
  seed?: number;
  colorIndex: number;
  points: Pt[];
  describe(i: number): RowInfo;
  /** End markers: how the seed ended, e.g. "diverged: NaN in loss at step 412". */
  note?: string;
}

export interface ShownRun {
  run: RunData;
  overlay: boolean;
  /** '' for the current run (so hidden arms survive a change of run), the run key for overlays. */
  legendRunKey: string;
}

export interface LineRequest {
  runs: readonly ShownRun[];
  metric: string;
  xMode: XMode;
  smoothing: number;
  band: BandMode;
  log: boolean;
  hidden: ReadonlySet<string>;
  colorIndex: ReadonlyMap<string, number>;
  /** The zoomed x range, if any. */
  xRange?: { min: number; max: number };
  /** Downsampling buckets (about half the plot width in pixels). */
  buckets: number;
}

const FAILED = new Set(['diverged', 'crashed']);

export class ChartLines {
  private seedCurves = new Map<string, SeedCurve>();
  private meanCurves = new Map<string, MeanCurve>();

  build(req: LineRequest): LineSpec[] {
    const out: LineSpec[] = [];
    const usedSeed = new Map<string, SeedCurve>();
    const usedMean = new Map<string, MeanCurve>();
    for (const shown of req.runs) {
      const { run } = shown;
      for (const arm of run.arms) {
        if (req.hidden.has(legendKey(shown.legendRunKey, arm))) continue;
        const series = run.seeds(arm).map((seed) => run.series(arm, seed, req.metric)).filter((s): s is Series => s !== undefined);
        if (series.length === 0) continue;
        const base = { runName: run.name, arm, overlay: shown.overlay, colorIndex: req.colorIndex.get(arm) ?? 0 };
        const id = `${run.key}\u0000${arm}\u0000${req.metric}`;
        const seedCurve = (s: Series): SeedCurve => {
          const key = `${id}\u0000${s.seed}`;
          const c = this.seedCurves.get(key)?.series.stream === s.stream ? this.seedCurves.get(key)! : new SeedCurve(s);
          usedSeed.set(key, c);
          return c;
        };
        if (series.length === 1) {
          const c = seedCurve(series[0]);
          out.push(...this.seedLines(req, c, { ...base, seed: series[0].seed }, `${id}\u0000${series[0].seed}`, 'line'));
        } else {
          const cached = this.meanCurves.get(id);
          const mean = cached && cached.builtFrom(series) ? cached : new MeanCurve();
          usedMean.set(id, mean);
          mean.update(series);
          out.push(...this.meanLines(req, mean, base, id));
          if (req.band === 'seeds') {
            for (const s of series) out.push(...this.seedLines(req, seedCurve(s), { ...base, seed: s.seed }, `${id}\u0000${s.seed}`, 'seed'));
          }
        }
        for (const s of series) {
          const result = run.summary?.arms.find((a) => a.arm === arm && a.seed === s.seed);
          if (!result || !FAILED.has(result.status)) continue;
          const c = seedCurve(s);
          const end = this.endPoint(req, c);
          const note = result.reason ? `${result.status}: ${result.reason}` : result.status;
          if (end) out.push({ ...base, seed: s.seed, id: `${id}\u0000${s.seed}\u0000end`, role: 'end', points: [end], note, describe: (i) => c.describe(i, 0) });
        }
      }
    }
    this.seedCurves = usedSeed;
    this.meanCurves = usedMean;
    return out;
  }

  private seedLines(req: LineRequest, c: SeedCurve, base: Omit<LineSpec, 'id' | 'role' | 'points' | 'describe'>, id: string, role: 'line' | 'seed'): LineSpec[] {
    const o = thinOptions(req);
    const describe = (i: number): RowInfo => c.describe(i, req.smoothing);
    const lines: LineSpec[] = [];
    if (req.smoothing > 0 && role === 'line') lines.push({ ...base, id: `${id}\u0000raw`, role: 'raw', points: pick(c.thin('raw', o)), describe });
    lines.push({ ...base, id: `${id}\u0000${role}`, role, points: pick(c.thin('line', o)), describe });
    return lines;
  }

  private meanLines(req: LineRequest, c: MeanCurve, base: Omit<LineSpec, 'id' | 'role' | 'points' | 'describe'>, id: string): LineSpec[] {
    const o = thinOptions(req);
    const describe = (i: number): RowInfo => c.describe(i, req.smoothing);
    const lines: LineSpec[] = [];
    if (req.band === 'minmax' || req.band === 'std') {
      const band = c.thin('band', o, req.band);
      lines.push({ ...base, id: `${id}\u0000lo`, role: 'band-low', points: pick(band, 'low'), describe });
      lines.push({ ...base, id: `${id}\u0000hi`, role: 'band-high', points: pick(band, 'high'), describe });
    }
    if (req.smoothing > 0) lines.push({ ...base, id: `${id}\u0000raw`, role: 'raw', points: pick(c.thin('raw', o)), describe });
    lines.push({ ...base, id: `${id}\u0000line`, role: 'line', points: pick(c.thin('line', o)), describe });
    return lines;
  }

  /** The last drawable raw point of a seed, if it is in the visible range. */
  private endPoint(req: LineRequest, c: SeedCurve): Pt | undefined {
    const x = c.x(req.xMode);
    const raw = c.raw();
    const accept = req.log ? positive : finite;
    for (let i = c.length - 1; i >= 0; i--) {
      if (!accept(raw[i])) continue;
      if (req.xRange && (x[i] < req.xRange.min || x[i] > req.xRange.max)) return undefined;
      return { x: x[i], y: raw[i], i };
    }
    return undefined;
  }
}

function thinOptions(req: LineRequest): ThinOptions {
  return { xMode: req.xMode, weight: req.smoothing, log: req.log, target: req.buckets, xRange: req.xRange };
}

function pick(t: Thin, edge: 'low' | 'high' = 'low'): Pt[] {
  const y = edge === 'low' ? t.low : t.high;
  const pts = new Array<Pt>(t.idx.length);
  for (let k = 0; k < t.idx.length; k++) {
    const i = t.idx[k];
    pts[k] = { x: t.x[i], y: y[i], i };
  }
  return pts;
}
