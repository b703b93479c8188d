/** The plain-text summary of an analysis (hessian, landscape) printed by the CLI. */
import type { AnalysisResult, HessianResult, LandscapeResult } from '../../shared/analysis/types';

const num = (x: number): string => (Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(3) : x.toPrecision(4).replace(/\.?0+$/, ''));

function hessianText(h: HessianResult): string[] {
  return [
    `Hessian of the task loss at '${h.arm}' (seed ${h.seed}), ${h.split} split (${h.rows} rows), ${h.parameters} parameters; loss ${num(h.loss)}`,
    `  top eigenvalues: ${h.top.values.map(num).join(', ')}${h.top.converged ? '' : ' (not converged: residuals ' + h.top.residuals.map(num).join(', ') + ')'}`,
    `  trace: ${num(h.trace.value)} ± ${num(h.trace.standardError)} (Hutchinson, ${h.trace.samples} samples)`,
    ...(h.density ? [`  density: ${h.density.runs.length} runs of stochastic Lanczos quadrature, on ${h.density.grid.length} points (σ ${num(h.density.sigma)})`] : []),
    `  ${h.products} Hessian-vector products, ${h.seconds.toFixed(1)} s`,
  ];
}

function landscapeText(l: LandscapeResult): string[] {
  const flat = l.slice.loss.flat();
  const centre = l.slice.loss[(l.slice.loss.length - 1) >> 1][(l.slice.x.length - 1) >> 1];
  const along = l.directions.kind === 'arms' ? `towards ${l.directions.towards!.map((a) => `'${a}'`).join(' and ')}` : `${l.slice.y ? 'two' : 'one'} filter-normalised random direction${l.slice.y ? 's' : ''}`;
  const size = l.slice.y ? `${l.slice.x.length} × ${l.slice.y.length}` : `${l.slice.x.length}-point`;
  const width = Math.max(...l.paths.map((p) => `${p.from} → ${p.to}`.length));
  return [
    `${size} slice of the ${l.lossName} (${l.split} split) around '${l.center}' (seed ${l.seed}) along ${along}, ±${l.slice.x.at(-1)}:`,
    `  centre ${num(centre)}, lowest ${num(Math.min(...flat))}, highest ${num(Math.max(...flat))}`,
    `Straight paths (barrier: the highest ${l.lossName} above the line between the path's ends):`,
    ...l.paths.map((p) => `  ${`${p.from} → ${p.to}`.padEnd(width)}  ends ${num(p.loss[0])} → ${num(p.loss.at(-1)!)}  barrier ${num(p.barrier.height)} at t = ${p.barrier.at.toFixed(2)}`),
    `  ${l.evaluations} evaluations, ${l.seconds.toFixed(1)} s`,
  ];
}

export function formatAnalysis(r: AnalysisResult, file: string): string {
  return [...(r.kind === 'hessian' ? hessianText(r) : landscapeText(r)), `written to ${file}`].join('\n');
}
