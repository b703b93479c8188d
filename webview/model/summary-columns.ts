/** The summary table's number columns, which the user can hide (saved in the UI state); Arm and Status always show. */
import type { Stat, SummaryRow } from './summary-rows';

export type ColumnKey = 'best' | 'final' | 'finalLoss' | 'stepsPerSec' | 'steps';

export interface SummaryColumn {
  key: ColumnKey;
  /** The header, given the main metric's short label ("val. accuracy"). */
  label(metric: string): string;
  /** Significant digits of the mean. */
  digits: number;
  value(row: SummaryRow): Stat | number | undefined;
}

export const SUMMARY_COLUMNS: readonly SummaryColumn[] = [
  { key: 'best', label: (m) => `Best ${m}`, digits: 4, value: (r) => r.best },
  { key: 'final', label: (m) => `Final ${m}`, digits: 4, value: (r) => r.final },
  { key: 'finalLoss', label: () => 'Final train loss', digits: 4, value: (r) => r.finalLoss },
  { key: 'stepsPerSec', label: () => 'Steps/s', digits: 3, value: (r) => r.stepsPerSec },
  { key: 'steps', label: () => 'Steps', digits: 0, value: (r) => r.steps },
];

const KEYS = new Set<string>(SUMMARY_COLUMNS.map((c) => c.key));

/** The columns to show, in table order, given the hidden keys (unknown keys from an older state ignored). */
export function shownColumns(hidden: readonly string[]): SummaryColumn[] {
  return SUMMARY_COLUMNS.filter((c) => !hidden.includes(c.key));
}

/** Hidden column keys read back from a saved state: known keys only, each once. */
export function readHiddenColumns(x: unknown): ColumnKey[] {
  return Array.isArray(x) ? [...new Set(x.filter((k): k is ColumnKey => typeof k === 'string' && KEYS.has(k)))] : [];
}
