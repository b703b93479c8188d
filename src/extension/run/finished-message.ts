/**
 * The text of the "run completed" notification: the best arm on the main metric and, when the run
 * compared arms over ≥ 2 seeds, its first verdicts in a few words. vscode-free (unit-tested).
 */
import { shortVerdicts } from '../../shared/comparisons/short-verdict';
import type { RunSummary } from '../../shared/metrics';
import { bestPerArm, formatMetricValue, higherIsBetter } from '../history/list-runs';

/** "Best val/accuracy: cross-entropy 0.95." */
export function bestLine(summary: RunSummary): string {
  const arms = bestPerArm(summary.arms).filter((a) => a.value !== undefined);
  if (!arms.length) return '';
  const metric = arms[0].metric;
  const sign = higherIsBetter(metric) ? -1 : 1;
  const best = arms.filter((a) => a.metric === metric).sort((a, b) => sign * ((a.value ?? 0) - (b.value ?? 0)))[0];
  return `Best ${metric}: ${best.arm} ${formatMetricValue(best.value)}.`;
}

/** "On best val accuracy: focal beats ce by +0.8 points (95% CI +0.2 … +1.4); … (+1 more in the charts)." */
export function verdictSentence(summary: RunSummary, max = 2): string {
  const v = shortVerdicts(summary.comparisons, max);
  if (!v) return '';
  const more = v.more ? ` (+${v.more} more in the charts)` : '';
  return `On ${v.title}: ${v.lines.map((l) => l.text).join('; ')}${more}.`;
}

export function completedMessage(summary: RunSummary): string {
  return [`Loss Lab: '${summary.name}' completed.`, bestLine(summary), verdictSentence(summary)].filter(Boolean).join(' ');
}
