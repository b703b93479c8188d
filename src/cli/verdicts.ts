/** Verdict lines printed after `loss-lab run`'s table and by `loss-lab compare`. */
import type { Comparison } from '../shared/comparisons/types';

export function verdictLines(comparisons: readonly Comparison[]): string {
  if (comparisons.length === 0) return '';
  const methods = [...new Set(comparisons.map((c) => c.ciMethod).filter((m) => m !== undefined))].join(', ');
  const corrected = comparisons.some((c) => c.pHolm !== undefined) ? ', Holm-corrected per metric' : '';
  const paired = comparisons.every((c) => c.paired) ? 'paired by seed' : comparisons.some((c) => c.paired) ? 'paired by seed where possible' : 'unpaired';
  const head = `verdicts (${paired}; ${methods || 'no interval'}${corrected}):`;
  return [head, ...comparisons.map((c) => `  ${c.verdict}`)].join('\n');
}
