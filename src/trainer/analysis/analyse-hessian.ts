/**
 * `loss-lab hessian`: the top eigenvalues, the trace and (optionally) the eigenvalue density of the
 * task loss's Hessian at an arm's final weights, by Hessian-vector products (spectrum.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { HessianRequest, HessianResult } from '../../shared/analysis/types';
import type { Rng } from '../../shared/rng';
import type { AnalysisContext } from './analysis-context';
import { sampleRows, taskLoss } from './analysis-context';
import { flatHessian } from './hessian-operator';
import { hutchinsonTrace, spectralDensity, topEigenvalues, type Between } from './spectrum';

/** Lanczos steps per density run and runs (PyHessian's defaults are 100 steps, 1 run). */
const DENSITY = { runs: 4, steps: 60, gridPoints: 200, sigmaFraction: 0.01 };
const TRACE = { minSamples: 20, maxSamples: 300, tolerance: 0.01 };

export async function analyseHessian(ctx: AnalysisContext, req: HessianRequest, seed: number, rng: Rng, between: Between): Promise<HessianResult> {
  const t0 = performance.now();
  const rows = sampleRows(ctx.split, req.batchSize, rng.fork('rows'));
  const params = ctx.final(req.arm).map((v, i) => tf.tensor(v, ctx.model.specs[i].shape));
  try {
    const f = (p: tf.Tensor[]) => taskLoss(ctx.task, ctx.model.forward(p, rows.x), rows.y);
    const loss = tf.tidy(() => f(params).dataSync()[0]);
    const h = flatHessian(f, params);
    const top = topEigenvalues(h.apply, h.n, req.top, rng.fork('top'), { maxSteps: Math.min(h.n, Math.max(40, 4 * req.top)), tolerance: 1e-3 });
    await between();
    const trace = await hutchinsonTrace(h.apply, h.n, rng.fork('trace'), TRACE, between);
    const density = req.density ? await spectralDensity(h.apply, h.n, rng.fork('density'), { ...DENSITY, steps: Math.min(h.n, DENSITY.steps) }, between) : undefined;
    return {
      kind: 'hessian', arm: req.arm, seed, split: req.split, rows: rows.n, parameters: h.n, loss,
      top: { values: top.values, residuals: top.residuals, converged: top.converged, products: top.products },
      trace: { value: trace.trace, standardError: trace.standardError, samples: trace.samples, products: trace.products },
      ...(density ? { density: { grid: density.grid, density: density.density, sigma: density.sigma, runs: density.runs, products: density.products } } : {}),
      products: h.products(),
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    tf.dispose(params);
    rows.dispose();
  }
}
