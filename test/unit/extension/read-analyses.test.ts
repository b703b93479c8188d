/** Reading a run folder's landscape/*.json for the panel: results oldest first; corrupt and foreign files skipped and said. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { readAnalyses } from '../../../src/extension/panel/read-analyses';
import { runViewFromDisk } from '../../../src/extension/panel/run-view';
import { analysisResultProblem } from '../../../src/shared/analysis/result-shape';
import type { HessianResult, LandscapeResult } from '../../../src/shared/analysis/types';

const root = mkdtempSync(join(tmpdir(), 'losslab-analyses-'));
after(() => rmSync(root, { recursive: true, force: true }));

const landscape: LandscapeResult = {
  kind: 'landscape', seed: 3, split: 'val', metricName: 'accuracy', lossName: 'cross-entropy', center: 'ce', directions: { kind: 'random' },
  slice: { x: [-1, 0, 1], y: [-1, 0, 1], loss: [[1, 2, 3], [4, 5, 6], [7, 8, 9]], metric: [[0.5, 0.5, 0.5], [0.5, 0.9, 0.5], [0.5, 0.5, 0.5]] },
  paths: [{ from: 'init', to: 'ce', t: [0, 0.5, 1], loss: [2, 1, 0.5], metric: [0.5, 0.7, 0.9], barrier: { height: 0, at: 0 } }],
  evaluations: 12, seconds: 0.1,
};
const hessian: HessianResult = {
  kind: 'hessian', arm: 'ce', seed: 3, split: 'train', rows: 100, parameters: 42, loss: 0.3,
  top: { values: [5, 2], residuals: [1e-6, 1e-5], converged: true, products: 30 },
  trace: { value: 9, standardError: 0.1, samples: 20, products: 20 },
  density: { grid: [0, 1, 2], density: [0.1, 0.5, 0.1], sigma: 0.1, runs: [{ nodes: [1], weights: [1] }], products: 60 },
  products: 110, seconds: 0.5,
};

function runFolder(name: string, files: Record<string, string>, mtimes: Record<string, number> = {}): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'landscape'), { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    const path = join(dir, 'landscape', file);
    writeFileSync(path, text);
    if (mtimes[file] !== undefined) utimesSync(path, mtimes[file], mtimes[file]);
  }
  return dir;
}

test('results oldest first by modification time, whatever their names', () => {
  const dir = runFolder('a', { 'z-landscape.json': JSON.stringify(landscape), 'a-hessian.json': JSON.stringify(hessian) }, { 'z-landscape.json': 1_000_000, 'a-hessian.json': 2_000_000 });
  const entries = readAnalyses(dir);
  assert.deepEqual(entries.map((e) => e.file), ['landscape/z-landscape.json', 'landscape/a-hessian.json']);
  assert.deepEqual(entries[0].result, landscape);
  assert.deepEqual(entries[1].result, hessian);
  utimesSync(join(dir, 'landscape', 'z-landscape.json'), 3_000_000, 3_000_000);
  assert.deepEqual(readAnalyses(dir).map((e) => e.file), ['landscape/a-hessian.json', 'landscape/z-landscape.json']);
});

test('corrupt, foreign and malformed files are skipped, each with one line naming the file', () => {
  const { paths: _paths, ...noPaths } = landscape;
  const dir = runFolder('b', {
    'good.json': JSON.stringify(landscape),
    'torn.json': JSON.stringify(hessian).slice(0, 40),
    'foreign.json': JSON.stringify({ name: 'not ours', values: [1, 2] }),
    'array.json': '[1, 2, 3]',
    'no-paths.json': JSON.stringify(noPaths),
    'bad-top.json': JSON.stringify({ ...hessian, top: { values: 'many' } }),
    'notes.txt': 'not json at all',
  });
  mkdirSync(join(dir, 'landscape', 'folder.json'));
  const lines: string[] = [];
  const entries = readAnalyses(dir, (l) => lines.push(l));
  assert.deepEqual(entries.map((e) => e.file), ['landscape/good.json']);
  const said = (file: string) => lines.find((l) => l.includes(join(dir, 'landscape', file)));
  assert.match(said('torn.json') ?? '', /^skipped .*torn\.json: .*JSON/);
  assert.match(said('foreign.json') ?? '', /not an analysis result/);
  assert.match(said('array.json') ?? '', /not a JSON object/);
  assert.match(said('no-paths.json') ?? '', /a landscape result with malformed paths/);
  assert.match(said('bad-top.json') ?? '', /a hessian result with no top eigenvalues/);
  assert.ok(said('folder.json'), 'a folder named .json is skipped');
  assert.equal(lines.length, 6, lines.join('\n'));
  assert.ok(!lines.some((l) => l.includes('notes.txt')), 'other files are not looked at');
});

test('a run folder without landscape/ has no analyses; the run view carries them', () => {
  const empty = join(root, 'c');
  mkdirSync(empty);
  assert.deepEqual(readAnalyses(empty), []);
  const dir = runFolder('d', { 'h.json': JSON.stringify(hessian) });
  writeFileSync(join(dir, 'summary.json'), JSON.stringify({ name: 'd', status: 'completed', backend: 'cpu', seed: 3, repeats: 1, versions: {}, arms: [] }));
  assert.deepEqual(runViewFromDisk(dir).analyses, [{ file: 'landscape/h.json', result: hessian }]);
});

test('the shape check accepts both kinds and names what is wrong', () => {
  assert.equal(analysisResultProblem(landscape), undefined);
  assert.equal(analysisResultProblem({ ...landscape, slice: { ...landscape.slice, y: undefined } }), undefined, 'a 1-D slice');
  assert.equal(analysisResultProblem({ ...hessian, density: undefined }), undefined, 'no density');
  assert.match(analysisResultProblem({ ...landscape, seed: '3' }) ?? '', /without seed or split/);
  assert.match(analysisResultProblem({ ...landscape, slice: { ...landscape.slice, loss: [1, 2] } }) ?? '', /malformed slice/);
  assert.match(analysisResultProblem({ ...hessian, density: { grid: [1] } }) ?? '', /malformed density/);
  assert.match(analysisResultProblem({ ...hessian, kind: 'pca' }) ?? '', /not an analysis result/);
});
