/** The extension inside a real VS Code (code-server): activation, CodeLens, diagnostics, runs, stop, panel (lifecycle.test.ts: warm re-runs, run-folder locks, shutdown). */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ActiveRun } from '../../src/extension/run/active-run';
import { validateConfigText } from '../../src/shared/config';
import { readMetrics, readSummary } from '../../src/shared/runner/run-folder';
import { EXTENSION_ID, lossLab, runToEnd, workspaceFile } from './api';
import { processGone, test, waitFor } from './harness';

async function open(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(name));
  return vscode.window.showTextDocument(doc, { preview: false });
}

async function lenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  return (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
}

const titles = (ls: vscode.CodeLens[]) => ls.map((l) => l.command?.title ?? '');

test('opening a config activates the extension', async () => {
  await open('tiny.losslab.json');
  await waitFor('activation', () => vscode.extensions.getExtension(EXTENSION_ID)?.isActive);
  const api = await lossLab();
  assert.ok(api.runs, 'test API exposes the run manager');
  const commands = await vscode.commands.getCommands(true);
  for (const c of ['lossLab.run', 'lossLab.runArm', 'lossLab.stop', 'lossLab.openCharts', 'lossLab.openRun', 'lossLab.exportCsv', 'lossLab.validate', 'lossLab.newFromExample', 'lossLab.analyse']) {
    assert.ok(commands.includes(c), `${c} is registered`);
  }
});

test('CodeLens: run all / open charts above the file, one per arm (JSON)', async () => {
  const editor = await open('tiny.losslab.json');
  const doc = editor.document;
  const ls = await waitFor('code lenses', async () => {
    const l = await lenses(doc.uri);
    return l.length >= 4 ? l : undefined;
  });
  const top = ls.filter((l) => l.range.start.line === 0);
  assert.deepEqual(titles(top), ['▶ Run all', 'Open charts']);
  const armLenses = ls.filter((l) => l.command?.command === 'lossLab.runArm');
  const text = doc.getText();
  assert.deepEqual(armLenses.map((l) => l.range.start.line), [doc.positionAt(text.indexOf('{ "name": "ce"')).line, doc.positionAt(text.indexOf('{\n      "name": "mse"')).line]);
  assert.deepEqual(armLenses.map((l) => (l.command?.arguments?.[1] as { name: string }).name), ['ce', 'mse']);
  assert.ok(armLenses.every((l) => l.command?.title === '▶ Run this arm'));
});

test('CodeLens: one per arm (YAML)', async () => {
  const editor = await open('arms.losslab.yaml');
  const ls = await waitFor('yaml code lenses', async () => {
    const l = await lenses(editor.document.uri);
    return l.length >= 4 ? l : undefined;
  });
  const arms = ls.filter((l) => l.command?.command === 'lossLab.runArm');
  assert.deepEqual(arms.map((l) => l.range.start.line), [7, 9]);
  assert.deepEqual(arms.map((l) => (l.command?.arguments?.[1] as { name: string }).name), ['ce', 'huber']);
});

test('no CodeLens on other JSON files', async () => {
  const uri = workspaceFile('other.json');
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('{ "losses": [ { "name": "x" } ] }\n'));
  await vscode.window.showTextDocument(uri);
  await new Promise((r) => setTimeout(r, 500));
  assert.deepEqual(titles(await lenses(uri)), []);
});

test('an invalid config gets exactly the validator\'s problems as diagnostics, at their ranges', async () => {
  const editor = await open('invalid.losslab.json');
  const doc = editor.document;
  const expected = validateConfigText(doc.getText(), doc.uri.fsPath).problems;
  assert.ok(expected.length >= 2, 'the fixture has problems');
  const diags = await waitFor('diagnostics', () => {
    const d = vscode.languages.getDiagnostics(doc.uri).filter((x) => x.source === 'Loss Lab');
    return d.length ? d : undefined;
  });
  assert.deepEqual(diags.map((d) => d.message), expected.map((p) => p.message));
  diags.forEach((d, i) => {
    const p = expected[i];
    assert.equal(doc.offsetAt(d.range.start), p.offset, `start of '${p.message}'`);
    if (p.length > 0) assert.equal(doc.offsetAt(d.range.end), p.offset + p.length, `end of '${p.message}'`);
    assert.equal(d.severity, p.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error);
  });
  const bad = diags.find((d) => /nosuchloss/.test(d.message));
  assert.ok(bad, 'the unknown loss is reported');
  assert.match(doc.getText(bad.range), /nosuchloss/, 'the unknown loss is underlined');
});

test('diagnostics follow edits (debounced) and clear when fixed', async () => {
  const editor = await open('invalid.losslab.json');
  const doc = editor.document;
  const text = doc.getText();
  const fixed = text.replace('"many"', '2').replace('"nosuchloss"', '"mse"');
  await editor.edit((e) => e.replace(new vscode.Range(doc.positionAt(0), doc.positionAt(text.length)), fixed));
  await waitFor('diagnostics to clear', () => vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'Loss Lab').length === 0);
  await vscode.commands.executeCommand('undo');
  await waitFor('diagnostics to return', () => vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'Loss Lab').length > 0);
});

