import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvCell, metricsToCsv } from '../../../src/extension/commands/metrics-csv';
import type { MetricRecord } from '../../../src/shared/metrics';

test('one row per record, a column per metric in first-seen order', () => {
  const records: MetricRecord[] = [
    { arm: 'ce', seed: 0, step: 10, epoch: 0.5, time: 0.25, kind: 'train', values: { loss: 1.5, gradNorm: 3 } },
    { arm: 'focal γ=2', seed: 1, step: 20, epoch: 1, time: 0.5, kind: 'eval', values: { 'val/accuracy': 0.75, loss: 0.5 }, series: { w: [1, 2] } },
  ];
  assert.equal(
    metricsToCsv(records),
    'arm,seed,kind,step,epoch,time,loss,gradNorm,val/accuracy\n' +
      'ce,0,train,10,0.5,0.25,1.5,3,\n' +
      'focal γ=2,1,eval,20,1,0.5,0.5,,0.75\n',
  );
});

test('quotes, commas, newlines, formulas and non-finite numbers', () => {
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell('two\nlines'), '"two\nlines"');
  assert.equal(csvCell('=cmd()'), "'=cmd()");
  assert.equal(csvCell('-x'), "'-x");
  assert.equal(csvCell(' padded'), '" padded"');
  assert.equal(csvCell(-0.5), '-0.5');
  assert.equal(csvCell(Number.NaN), 'NaN');
  assert.equal(csvCell(Infinity), 'Infinity');
  assert.equal(csvCell(-Infinity), '-Infinity');
  assert.equal(csvCell(undefined), '');
});

test('no records: just the header', () => {
  assert.equal(metricsToCsv([]), 'arm,seed,kind,step,epoch,time\n');
});
