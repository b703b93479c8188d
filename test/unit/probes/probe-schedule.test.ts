/** The default probe schedule: about 1% of training time per probe, at least MIN_PROBES per job, on evaluation steps, the same for every arm. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MetricRecord } from '../../../src/shared/metrics';
import { runJobs } from '../../../src/trainer/run-jobs';
import { defaultProbeEvery, MIN_PROBES, PROBE_BUDGET, probeCostSteps } from '../../../src/trainer/probes/schedule';
import { resolveConfig, tinyConfigObject } from '../../helpers/config';

test('the interval keeps the estimated probe time near the budget, with at least MIN_PROBES probes, on evaluation steps', () => {
  for (const evalEvery of [1, 7, 10, 64]) {
    for (const totalSteps of [5, 40, 300, 1350, 10_000, 200_000]) {
      for (const cost of [0.5, 1, 2.5, 40]) {
        const every = defaultProbeEvery(cost, { evalEvery, totalSteps, batchRows: 32 });
        assert.equal(every % evalEvery, 0, 'on evaluation steps');
        const probes = Math.floor(totalSteps / every) + 1;
        const spent = probes * cost;
        // Either within the budget (one extra probe at step 0), or the run is too short and keeps MIN_PROBES (or every evaluation).
        const enough = probes >= MIN_PROBES || every === evalEvery;
        assert.ok(enough, `${evalEvery}/${totalSteps}/${cost}: ${probes} probes`);
        if (every > evalEvery && probes > MIN_PROBES + 1) assert.ok(spent <= PROBE_BUDGET * totalSteps + cost, `${evalEvery}/${totalSteps}/${cost}: ${spent} steps of probes`);
      }
    }
  }
  // The example of the issue: a probe of ~1 step runs about once per 100 steps on a long run.
  assert.equal(defaultProbeEvery(1, { evalEvery: 10, totalSteps: 100_000, batchRows: 64 }), 100);
  assert.equal(probeCostSteps('smoothness', 256, 64), 4);
  assert.equal(probeCostSteps('smoothness', 20, 64), 1);
  assert.equal(probeCostSteps('sharpness', 256, 256, 20), 40);
});

test('a run with the default smoothness probes at the scheduled evaluations only; paired arms at the same steps; explicit every unchanged', async () => {
  const train = { epochs: 60, batchSize: 32, optimizer: { type: 'adam', lr: 0.01 } };
  const losses = [{ name: 'ce', type: 'ce' }, { name: 'mse', type: 'mse' }];
  const steps = async (metrics: Record<string, unknown>) => {
    const config = resolveConfig(tinyConfigObject({ train, losses, metrics }));
    const records: MetricRecord[] = [];
    await runJobs(config, losses.map((l) => ({ arm: l.name, seed: 0 })), { backend: 'cpu', onMetrics: (r) => records.push(...r) });
    const at = (arm: string, kind: MetricRecord['kind']) => records.filter((r) => r.arm === arm && r.kind === kind && (kind !== 'probe' || 'smoothness/mean' in r.values)).map((r) => r.step);
    return { probe: at('ce', 'probe'), probeMse: at('mse', 'probe'), evals: at('ce', 'eval') };
  };
  const byDefault = await steps({ gradNorm: 'off' });
  const total = byDefault.evals.at(-1)!;
  const evalEvery = byDefault.evals[1];
  const every = defaultProbeEvery(1, { evalEvery, totalSteps: total, batchRows: 32 });
  assert.ok(every > evalEvery, `the tiny run is long enough to thin out probes (every ${every}, evaluations every ${evalEvery})`);
  const expected = [...byDefault.evals.filter((s) => s % every === 0), ...(total % every ? [total] : [])];
  assert.deepEqual(byDefault.probe, expected);
  assert.ok(byDefault.probe.length >= MIN_PROBES);
  assert.deepEqual(byDefault.probeMse, byDefault.probe);
  const explicit = await steps({ gradNorm: 'off', smoothness: { every: evalEvery } });
  assert.deepEqual(explicit.probe, byDefault.evals);
});