test('Validate Config reports a valid config as valid', async () => {
  const problems = await vscode.commands.executeCommand<unknown[]>('lossLab.validate', workspaceFile('tiny.losslab.json'));
  assert.deepEqual(problems, []);
});

test('New Experiment from Example copies an example next to the existing one', async () => {
  const target = await vscode.commands.executeCommand<vscode.Uri | undefined>('lossLab.newFromExample', 'quickstart.losslab.json');
  assert.ok(target);
  assert.equal(target.path.split('/').pop(), 'quickstart-2.losslab.json', 'an existing file is not overwritten');
  assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), target.toString());
  assert.ok(validateConfigText(readFileSync(target.fsPath, 'utf8'), target.fsPath).config, 'the copy is a valid config');
});

test('Run refuses an invalid config and reveals the first problem', async () => {
  const api = await lossLab();
  const uri = workspaceFile('invalid.losslab.json');
  const run = await vscode.commands.executeCommand<ActiveRun | undefined>('lossLab.run', uri);
  assert.equal(run, undefined);
  assert.equal(api.runs.active.length, 0);
  const editor = vscode.window.activeTextEditor;
  assert.equal(editor?.document.uri.toString(), uri.toString());
  const first = validateConfigText(editor.document.getText(), uri.fsPath).problems.find((p) => p.severity === 'error');
  assert.ok(first);
  assert.equal(editor.document.offsetAt(editor.selection.start), first.offset);
});

test('Run Loss Experiment runs the quickstart end to end; every record reaches the panel', async () => {
  const api = await lossLab();
  await open('quickstart.losslab.json');
  const uri = workspaceFile('quickstart.losslab.json');
  const run = await vscode.commands.executeCommand<ActiveRun | undefined>('lossLab.run', uri);
  assert.ok(run, 'a run started');
  assert.equal(api.runs.forConfig(uri), run);
  // The quickstart can end before a busy extension host answers the CodeLens request: the lenses of a
  // live run are checked on the slow run below.
  const session = await waitFor('the chart panel', () => api.panels.session(run.runDir), 10000);
  const summary = await run.finished;
  assert.equal(summary.status, 'completed', JSON.stringify(summary.arms.map((a) => [a.arm, a.status, a.reason])));
  assert.deepEqual([...new Set(summary.arms.map((a) => a.arm))].sort(), run.config.losses.map((l) => l.name).sort());
  await waitFor('the chart page to say ready', () => session.isReady, 60000);
  await waitFor('the last batch', () => session.stats.recordsDelivered === run.records.length, 5000).catch(() => undefined);
  assert.equal(session.stats.recordsDelivered, run.records.length, `every record reached the page once: ${JSON.stringify(session.stats)}`);
  assert.equal(session.stats.rejected, 0);
  const onDisk = readMetrics(run.runDir);
  assert.ok(onDisk.length > 0 && onDisk.length === run.records.length, `records on disk (${onDisk.length}) = records received (${run.records.length})`);
  assert.equal(readSummary(run.runDir)?.status, 'completed');
  await waitFor('the run to leave the active list', () => api.runs.active.length === 0);
  assert.ok(titles(await lenses(uri)).includes('▶ Run all'), 'CodeLens back to Run all');
}, 300000);

test('a live run streams batched metrics to an open panel (at most ~10 messages a second)', async () => {
  const api = await lossLab();
  const uri = workspaceFile('slow.losslab.json');
  const run = await vscode.commands.executeCommand<ActiveRun | undefined>('lossLab.run', uri);
  assert.ok(run);
  try {
    const session = await waitFor('the chart panel', () => api.panels.session(run.runDir), 10000);
    await waitFor('the chart page to say ready', () => session.isReady, 60000);
    const m0 = session.stats.posted.metrics ?? 0;
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, 3000));
    const messages = (session.stats.posted.metrics ?? 0) - m0;
    const perSecond = messages / ((Date.now() - t0) / 1000);
    assert.ok(run.isLive, 'still running');
    const running = titles(await lenses(uri));
    assert.ok(running.includes('■ Stop'), `CodeLens shows Stop while running: ${running.join(' | ')}`);
    assert.ok(running.some((t) => /^● running \d+%/.test(t)), `CodeLens shows progress: ${running.join(' | ')}`);
    assert.ok(messages >= 3, `live metrics messages in 3 s: ${messages}`);
    assert.ok(perSecond <= 12, `${perSecond.toFixed(1)} messages per second`);
    assert.ok(session.stats.recordsPosted > messages, 'messages carry batches of records');
  } finally {
    run.stop();
    await run.finished;
  }
}, 120000);

