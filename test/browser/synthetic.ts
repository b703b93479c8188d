/**
 * Synthetic runs for the browser harness: a classification experiment with a few arms and seeds whose
 * curves look like training (decaying noisy loss, rising accuracy, gradient norms per layer, warm-up
 * and cosine learning rate, evaluations, probes, a method trace), generated deterministically.
 */
import { compareArms } from '../../src/shared/comparisons/compare-arms';
import type { ArmResult, MetricRecord, RunSummary } from '../../src/shared/metrics';
import type { RunView } from '../../src/shared/protocol/webview';

export interface SyntheticOptions {
  arms: string[];
  seeds: number;
  steps: number;
  evalEvery: number;
  probeEvery: number;
  traceEvery: number;
  /** (arm, seed) that diverges at this step, if any. */
  diverge?: { arm: string; seed: number; step: number };
}

export const CLASSIFICATION: SyntheticOptions = {
  arms: ['cross-entropy', 'focal γ=2', 'label smoothing 0.1'],
  seeds: 2,
  steps: 3000,
  evalEvery: 50,
  probeEvery: 250,
  traceEvery: 100,
  diverge: { arm: 'label smoothing 0.1', seed: 1, step: 2210 },
};

function noise(arm: number, seed: number, step: number, salt: number): number {
  let t = (arm * 374761393 + seed * 668265263 + step * 2246822519 + salt * 3266489917) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
}

const STEPS_PER_EPOCH = 120;
const SEC_PER_STEP = [0.011, 0.013, 0.012];

/** The records of one (arm, seed) for steps in [from, to). */
export function armRecords(o: SyntheticOptions, a: number, seed: number, from: number, to: number): MetricRecord[] {
  const arm = o.arms[a];
  const out: MetricRecord[] = [];
  const rate = 1 + a * 0.35 + seed * 0.08;
  const floor = [0.08, 0.05, 0.11][a % 3];
  const div = o.diverge && o.diverge.arm === arm && o.diverge.seed === seed ? o.diverge.step : Infinity;
  for (let step = Math.max(1, from); step < to && step <= div; step++) {
    const epoch = step / STEPS_PER_EPOCH;
    const time = step * SEC_PER_STEP[a % 3] * (1 + seed * 0.05);
    const tag = { arm, seed, step, epoch, time };
    const decay = Math.exp((-step * rate) / 700);
    const blowup = step > div - 80 ? Math.exp((step - (div - 80)) / 12) : 1;
    const loss = (floor + 1.9 * decay) * (1 + 0.35 * noise(a, seed, step, 1)) * blowup;
    const grad = (0.6 + 3.5 * decay) * (1 + 0.5 * noise(a, seed, step, 2)) * blowup;
    const warm = Math.min(1, step / 200);
    const lr = 0.003 * warm * (0.5 + 0.5 * Math.cos((Math.PI * step) / Math.max(o.steps, 1)));
    const values: Record<string, number> = {
      loss: step === div ? NaN : loss,
      gradNorm: grad,
      'gradNorm/dense0': grad * 0.21,
      'gradNorm/dense1': grad * 0.55,
      'gradNorm/out': grad * 0.78,
      lr,
    };
    if (step === div) delete values.loss;
    out.push({ ...tag, kind: 'train', values });
    if (step % o.evalEvery === 0 && step < div) {
      const vloss = (floor * 1.6 + 1.7 * decay) * (1 + 0.06 * noise(a, seed, step, 3)) + step / 40000;
      const acc = Math.min(0.995, 0.34 + (0.6 - floor) * (1 - decay) + 0.015 * noise(a, seed, step, 4));
      out.push({ ...tag, kind: 'eval', values: { 'val/loss': vloss, 'val/ce': vloss * (a === 1 ? 1.3 : 1), 'val/accuracy': acc, stepsPerSec: 1 / SEC_PER_STEP[a % 3] } });
    }
    if (o.probeEvery > 0 && step % o.probeEvery === 0 && step < div) {
      const sm = (1.5 + 4 * (1 - decay)) * (1 + 0.1 * noise(a, seed, step, 5)) * (1 - a * 0.15);
      out.push({ ...tag, kind: 'probe', values: { 'smoothness/mean': sm, 'smoothness/max': sm * 2.4, sharpness: (8 + 60 * (1 - decay)) * (1 + a * 0.3) } });
    }
    if (o.traceEvery > 0 && a === 1 && step % o.traceEvery === 0 && step < div) {
      const phase = (step % 1000) / 1000;
      const w = [1 + 4 * Math.max(0, 1 - Math.abs(phase * 2 - 1)), 1, 1];
      const s = w.reduce((x, y) => x + y, 0) / 3;
      const grid = Array.from({ length: 21 }, (_, i) => i / 20);
      out.push({
        ...tag,
        kind: 'trace',
        values: {},
        series: { classWeights: w.map((x) => x / s), 'lossShape/y1': grid.map((p) => -Math.log(Math.max(p, 0.02)) * (1 - p) ** (2 * (1 - decay))), 'lossShape/y0': grid.map((p) => -Math.log(Math.max(1 - p, 0.02)) * p ** 2) },
      });
    }
  }
  return out;
}

