/**
 * Drawable curves with their smoothed copies and downsampling indexes, kept up to date incrementally:
 * one seed's series (`SeedCurve`), or the mean and spread of several seeds (`MeanCurve`, see
 * aggregate.ts). Unzoomed, a redraw after an append costs about the new points; zoomed, the visible
 * range is downsampled afresh.
 */
import { aggregateSeeds, lastFiniteStep, recomputeAfter, type AggregateRow, type SeedSeries } from './aggregate';
import { ChangeLog } from './change-log';
import { Column } from './column';
import { downsample, finite, positive, visibleRange } from './downsample';
import { EmaCache } from './ema';
import type { Series } from './run-data';
import { lowerBound, upperBound, type XMode } from './stream';
import { Thinned } from './thinned';

export type BandMode = 'minmax' | 'std' | 'seeds' | 'none';

/** What a tooltip shows about one row of a curve. */
export interface RowInfo {
  step: number;
  epoch: number;
  time: number;
  value: number;
  smoothed?: number;
  /** Snapshot points: their x (a prediction or an index); step, epoch and time are NaN. */
  index?: number;
  /** Mean curves: how many seeds the row averages, their spread, and each seed's own value at that step. */
  seeds?: { n: number; min: number; max: number; std: number; values: { seed: number; value: number }[] };
}

export interface ThinOptions {
  xMode: XMode;
  weight: number;
  log: boolean;
  /** Downsampling buckets for the plot width (solid lines; the faint raw line and bands use two thirds). */
  target: number;
  /** The zoomed x range (downsampled afresh), if any. */
  xRange?: { min: number; max: number };
}

/** Rows to draw: x, the line's y (or a band's low and high edges), and the chosen row indices. */
export interface Thin {
  x: ArrayLike<number>;
  low: ArrayLike<number>;
  high: ArrayLike<number>;
  idx: number[];
}

function thinRows(t: Thinned, o: ThinOptions, key: string, x: ArrayLike<number>, low: ArrayLike<number>, high: ArrayLike<number>, n: number, from: number, faint = false): number[] {
  const target = faint ? Math.ceil((o.target * 2) / 3) : o.target;
  if (!o.xRange) return t.indices(`${o.xMode}|${target}|${o.log}|${key}`, target, x, low, high, n, from, o.log);
  // Half a view beyond each side (at the same density), so a pan shows lines before the redraw catches up.
  const pad = (o.xRange.max - o.xRange.min) / 2;
  const [start, end] = visibleRange(x, n, o.xRange.min - pad, o.xRange.max + pad);
  return downsample(x, low, high, start, end, target * 2, o.log ? positive : finite);
}

export function seriesColumns(s: Series): SeedSeries {
  const col = s.stream.metrics.get(s.metric);
  return {
    step: s.stream.step.values,
    epoch: s.stream.epoch.values,
    time: s.stream.time.values,
    value: col ? col.values : new Float64Array(0),
    length: s.stream.length,
  };
}

export class SeedCurve {
  private readonly ema = new EmaCache();
  private emaRewrites = -1;
  private readonly thinned = { raw: new Thinned(), line: new Thinned() };

  constructor(readonly series: Series) {}

  get length(): number {
    return this.series.stream.length;
  }

  x(mode: XMode): Float64Array {
    return this.series.stream.x(mode).values;
  }

  raw(): Float64Array {
    return this.series.stream.metrics.get(this.series.metric)?.values ?? new Float64Array(0);
  }

  smoothed(weight: number): Float64Array {
    if (weight <= 0) return this.raw();
    const from = this.emaRewrites === this.series.stream.rewrites ? this.ema.length : 0;
    this.emaRewrites = this.series.stream.rewrites;
    return this.ema.sync(this.raw(), weight, from);
  }

  /** The raw curve (`raw`) or the one drawn solid (`line`: smoothed when smoothing), downsampled. */
  thin(role: 'raw' | 'line', o: ThinOptions): Thin {
    const x = this.x(o.xMode);
    const y = role === 'raw' ? this.raw() : this.smoothed(o.weight);
    const t = this.thinned[role];
    const rewrites = this.series.stream.rewrites;
    const from = t.seen === rewrites ? t.processed : 0;
    t.seen = rewrites;
    return { x, low: y, high: y, idx: thinRows(t, o, role === 'raw' ? 'raw' : `line ${o.weight}`, x, y, y, this.length, from, role === 'raw') };
  }

  describe(i: number, weight: number): RowInfo {
    const s = this.series.stream;
    const info: RowInfo = { step: s.step.get(i), epoch: s.epoch.get(i), time: s.time.get(i), value: this.raw()[i] };
    if (weight > 0) info.smoothed = this.smoothed(weight)[i];
    return info;
  }
}

type Field = 'mean' | 'min' | 'max' | 'std';
const FIELDS: readonly Field[] = ['mean', 'min', 'max', 'std'];

