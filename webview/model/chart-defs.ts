/**
 * Which charts the panel shows and which metric each can draw. A chart's candidates are the metrics
 * present in the records that it can show (the first is its default); a chart with none is hidden,
 * except the core ones, which show an empty placeholder until their metric arrives.
 */
import { GRAD_NORM_LAYER_PREFIX, METRIC } from '../../src/shared/metrics';
import type { CurveKind } from './run-data';

export type ChartId = 'train' | 'val' | 'main' | 'grad' | 'smooth' | 'sharp' | 'trace' | 'other' | 'shape';

export interface ChartDef {
  id: ChartId;
  /** Shown before any candidate exists. */
  title: string;
  core: boolean;
  inCompact: boolean;
  logByDefault: boolean;
  /** Latest vectors against their index, instead of scalars over training. */
  snapshot?: boolean;
}

export const CHARTS: readonly ChartDef[] = [
  { id: 'train', title: 'Training loss', core: true, inCompact: true, logByDefault: false },
  { id: 'val', title: 'Validation loss', core: true, inCompact: false, logByDefault: false },
  { id: 'main', title: 'Validation accuracy / R²', core: true, inCompact: true, logByDefault: false },
  { id: 'grad', title: 'Gradient norm', core: true, inCompact: false, logByDefault: true },
  { id: 'smooth', title: 'Smoothness', core: false, inCompact: false, logByDefault: false },
  { id: 'sharp', title: 'Sharpness', core: false, inCompact: false, logByDefault: true },
  { id: 'trace', title: 'Method traces', core: false, inCompact: false, logByDefault: false },
  { id: 'shape', title: 'Loss shape', core: false, inCompact: false, logByDefault: false, snapshot: true },
  { id: 'other', title: 'Other metrics', core: false, inCompact: false, logByDefault: false },
];

const FIXED: Partial<Record<ChartId, readonly string[]>> = {
  train: [METRIC.loss, METRIC.lr],
  val: [METRIC.valLoss, METRIC.valCe],
  main: [METRIC.valAccuracy, METRIC.valR2, METRIC.valRmse],
  smooth: ['smoothness/mean', 'smoothness/max'],
  sharp: ['sharpness'],
};

/** Not charted: throughput is in the table. */
const NOT_CHARTED = new Set<string>([METRIC.stepsPerSec]);

export const LOSS_SHAPE_X = 'lossShape/x';

/** Candidates of every chart: metric names (snapshot charts: vector trace names). */
export function chartCandidates(metrics: ReadonlyMap<string, CurveKind>, vectors: ReadonlySet<string>): Map<ChartId, string[]> {
  const out = new Map<ChartId, string[]>();
  const claimed = new Set<string>();
  const take = (id: ChartId, names: readonly string[]): void => {
    out.set(id, [...names]);
    names.forEach((n) => claimed.add(n));
  };
  for (const [id, names] of Object.entries(FIXED) as [ChartId, readonly string[]][]) take(id, names.filter((n) => metrics.has(n)));
  const present = [...metrics.keys()].filter((n) => !NOT_CHARTED.has(n));
  const perFeature = present.filter((n) => n.startsWith('smoothness/') && !claimed.has(n)).sort(byName);
  take('smooth', [...out.get('smooth')!, ...perFeature]);
  const layers = present.filter((n) => n.startsWith(GRAD_NORM_LAYER_PREFIX)).sort();
  take('grad', [...(metrics.has(METRIC.gradNorm) ? [METRIC.gradNorm] : []), ...layers]);
  take('trace', present.filter((n) => metrics.get(n) === 'trace' && !claimed.has(n)).sort(byName));
  take('other', present.filter((n) => !claimed.has(n)).sort(byName));
  // Loss shapes first (label 1, then 0): a learned loss is what this chart is most often for.
  const rank = (n: string): number => (n === 'lossShape/y1' ? 0 : n === 'lossShape/y0' ? 1 : n.startsWith('lossShape/') ? 2 : 3);
  out.set('shape', [...vectors].filter((n) => n !== LOSS_SHAPE_X).sort((a, b) => rank(a) - rank(b) || byName(a, b)));
  return out;
}

/** Names sort by text, and a vector's components by index (w[2] before w[10]). */
function byName(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

const LABELS: Record<string, string> = {
  [METRIC.loss]: 'Training loss',
  [METRIC.lr]: 'Learning rate',
  [METRIC.gradNorm]: 'Gradient norm',
  [METRIC.valLoss]: 'Validation loss',
  [METRIC.valCe]: 'Validation cross-entropy',
  [METRIC.valAccuracy]: 'Validation accuracy',
  [METRIC.valR2]: 'Validation R²',
  [METRIC.valRmse]: 'Validation RMSE',
  'smoothness/mean': 'Smoothness (mean ‖∇ₓf‖)',
  'smoothness/max': 'Smoothness (max ‖∇ₓf‖)',
  sharpness: 'Sharpness (top Hessian eigenvalue)',
  classWeights: 'Class weights (latest)',
  'lossShape/y1': 'Loss shape, label 1 (latest)',
  'lossShape/y0': 'Loss shape, label 0 (latest)',
};

/** Labels of vector traces charted one component at a time. */
const COMPONENT_LABELS: Record<string, string> = { classWeights: 'Class weight' };

/** Human label of a metric (selector entries and chart titles). */
export function metricLabel(name: string): string {
  if (LABELS[name]) return LABELS[name];
  const component = /^(.*)\[(\d+)\]$/.exec(name);
  if (component) return `${(COMPONENT_LABELS[component[1]] ?? component[1])} [${component[2]}]`;
  if (name.startsWith(GRAD_NORM_LAYER_PREFIX)) return `Gradient norm: ${name.slice(GRAD_NORM_LAYER_PREFIX.length)}`;
  return name;
}

/** The metric judged when ranking arms: higher is better for accuracy and R², lower for everything else. */
export function higherIsBetter(metric: string): boolean {
  return /(^|\/)(accuracy|r2|acc)$/.test(metric);
}
