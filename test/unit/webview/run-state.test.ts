import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunSummary } from '../../../src/shared/metrics';
import { formatRunStart } from '../../../src/shared/run-start';
import { isResumable } from '../../../webview/model/run-state';

const base: RunSummary = { name: 'a', configPath: '/ws/a.losslab.json', startedAt: '2026-01-01T00:00:00Z', status: 'stopped', backend: 'cpu', seed: 0, repeats: 1, versions: {}, arms: [] };

test('Resume applies to stopped and failed runs that record their config, nothing else', () => {
  assert.equal(isResumable(base), true);
  assert.equal(isResumable({ ...base, status: 'failed' }), true);
  for (const status of ['completed', 'running', 'diverged'] as const) assert.equal(isResumable({ ...base, status }), false, status);
  assert.equal(isResumable({ ...base, configPath: undefined }), false);
});

test('a run start is shown as local YYYY-MM-DD HH:MM; a missing or bad time as nothing', () => {
  const d = new Date(2026, 11, 5, 9, 7, 30);
  assert.equal(formatRunStart(d.toISOString()), '2026-12-05 09:07');
  assert.equal(formatRunStart(undefined), undefined);
  assert.equal(formatRunStart('not a date'), undefined);
});
