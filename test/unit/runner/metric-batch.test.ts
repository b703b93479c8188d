/** The trainer's record encoding (the metrics.jsonl format itself) and the per-job header hosts read instead of the records. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batchFromLines, BatchEncoder, JobMarks, parseBatch } from '../../../src/shared/metric-batch';
import type { MetricRecord } from '../../../src/shared/metrics';

const rec = (over: Partial<MetricRecord>): MetricRecord => ({ arm: 'ce', seed: 0, step: 1, epoch: 0.25, time: 0.5, kind: 'train', values: { loss: 1 }, ...over });

/** Awkward numbers and names: what the text must spell exactly as JSON.stringify does. */
const AWKWARD: MetricRecord[] = [
  rec({ values: { loss: NaN, gradNorm: Infinity, 'gradNorm/dense0': -Infinity, lr: -0 } }),
  rec({ step: 2, epoch: 1 / 3, time: 1e-7, values: { loss: 1.5e300, tiny: 5e-324, big: 2 ** 60, neg: -123.456e-20 } }),
  rec({ arm: 'focal γ="2"\\\n\u0001', seed: 7, kind: 'eval', values: { 'val/loss': 0.1 + 0.2 } }),
  rec({ kind: 'trace', values: {}, series: { classWeights: [1, NaN, -0, 3e-9] } }),
  rec({ kind: 'final', values: { '0': 1, b: 2, '10': 3 } }),
];

test('encoded text is JSON.stringify of each record, one per line (NaN and ±Infinity as null, -0 as 0, exponents, escapes, key order)', () => {
  const enc = new BatchEncoder();
  AWKWARD.forEach((r) => enc.add(r));
  const batch = enc.take()!;
  // The reference: what the host wrote before (JSON.stringify per record, '\n' after each).
  assert.equal(batch.text, AWKWARD.map((r) => JSON.stringify(r) + '\n').join(''));
  assert.equal(batch.count, AWKWARD.length);
  assert.match(batch.text, /"loss":null,"gradNorm":null,"gradNorm\/dense0":null,"lr":0\}/);
  assert.match(batch.text, /"loss":1\.5e\+300,"tiny":5e-324,"big":1152921504606847000,"neg":-1\.23456e-18/);
  assert.match(batch.text, /"values":\{"0":1,"10":3,"b":2\}/);
  assert.equal(enc.take(), undefined, 'nothing left after a take');
});

test('parseBatch gives back the records (as a JSON round trip does) and skips a torn line', () => {
  const text = AWKWARD.map((r) => JSON.stringify(r)).join('\n') + '\n';
  assert.deepEqual(parseBatch(text), JSON.parse(`[${AWKWARD.map((r) => JSON.stringify(r)).join(',')}]`));
  assert.deepEqual(parseBatch(`${JSON.stringify(AWKWARD[0])}\n{"arm":"ce","se\n\n`), [JSON.parse(JSON.stringify(AWKWARD[0]))]);
});

test('header: per job the highest step, latest time and train loss, and the longest gap across batches', () => {
  const enc = new BatchEncoder();
  enc.add(rec({ step: 0, time: 0.1, kind: 'eval', values: { 'val/loss': 2 } }));
  enc.add(rec({ step: 1, time: 0.2, values: { loss: 1.5 } }));
  enc.add(rec({ arm: 'mse', step: 1, time: 0.3, values: { loss: 9 } }));
  enc.add(rec({ step: 2, time: 0.9, values: { loss: 1.2 } }));
  enc.add(rec({ step: 2, time: 1.0, kind: 'eval', values: { 'val/loss': 1 } }));
  const first = enc.take()!;
  const ce = first.jobs.find((j) => j.arm === 'ce')!;
  assert.deepEqual({ ...ce, maxGapSec: Number(ce.maxGapSec.toFixed(9)) }, { arm: 'ce', seed: 0, step: 2, epoch: 0.25, time: 1.0, loss: 1.2, maxGapSec: 0.7 });
  assert.equal(first.jobs.find((j) => j.arm === 'mse')!.maxGapSec, 0);
  // The gap from the last record of the previous batch counts.
  enc.add(rec({ step: 3, time: 3.5, values: { loss: 1 } }));
  const second = enc.take()!;
  assert.equal(second.jobs.length, 1);
  assert.equal(second.jobs[0].maxGapSec, 2.5);
  assert.equal(second.jobs[0].loss, 1);
});

test('batchFromLines: complete lines pass through unchanged, a torn one is dropped, the header matches the encoder\'s', () => {
  const records = [rec({ step: 0, time: 0 }), rec({ step: 1, time: 0.4, values: { loss: 0.7 } }), rec({ seed: 1, step: 5, time: 2 })];
  const lines = records.map((r) => JSON.stringify(r));
  const batch = batchFromLines([lines[0], '{"arm":"ce","st', lines[1], lines[2]], new JobMarks())!;
  assert.equal(batch.text, lines.join('\n') + '\n');
  assert.equal(batch.count, 3);
  const enc = new BatchEncoder();
  records.forEach((r) => enc.add(r));
  assert.deepEqual(batch.jobs, enc.take()!.jobs);
  assert.equal(batchFromLines(['garbage'], new JobMarks()), undefined);
});
