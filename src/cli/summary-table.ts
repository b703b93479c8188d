/** The per-arm comparison table printed at the end of `loss-lab run`. */
import type { ArmResult, RunSummary } from '../shared/metrics';
import { formatDuration, formatNumber, formatSpread, renderTable } from './format';

function statusOf(results: ArmResult[]): string {
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  if (counts.size === 1 && results.length === 1) return results[0].status;
  return [...counts].map(([s, n]) => `${n} ${s}`).join(', ');
}

export function summaryTable(summary: RunSummary, armOrder: string[]): string {
  const main = summary.arms.find((a) => a.mainMetric !== 'val/loss')?.mainMetric ?? 'val/loss';
  const header = ['arm', 'status', `best ${main}`, `final ${main}`, 'final train loss', 'time', 'steps/s'];
  const rows = [header];
  const notes: string[] = [];
  for (const arm of armOrder) {
    const rs = summary.arms.filter((a) => a.arm === arm);
    if (rs.length === 0) continue;
    rows.push([
      arm,
      statusOf(rs),
      formatSpread(rs.map((r) => r.best[main])),
      formatSpread(rs.map((r) => r.final[main])),
      formatSpread(rs.map((r) => r.final.loss)),
      formatDuration(Math.max(...rs.map((r) => r.wallTimeSec))),
      formatNumber(rs.reduce((a, r) => a + r.stepsPerSec, 0) / rs.length),
    ]);
    for (const r of rs) {
      if (r.status !== 'completed' || r.reason) notes.push(`  ${arm} (seed ${r.seed}): ${r.status}${r.reason ? ` — ${r.reason.split('\n')[0]}` : ''}`);
    }
  }
  return [renderTable(rows), ...(notes.length ? ['', ...notes] : [])].join('\n');
}