test('Run this arm runs one arm only', async () => {
  const api = await lossLab();
  const uri = workspaceFile('tiny.losslab.json');
  const run = await vscode.commands.executeCommand<ActiveRun | undefined>('lossLab.runArm', uri, { name: 'mse', index: 1 });
  assert.ok(run);
  assert.deepEqual(run.arms, ['mse']);
  const summary = await run.finished;
  assert.equal(summary.status, 'completed');
  assert.deepEqual(summary.arms.map((a) => a.arm), ['mse']);
  assert.ok(api.history.entries().some((e) => e.runDir === run.runDir), 'the run is in the history');
}, 120000);

test('Stop ends the trainer processes', async () => {
  const api = await lossLab();
  await open('slow.losslab.json');
  const uri = workspaceFile('slow.losslab.json');
  const run = await vscode.commands.executeCommand<ActiveRun | undefined>('lossLab.run', uri);
  assert.ok(run);
  await waitFor('training to start', () => run.records.length > 0, 60000);
  const pids = run.pids;
  assert.ok(pids.length > 0, 'trainer processes are alive');
  assert.ok(pids.every((p) => !processGone(p)));
  const t0 = Date.now();
  await vscode.commands.executeCommand('lossLab.stop', uri);
  const summary = await run.finished;
  assert.ok(Date.now() - t0 < 10000, 'stopped within 10 s');
  assert.equal(summary.status, 'stopped');
  assert.deepEqual(summary.arms.filter((a) => a.status === 'crashed').map((a) => `${a.arm}: ${a.reason}`), [], 'a stopped job is not reported as crashed');
  for (const pid of pids) assert.ok(processGone(pid), `trainer ${pid} is gone`);
  assert.equal(api.runs.active.length, 0);
  assert.ok(readMetrics(run.runDir).length > 0, 'metrics received before the stop stay on disk');
}, 120000);

test('a crashing trainer: the run fails with the error, recorded in summary.json and sent to the panel', async () => {
  const api = await lossLab();
  const uri = workspaceFile('crash.losslab.json');
  const run = await vscode.commands.executeCommand<ActiveRun | undefined>('lossLab.run', uri);
  assert.ok(run);
  const session = await waitFor('the chart panel', () => api.panels.session(run.runDir), 10000);
  const summary = await run.finished;
  assert.equal(summary.status, 'failed');
  assert.equal(summary.arms[0]?.status, 'crashed');
  assert.match(summary.arms[0]?.reason ?? '', /tensorflow|tfjs-node/i, 'the reason names the cause');
  assert.equal(readSummary(run.runDir)?.arms[0]?.status, 'crashed');
  await waitFor('the page to be ready', () => session.isReady, 60000);
  assert.ok((session.stats.posted.init ?? 0) >= 1);
}, 120000);

test('Export Metrics (CSV) writes the run as a table', async () => {
  const api = await lossLab();
  const entry = api.history.entries().find((e) => e.status === 'completed');
  assert.ok(entry, 'a completed run exists');
  const target = workspaceFile('export.csv');
  await vscode.commands.executeCommand('lossLab.exportCsv', entry.runDir, target);
  const csv = readFileSync(target.fsPath, 'utf8').split('\n');
  assert.match(csv[0], /^arm,seed,kind,step,epoch,time,/);
  assert.equal(csv.length - 2, readMetrics(entry.runDir).length);
});

test('Open Run shows a past run in the chart panel', async () => {
  const api = await lossLab();
  const entry = api.history.entries()[0];
  await vscode.commands.executeCommand('lossLab.openRun', entry.runDir);
  const session = await waitFor('panel', () => api.panels.session(entry.runDir));
  await waitFor('init', () => (session.stats.posted.init ?? 0) > 0, 60000);
  assert.ok(existsSync(join(entry.runDir, 'summary.json')));
});

test('a new run of a config takes over the panel of its finished run; a past run opened on purpose keeps its own', async () => {
  const api = await lossLab();
  const runTiny = () => runToEnd(api, workspaceFile('tiny.losslab.json'));
  const first = await runTiny();
  const session = await waitFor('the chart panel', () => api.panels.session(first.runDir), 10000);
  const panels = api.panels.openRunDirs.length;
  const second = await runTiny();
  assert.equal(api.panels.session(second.runDir), session, 'the second run is shown in the first run\'s panel');
  assert.equal(api.panels.session(first.runDir), undefined);
  assert.equal(api.panels.openRunDirs.length, panels, 'no new tab');
  await waitFor('the page to show the second run', () => session.isReady && session.currentRunDir === second.runDir && session.stats.recordsDelivered === second.records.length, 60000);

  await vscode.commands.executeCommand('lossLab.openRun', first.runDir);
  const pinned = await waitFor('the first run\'s own panel', () => api.panels.session(first.runDir));
  const third = await runTiny();
  assert.equal(api.panels.session(third.runDir), session, 'the third run takes over the panel that followed the runs');
  assert.equal(api.panels.session(first.runDir), pinned, 'the past run opened from the history keeps its panel');
}, 180000);