/** Records of every (arm, seed) for steps in [from, to), interleaved as a live run streams them. */
export function batch(o: SyntheticOptions, from: number, to: number): MetricRecord[] {
  const out: MetricRecord[] = [];
  for (let seed = 0; seed < o.seeds; seed++) for (let a = 0; a < o.arms.length; a++) out.push(...armRecords(o, a, seed, from, to));
  return out;
}

export function summaryOf(o: SyntheticOptions, done: boolean): RunSummary {
  const arms: ArmResult[] = [];
  for (let a = 0; a < o.arms.length; a++) {
    for (let seed = 0; seed < o.seeds; seed++) {
      const diverged = o.diverge?.arm === o.arms[a] && o.diverge.seed === seed;
      if (!done && !diverged) continue;
      const recs = armRecords(o, a, seed, 1, o.steps + 1).filter((r) => r.kind === 'eval');
      const accs = recs.map((r) => r.values['val/accuracy']);
      const last = recs[recs.length - 1]?.values ?? {};
      const steps = diverged ? o.diverge!.step : o.steps;
      arms.push({
        arm: o.arms[a],
        seed,
        status: diverged ? 'diverged' : 'completed',
        reason: diverged ? `loss became NaN at step ${steps} (gradient norm exploded)` : undefined,
        steps,
        epochs: steps / STEPS_PER_EPOCH,
        wallTimeSec: steps * SEC_PER_STEP[a % 3],
        stepsPerSec: 1 / SEC_PER_STEP[a % 3],
        mainMetric: 'val/accuracy',
        best: { 'val/accuracy': Math.max(...accs) },
        final: { 'val/accuracy': last['val/accuracy'], 'val/loss': last['val/loss'] },
      });
    }
  }
  const summary: RunSummary = { name: 'spirals-3class', startedAt: '2026-01-01T00:00:00Z', status: done ? 'completed' : 'running', backend: 'wasm', seed: 0, repeats: o.seeds, versions: {}, arms };
  // As the runner does when a run ends: the paired verdicts of the Verdict section.
  if (done) summary.comparisons = compareArms({ losses: o.arms.map((name) => ({ name, type: 'ce' })) }, summary);
  return summary;
}

export function runView(o: SyntheticOptions, upTo: number, live: boolean, key = '/ws/.losslab/runs/20260101-000000-spirals-3class'): RunView {
  return { key, name: 'spirals-3class', runDir: key, arms: o.arms, repeats: o.seeds, live, records: batch(o, 0, upTo), summary: summaryOf(o, !live), plan: { steps: o.steps } };
}
