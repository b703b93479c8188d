import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateWebviewMessage } from '../../../src/shared/protocol/validate-webview-message';

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

test('accepts every well-formed message', () => {
  for (const m of [
    { type: 'ready' },
    { type: 'pickOverlay' },
    { type: 'stop' },
    { type: 'save', format: 'png', suggestedName: 'loss.png', data: PNG },
    { type: 'save', format: 'csv', suggestedName: 'metrics.csv', data: 'a,b\n1,2\n' },
    { type: 'openRun', runDir: '/work/.losslab/runs/20250101-000000-x' },
    { type: 'resume', runDir: '/work/.losslab/runs/20250101-000000-x' },
    { type: 'analyse', runDir: '/work/.losslab/runs/20250101-000000-x' },
    { type: 'removeOverlay', key: '/work/.losslab/runs/20250101-000000-y' },
  ]) {
    const r = validateWebviewMessage(m);
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(r.message, m);
  }
});

test('rejects non-objects and unknown types', () => {
  for (const m of [null, undefined, 42, 'ready', [], [{ type: 'ready' }], {}, { type: 'init' }, { type: 'READY' }, { type: 7 }, { type: '__proto__' }]) {
    assert.equal(validateWebviewMessage(m).ok, false, JSON.stringify(m));
  }
});

test('rejects extra fields', () => {
  const r = validateWebviewMessage({ type: 'stop', runDir: '/x' });
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.error : '', /unexpected field 'runDir'/);
});

test('rejects malformed save payloads', () => {
  const base = { type: 'save', format: 'png', suggestedName: 'a.png', data: PNG };
  const bad = [
    { ...base, format: 'svg' },
    { ...base, suggestedName: '../../etc/passwd' },
    { ...base, suggestedName: 'a/b.png' },
    { ...base, suggestedName: 'C:\\x.png' },
    { ...base, suggestedName: '' },
    { ...base, suggestedName: 'x'.repeat(300) },
    { ...base, suggestedName: 5 },
    { ...base, data: 5 },
    { ...base, data: 'data:image/svg+xml;base64,PHN2Zz4=' },
    { ...base, data: 'data:image/png;base64,<script>' },
    { ...base, format: 'csv', data: undefined },
    { type: 'save', format: 'png', suggestedName: 'a.png' },
  ];
  for (const m of bad) assert.equal(validateWebviewMessage(m).ok, false, JSON.stringify(m).slice(0, 80));
});

test('rejects malformed openRun, resume and analyse', () => {
  for (const type of ['openRun', 'resume', 'analyse']) {
    for (const runDir of ['', 5, null, 'a\u0000b', 'x'.repeat(5000)]) {
      assert.equal(validateWebviewMessage({ type, runDir }).ok, false, `${type} ${String(runDir).slice(0, 20)}`);
    }
    assert.equal(validateWebviewMessage({ type, runDir: '/r', extra: 1 }).ok, false);
    assert.equal(validateWebviewMessage({ type }).ok, false, `${type} without a run folder`);
  }
});

test('rejects malformed removeOverlay', () => {
  for (const m of [{ type: 'removeOverlay' }, { type: 'removeOverlay', key: '' }, { type: 'removeOverlay', key: 3 }, { type: 'removeOverlay', key: '/a', runDir: '/a' }]) {
    assert.equal(validateWebviewMessage(m).ok, false, JSON.stringify(m));
  }
});
