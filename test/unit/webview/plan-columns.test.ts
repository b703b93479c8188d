import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RunData } from '../../../webview/model/run-data';
import { readHiddenColumns, shownColumns, SUMMARY_COLUMNS } from '../../../webview/model/summary-columns';
import { readUiState } from '../../../webview/model/ui-state';
import { checkHostMessage } from '../../../webview/model/validate';
import { rec, view } from './helpers';

test('planned steps: the config\'s steps, or its epochs × the steps per epoch the records show', () => {
  assert.equal(new RunData(view([], { plan: { steps: 500 } })).plannedSteps, 500);
  const byEpochs = new RunData(view([], { plan: { epochs: 20 } }));
  assert.equal(byEpochs.plannedSteps, undefined, 'unknown until a record shows the steps per epoch');
  byEpochs.append([rec('ce', 0, 30, 'train', { loss: 1 }, { epoch: 2.5 })]);
  assert.equal(byEpochs.plannedSteps, 240);
  assert.equal(new RunData(view([rec('ce', 0, 30, 'train', { loss: 1 }, { epoch: 2.5 })])).plannedSteps, undefined, 'no plan, no planned steps');
});

test('a run view\'s plan passes validation; a mistyped one refuses the message', () => {
  const ok = checkHostMessage({ type: 'init', run: view([], { plan: { epochs: 20 } }), overlays: [], options: { compact: false } });
  assert.ok(ok.ok && ok.message.type === 'init' && ok.message.run.plan?.epochs === 20);
  assert.equal(checkHostMessage({ type: 'init', run: { ...view([]), plan: { steps: 'many' } }, overlays: [], options: { compact: false } }).ok, false);
});

test('summary columns: hidden ones left out in table order; a saved choice keeps known keys only', () => {
  assert.deepEqual(shownColumns(['steps', 'best']).map((c) => c.key), ['final', 'finalLoss', 'stepsPerSec']);
  assert.equal(shownColumns([]).length, SUMMARY_COLUMNS.length);
  assert.deepEqual(readHiddenColumns(['steps', 'nope', 3, 'steps']), ['steps']);
  assert.deepEqual(readHiddenColumns('steps'), []);
  assert.deepEqual(readUiState({ hiddenColumns: ['stepsPerSec', 'x'] }).hiddenColumns, ['stepsPerSec']);
  assert.deepEqual(readUiState(undefined).hiddenColumns, []);
});
