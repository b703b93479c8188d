/** Restricted Mode: runs are refused with an explanation; past runs can still be opened. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { AnalyseOutcome } from '../../src/extension/analysis/run-analyses';
import type { ActiveRun } from '../../src/extension/run/active-run';
import { EXTENSION_ID, lossLab, workspaceFile } from './api';
import { test, waitFor } from './harness';

test('the workspace is untrusted', async () => {
  assert.equal(vscode.workspace.isTrusted, false);
});

test('Run refuses in Restricted Mode and starts nothing', async () => {
  const uri = workspaceFile('tiny.losslab.json');
  await vscode.window.showTextDocument(uri);
  const api = await lossLab();
  const runsDir = workspaceFile('.losslab', 'runs').fsPath;
  const before = existsSync(runsDir) ? readdirSync(runsDir).length : 0;
  assert.equal(await vscode.commands.executeCommand<ActiveRun | undefined>('lossLab.run', uri), undefined);
  assert.equal(await vscode.commands.executeCommand<ActiveRun | undefined>('lossLab.runArm', uri, { name: 'ce', index: 0 }), undefined);
  assert.equal(api.runs.active.length, 0);
  assert.equal(existsSync(runsDir) ? readdirSync(runsDir).length : 0, before, 'no run folder was created');
});

test('the CodeLens explains Restricted Mode instead of offering Run', async () => {
  const uri = workspaceFile('tiny.losslab.json');
  const ls = await waitFor('code lenses', async () => {
    const l = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
    return l.length ? l : undefined;
  });
  const titles = ls.map((l) => l.command?.title ?? '');
  assert.ok(titles.some((t) => /Restricted Mode/.test(t)), titles.join(' | '));
  assert.ok(!titles.some((t) => /Run all|Run this arm/.test(t)), titles.join(' | '));
});

test('a past run still opens in the chart panel', async () => {
  const api = await lossLab();
  const entry = await waitFor('the past run in the history', () => api.history.entries()[0]);
  await vscode.commands.executeCommand('lossLab.openRun', entry.runDir);
  const session = await waitFor('panel', () => api.panels.session(entry.runDir));
  await waitFor('init sent', () => (session.stats.posted.init ?? 0) > 0, 60000);
});

test('Analyse Run… works in Restricted Mode: an arm trained with a user-written loss is analysed without loading it', async () => {
  await lossLab();
  const cli = join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'cli.js');
  const dir = mkdtempSync(join(tmpdir(), 'losslab-untrusted-analyse-'));
  try {
    const config = join(dir, 'mine.losslab.json');
    writeFileSync(join(dir, 'mine.js'), "const tf = require('@tensorflow/tfjs-core');\nmodule.exports = { loss: (p, t) => tf.mean(tf.square(tf.sub(p, t))) };\n");
    writeFileSync(config, JSON.stringify({
      name: 'mine', seed: 1, data: { dataset: 'moons', points: 120, noise: 0.1 }, model: { type: 'mlp', hidden: [6] },
      train: { epochs: 2, batchSize: 32 }, losses: [{ name: 'ce', type: 'ce' }, { name: 'mine', type: 'custom', module: 'mine.js' }],
    }));
    // Trained (trusted) by the CLI; the module is then made to throw if anything loads it.
    const runDir = join(dir, 'run');
    const trained = spawnSync(process.execPath, [cli, 'run', config, '--out', runDir, '--quiet'], { encoding: 'utf8', timeout: 120000 });
    assert.equal(trained.status, 0, trained.stderr);
    writeFileSync(join(dir, 'mine.js'), "throw new Error('user code ran');\n");
    const outcome = await vscode.commands.executeCommand<AnalyseOutcome | undefined>('lossLab.analyse', runDir, { what: 'landscape-1d', arms: ['ce', 'mine'], split: 'val' });
    assert.equal(outcome?.status, 'completed', outcome?.message);
    assert.ok(existsSync(join(runDir, 'landscape', 'landscape-ce-seed-1-val.json')));
    assert.deepEqual(outcome.entries.map((e) => e.result.kind === 'landscape' && e.result.paths.map((p) => `${p.from}→${p.to}`)), [['init→ce', 'init→mine', 'ce→mine']]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 180000);
