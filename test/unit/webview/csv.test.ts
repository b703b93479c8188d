import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvCell, runsToCsv } from '../../../webview/model/csv';
import { RunData } from '../../../webview/model/run-data';
import { rec, view } from './helpers';

test('CSV cells: quotes, commas, newlines and spreadsheet formulas are escaped', () => {
  assert.equal(csvCell('plain'), 'plain');
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell('two\nlines'), '"two\nlines"');
  assert.equal(csvCell('=SUM(A1)'), "'=SUM(A1)");
  assert.equal(csvCell('-cmd'), "'-cmd");
  assert.equal(csvCell(' padded'), '" padded"');
  assert.equal(csvCell(-0.5), '-0.5');
  assert.equal(csvCell(NaN), '');
  assert.equal(csvCell(undefined), '');
});

test('CSV: a row per record, metric columns in first-seen order, empty where absent, finals last', () => {
  const run = new RunData(
    view([
      rec('focal, γ=2', 0, 0, 'eval', { 'val/loss': 1.5 }),
      rec('focal, γ=2', 0, 1, 'train', { loss: 2, gradNorm: 3 }),
      rec('focal, γ=2', 0, 2, 'train', { loss: 1 }),
      rec('focal, γ=2', 0, 2, 'final', { 'test/accuracy': 0.9 }),
      rec('focal, γ=2', 0, 2, 'trace', {}, { series: { w: [1, 2] } }),
    ]),
  );
  const lines = runsToCsv([run]).trimEnd().split('\n');
  assert.equal(lines[0], 'arm,seed,kind,step,epoch,time,val/loss,loss,gradNorm,test/accuracy');
  assert.equal(lines[1], '"focal, γ=2",0,eval,0,0,0,1.5,,,');
  assert.equal(lines[2], '"focal, γ=2",0,train,1,0.1,0.5,,2,3,');
  assert.equal(lines[3], '"focal, γ=2",0,train,2,0.2,1,,1,,');
  assert.equal(lines[4], '"focal, γ=2",0,trace,2,0.2,1,,,,');
  assert.equal(lines[5], '"focal, γ=2",0,final,2,0.2,1,,,,0.9');
  assert.equal(lines.length, 6);
});

test('CSV with overlays names each row\'s run', () => {
  const a = new RunData(view([rec('ce', 0, 1, 'train', { loss: 1 })], { name: 'today' }));
  const b = new RunData(view([rec('ce', 0, 1, 'train', { loss: 2 })], { key: '/runs/b', name: 'yesterday, old' }));
  const lines = runsToCsv([a, b]).trimEnd().split('\n');
  assert.equal(lines[0], 'run,arm,seed,kind,step,epoch,time,loss');
  assert.equal(lines[1], 'today,ce,0,train,1,0.1,0.5,1');
  assert.equal(lines[2], '"yesterday, old",ce,0,train,1,0.1,0.5,2');
});
