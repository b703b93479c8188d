/**
 * Which way a metric improves. Node-free, so the chart webview can use it too (the config resolver
 * re-exports it as `defaultEarlyStoppingMode`).
 */
import { METRIC } from './metrics';

/** Metrics where higher is better; early stopping on them defaults to mode 'max'. */
const HIGHER_IS_BETTER: readonly string[] = [METRIC.valAccuracy, METRIC.valR2];

export function defaultEarlyStoppingMode(metric: string): 'min' | 'max' {
  return HIGHER_IS_BETTER.includes(metric) || /(accuracy|r2)$/.test(metric) ? 'max' : 'min';
}
