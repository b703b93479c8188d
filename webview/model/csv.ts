/**
 * Metrics as CSV, in the same shape as the host's export: a row per record, fixed columns then one per
 * metric name, empty cells where a record has no such value; vector traces left out. With several runs
 * (overlays shown) a leading `run` column names each row's run.
 */
import type { MetricKind } from '../../src/shared/metrics';
import type { RunData } from './run-data';

const FIXED = ['arm', 'seed', 'kind', 'step', 'epoch', 'time'] as const;
const KIND_ORDER: readonly MetricKind[] = ['eval', 'train', 'probe', 'trace', 'final'];

export function csvCell(v: string | number | undefined): string {
  if (v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : Number.isNaN(v) ? '' : v > 0 ? 'Infinity' : '-Infinity';
  // A leading =, +, - or @ would make a spreadsheet evaluate the cell; a quote prefix keeps it text.
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}

interface Row {
  step: number;
  kind: MetricKind;
  cells: (string | number | undefined)[];
  values: (name: string) => number | undefined;
}

function metricColumns(runs: readonly RunData[]): string[] {
  const names = new Set<string>();
  for (const r of runs) for (const n of r.metricKind.keys()) if (!r.expanded.has(n)) names.add(n);
  for (const r of runs) for (const f of r.finals) for (const n of Object.keys(f.values)) names.add(n);
  return [...names];
}

function rowsOf(run: RunData, arm: string, seed: number): Row[] {
  const rows: Row[] = [];
  for (const [kind, s] of run.streams(arm, seed)) {
    for (let i = 0; i < s.length; i++) {
      rows.push({
        step: s.step.get(i),
        kind,
        cells: [arm, seed, kind, s.step.get(i), s.epoch.get(i), s.time.get(i)],
        values: (name) => s.metrics.get(name)?.get(i),
      });
    }
  }
  for (const f of run.finals) {
    if (f.arm === arm && f.seed === seed) rows.push({ step: f.step, kind: 'final', cells: [arm, seed, 'final', f.step, f.epoch, f.time], values: (n) => f.values[n] });
  }
  return rows.sort((a, b) => a.step - b.step || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
}

function seedsOf(run: RunData, arm: string): number[] {
  return [...new Set([...run.seeds(arm), ...run.finals.filter((f) => f.arm === arm).map((f) => f.seed)])].sort((a, b) => a - b);
}

export function runsToCsv(runs: readonly RunData[]): string {
  const names = metricColumns(runs);
  const withRun = runs.length > 1;
  const lines = [[...(withRun ? ['run'] : []), ...FIXED, ...names].map(csvCell).join(',')];
  for (const run of runs) {
    for (const arm of run.arms) {
      for (const seed of seedsOf(run, arm)) {
        for (const row of rowsOf(run, arm, seed)) {
          const cells = [...(withRun ? [run.name] : []), ...row.cells, ...names.map(row.values)];
          lines.push(cells.map(csvCell).join(','));
        }
      }
    }
  }
  return lines.join('\n') + '\n';
}
