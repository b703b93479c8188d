/**
 * A thinned copy of a run's records for a chart page's first draw (a restored panel gets the whole
 * run in one message, megabytes that take seconds to arrive; all of them follow in a `records`
 * message). Min-max (M4) per series: the records of each (arm, seed, kind, metric names) are cut into
 * `buckets` runs of consecutive records, and of each run the first, the last, and those with the
 * lowest and highest value of the series' reference metric are kept, so spikes and ends survive.
 * Records keep their order; `final` records are all kept. vscode-free.
 */
import type { MetricRecord } from '../../shared/metrics';

/**
 * Buckets per series for the first draw: one per 5–8 px of a panel's chart card (the side view's cards
 * are half as wide). Enough for a first look, replaced by every record a moment later; each record
 * fewer shortens the first message, which right after a reload took 2–5 s to arrive.
 */
export const FIRST_DRAW_BUCKETS = { panel: 64, sideView: 32 } as const;

function seriesKey(r: MetricRecord): string {
  const names = Object.keys(r.values).sort().join('\u0001');
  const traces = r.series ? Object.keys(r.series).sort().join('\u0001') : '';
  return `${r.arm}\u0000${r.seed}\u0000${r.kind}\u0000${names}\u0000${traces}`;
}

function referenceMetric(r: MetricRecord): string | undefined {
  return 'loss' in r.values ? 'loss' : Object.keys(r.values).sort()[0];
}

/** Marks the records of one series (indices into the whole list, ascending) to keep. */
function markSeries(records: readonly MetricRecord[], indices: number[], buckets: number, keep: Uint8Array): void {
  const n = indices.length;
  if (n <= 4 * buckets) {
    for (const i of indices) keep[i] = 1;
    return;
  }
  const metric = referenceMetric(records[indices[0]]);
  for (let b = 0; b < buckets; b++) {
    const lo = Math.floor((b * n) / buckets);
    const hi = Math.floor(((b + 1) * n) / buckets);
    if (hi <= lo) continue;
    keep[indices[lo]] = 1;
    keep[indices[hi - 1]] = 1;
    if (metric === undefined) continue;
    let min = -1;
    let max = -1;
    for (let j = lo; j < hi; j++) {
      const v = records[indices[j]].values[metric];
      if (typeof v !== 'number' || !Number.isFinite(v)) continue;
      if (min < 0 || v < records[indices[min]].values[metric]) min = j;
      if (max < 0 || v > records[indices[max]].values[metric]) max = j;
    }
    if (min < 0) continue;
    keep[indices[min]] = 1;
    keep[indices[max]] = 1;
  }
}

/** The records to draw first, or `undefined` when thinning would not make the message smaller. */
export function thinRecords(records: readonly MetricRecord[], buckets: number = FIRST_DRAW_BUCKETS.panel): MetricRecord[] | undefined {
  const groups = new Map<string, number[]>();
  records.forEach((r, i) => {
    if (r.kind === 'final') return;
    const key = seriesKey(r);
    const g = groups.get(key);
    if (g) g.push(i);
    else groups.set(key, [i]);
  });
  const keep = new Uint8Array(records.length);
  records.forEach((r, i) => {
    if (r.kind === 'final') keep[i] = 1;
  });
  for (const indices of groups.values()) markSeries(records, indices, buckets, keep);
  const out = records.filter((_, i) => keep[i] === 1);
  return out.length < records.length / 2 ? out : undefined;
}