export class MeanCurve {
  private readonly cols: Record<Field | 'step' | 'epoch' | 'time' | 'n', Column> = {
    step: new Column(), epoch: new Column(), time: new Column(), n: new Column(),
    mean: new Column(), min: new Column(), max: new Column(), std: new Column(),
  };
  private readonly log = new ChangeLog();
  private readonly emas: Record<Field, { cache: EmaCache; seen: number }> = {
    mean: { cache: new EmaCache(), seen: 0 }, min: { cache: new EmaCache(), seen: 0 },
    max: { cache: new EmaCache(), seen: 0 }, std: { cache: new EmaCache(), seen: 0 },
  };
  private readonly stdBand = { lo: new Column(), hi: new Column(), seen: 0, weight: NaN };
  private readonly thinned = { band: new Thinned(), raw: new Thinned(), line: new Thinned() };
  private seen: { length: number; rewrites: number; lastStep: number }[] = [];
  private series: Series[] = [];

  /** Whether these are the series the rows were built from (a new `init` brings new ones). */
  builtFrom(series: readonly Series[]): boolean {
    return series.length === this.series.length && series.every((s, k) => s.stream === this.series[k].stream);
  }

  /** Brings the rows up to date with the seeds' series (in seed order). */
  update(series: Series[]): void {
    this.series = series;
    const cols = series.map(seriesColumns);
    const rewrites = series.map((s) => s.stream.rewrites);
    const after = recomputeAfter(cols, rewrites, this.seen);
    if (after === Infinity) return;
    const keep = after === -Infinity ? 0 : upperBound(this.cols.step.values, after);
    for (const c of Object.values(this.cols)) c.truncate(keep);
    for (const r of aggregateSeeds(cols, after)) this.push(r);
    this.log.record(keep);
    this.seen = cols.map((c, k) => ({ length: c.length, rewrites: rewrites[k], lastStep: lastFiniteStep(c) }));
  }

  get length(): number {
    return this.cols.step.length;
  }

  x(mode: XMode): Float64Array {
    return this.cols[mode].values;
  }

  raw(field: Field = 'mean'): Float64Array {
    return this.cols[field].values;
  }

  /** A field smoothed with the same EMA as single-seed lines (weight 0: the raw field). */
  smoothed(field: Field, weight: number): Float64Array {
    if (weight <= 0) return this.raw(field);
    const e = this.emas[field];
    const from = this.log.since(e.seen);
    e.seen = this.log.version;
    return e.cache.sync(this.raw(field), weight, from);
  }

  /** The band's lower and upper edges: min and max, or mean ± 1 std (both smoothed with the line). */
  band(mode: 'minmax' | 'std', weight: number): [ArrayLike<number>, ArrayLike<number>] {
    if (mode === 'minmax') return [this.smoothed('min', weight), this.smoothed('max', weight)];
    const m = this.smoothed('mean', weight);
    const s = this.smoothed('std', weight);
    const b = this.stdBand;
    const from = b.weight === weight ? Math.min(this.log.since(b.seen), b.lo.length) : 0;
    b.seen = this.log.version;
    b.weight = weight;
    b.lo.truncate(from);
    b.hi.truncate(from);
    for (let i = from; i < m.length; i++) {
      b.lo.push(m[i] - s[i]);
      b.hi.push(m[i] + s[i]);
    }
    return [b.lo.values, b.hi.values];
  }

  /** The band, the raw mean, or the mean drawn solid (smoothed when smoothing), downsampled. */
  thin(role: 'band' | 'raw' | 'line', o: ThinOptions, band: 'minmax' | 'std' = 'minmax'): Thin {
    const x = this.x(o.xMode);
    const [low, high] = role === 'band' ? this.band(band, o.weight) : role === 'raw' ? [this.raw(), this.raw()] : [this.smoothed('mean', o.weight), this.smoothed('mean', o.weight)];
    const t = this.thinned[role];
    const from = this.log.since(t.seen);
    t.seen = this.log.version;
    const key = role === 'raw' ? 'raw' : `${role} ${band} ${o.weight}`;
    return { x, low, high, idx: thinRows(t, o, key, x, low, high, this.length, from, role !== 'line') };
  }

  describe(i: number, weight: number): RowInfo {
    const step = this.cols.step.get(i);
    const values: { seed: number; value: number }[] = [];
    for (const s of this.series) {
      const c = seriesColumns(s);
      const j = lowerBound(c.step, step, 0, c.length);
      if (j < c.length && c.step[j] === step && Number.isFinite(c.value[j])) values.push({ seed: s.seed, value: c.value[j] });
    }
    const info: RowInfo = {
      step,
      epoch: this.cols.epoch.get(i),
      time: this.cols.time.get(i),
      value: this.cols.mean.get(i),
      seeds: { n: this.cols.n.get(i), min: this.cols.min.get(i), max: this.cols.max.get(i), std: this.cols.std.get(i), values },
    };
    if (weight > 0) info.smoothed = this.smoothed('mean', weight)[i];
    return info;
  }

  private push(r: AggregateRow): void {
    for (const f of FIELDS) this.cols[f].push(r[f]);
    this.cols.step.push(r.step);
    this.cols.epoch.push(r.epoch);
    this.cols.time.push(r.time);
    this.cols.n.push(r.n);
  }
}
