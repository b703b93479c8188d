/**
 * Metric records as CSV: one row per record, a column per metric name (in first-seen order), empty
 * cells where a record has no such value. Vector traces (`series`) are left out. vscode-free.
 */
import type { MetricRecord } from '../../shared/metrics';

const FIXED = ['arm', 'seed', 'kind', 'step', 'epoch', 'time'] as const;

export function csvCell(v: string | number | undefined): string {
  if (v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  // A leading =, +, - or @ would make a spreadsheet evaluate the cell; a quote prefix keeps it text.
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function metricsToCsv(records: readonly MetricRecord[]): string {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const r of records) {
    for (const k of Object.keys(r.values)) {
      if (!seen.has(k)) {
        seen.add(k);
        names.push(k);
      }
    }
  }
  const lines = [[...FIXED, ...names].map(csvCell).join(',')];
  for (const r of records) {
    const fixed = [r.arm, r.seed, r.kind, r.step, r.epoch, r.time];
    lines.push([...fixed, ...names.map((n) => r.values[n])].map(csvCell).join(','));
  }
  return lines.join('\n') + '\n';
}
