/** The Analysis section's progress line. */
import type { AnalysisProgress } from '../../src/shared/protocol/webview';

/** e.g. "Analysing: landscape of ce (2-D, 41×41) · 300 of 1,681 (18%)"; without a total, the count alone. */
export function progressText(p: AnalysisProgress): string {
  const done = p.done.toLocaleString('en-US');
  const count = p.total ? `${done} of ${p.total.toLocaleString('en-US')} (${Math.floor((100 * Math.min(p.done, p.total)) / p.total)}%)` : `${done} done`;
  return `Analysing: ${p.label} · ${count}`;
}
