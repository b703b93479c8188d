// Learning-rate schedules at chosen steps, with and without warm-up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ScheduleConfig } from '../../../src/shared/config/types';
import { SCHEDULES, unknownNameMessage } from '../../../src/shared/names';
import { learningRate } from '../../../src/trainer/optim';

const close = (a: number, e: number) => assert.ok(Math.abs(a - e) <= 1e-12 * Math.max(1, Math.abs(e)), `expected ${e}, got ${a}`);
const at = (cfg: ScheduleConfig, steps: number[], total = 100, lr = 0.1) => steps.map((s) => learningRate(cfg, lr, s, total));

test('every schedule name is implemented', () => {
  for (const type of SCHEDULES) {
    const cfg = { type, warmupSteps: 0, stepSize: 1, gamma: 1, minLr: 0.1, endLr: 0.1 } as ScheduleConfig;
    close(learningRate(cfg, 0.1, 3, 10), 0.1);
  }
  assert.throws(() => learningRate({ type: 'exp', warmupSteps: 0 } as unknown as ScheduleConfig, 0.1, 0, 10), {
    message: unknownNameMessage('schedule', 'exp', SCHEDULES),
  });
});

test('constant', () => {
  at({ type: 'constant', warmupSteps: 0 }, [0, 50, 99]).forEach((v) => close(v, 0.1));
});

test('step: lr·γ^floor(s/stepSize)', () => {
  const v = at({ type: 'step', stepSize: 30, gamma: 0.5, warmupSteps: 0 }, [0, 29, 30, 59, 60, 99]);
  [0.1, 0.1, 0.05, 0.05, 0.025, 0.0125].forEach((e, i) => close(v[i], e));
  assert.throws(() => learningRate({ type: 'step', stepSize: 0, gamma: 0.5, warmupSteps: 0 }, 0.1, 5, 10), /stepSize/);
});

test('cosine: minLr + (lr − minLr)(1 + cos(π s/S))/2', () => {
  const v = at({ type: 'cosine', minLr: 0.01, warmupSteps: 0 }, [0, 25, 50, 75, 99, 100, 150]);
  const f = (s: number) => 0.01 + 0.09 * (1 + Math.cos((Math.PI * Math.min(s, 100)) / 100)) / 2;
  [0.1, f(25), 0.055, f(75), f(99), 0.01, 0.01].forEach((e, i) => close(v[i], e));
});

test('linear: lr → endLr', () => {
  const v = at({ type: 'linear', endLr: 0, warmupSteps: 0 }, [0, 50, 99, 100]);
  [0.1, 0.05, 0.001, 0].forEach((e, i) => close(v[i], e));
});

test('warm-up: lr·(s+1)/W for s < W, then the schedule over the remaining steps', () => {
  const W = 10;
  const cosine = at({ type: 'cosine', minLr: 0, warmupSteps: W }, [0, 4, 9, 10, 55, 99], 100);
  [0.01, 0.05, 0.1, 0.1, 0.05, 0.1 * (1 + Math.cos((Math.PI * 89) / 90)) / 2].forEach((e, i) => close(cosine[i], e));
  const step = at({ type: 'step', stepSize: 20, gamma: 0.1, warmupSteps: W }, [0, 9, 10, 29, 30], 100);
  [0.01, 0.1, 0.1, 0.1, 0.01].forEach((e, i) => close(step[i], e));
  const constant = at({ type: 'constant', warmupSteps: 4 }, [0, 1, 2, 3, 4]);
  [0.025, 0.05, 0.075, 0.1, 0.1].forEach((e, i) => close(constant[i], e));
  const linear = at({ type: 'linear', endLr: 0.02, warmupSteps: 20 }, [19, 20, 60], 100);
  [0.1, 0.1, 0.06].forEach((e, i) => close(linear[i], e));
  // warm-up longer than the run: still finite and rising
  const long = at({ type: 'cosine', minLr: 0, warmupSteps: 50 }, [0, 9], 10);
  [0.002, 0.02].forEach((e, i) => close(long[i], e));
});
