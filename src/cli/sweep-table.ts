/** The table printed after a sweep: one row per trial (mean over seeds), sorted by the objective, best first. */
import { readTrialRows } from '../shared/runner/sweep-folder';
import type { SweepConfig } from '../shared/config/types';
import type { TrialRow } from '../shared/sweep/types';
import { formatNumber, formatSpread, renderTable } from './format';

interface TrialGroup {
  name: string;
  rows: TrialRow[];
  mean?: number;
}

function mean(values: (number | undefined)[]): number | undefined {
  const v = values.filter((x): x is number => x !== undefined && Number.isFinite(x));
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : undefined;
}

export function sweepTable(runDir: string, sweep: SweepConfig, rows: TrialRow[] = readTrialRows(runDir)): string {
  const groups = new Map<string, TrialGroup>();
  for (const r of rows) {
    const g = groups.get(r.trialId) ?? { name: r.arm, rows: [] };
    g.rows.push(r);
    groups.set(r.trialId, g);
  }
  const sign = sweep.objective.mode === 'max' ? -1 : 1;
  const sorted = [...groups.values()].map((g) => ({ ...g, mean: mean(g.rows.map((r) => r.objective)) }));
  sorted.sort((a, b) => (a.mean === undefined ? 1 : b.mean === undefined ? -1 : sign * (a.mean - b.mean)));
  const extra = (sweep.pareto ?? []).filter((m) => m !== sweep.objective.metric);
  const header = ['#', 'trial', 'seeds', `${sweep.objective.metric} (${sweep.objective.mode})`, ...extra, 'status'];
  const table = [header];
  sorted.forEach((g, i) => {
    const failed = g.rows.filter((r) => r.status !== 'completed');
    table.push([
      String(i + 1),
      g.name,
      String(g.rows.length),
      formatSpread(g.rows.map((r) => r.objective).filter((v): v is number => v !== undefined)),
      ...extra.map((m) => formatNumber(mean(g.rows.map((r) => r.final[m])))),
      failed.length ? `${failed.length} ${[...new Set(failed.map((r) => r.status))].join('/')}` : 'completed',
    ]);
  });
  if (sorted.length === 0) return '(no trial finished)';
  return renderTable(table);
}
