/**
 * `npm run examples:tables`: the docs' hand-shaped example tables (marked
 * `<!-- example-generated: <name> -->` in docs/*.md) are rendered from fresh runs of their example,
 * so the numbers cannot drift. `--check` re-runs and fails when a table differs instead of writing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExperimentConfig } from '../src/shared/config/types';
import type { RunSummary } from '../src/shared/metrics';
import { readGenerations } from '../src/shared/runner/evolution-folder';
import { readTrialRows } from '../src/shared/runner/sweep-folder';

const ROOT = join(__dirname, '..');
const MARK = /<!-- example-generated: ([\w-]+) -->\n\n((?:\|.*\n)+)/g;

const fixed3 = (v: number | undefined): string => (v === undefined ? '–' : v.toFixed(3));
const sig3 = (v: number | undefined): string => (v === undefined ? '–' : v.toPrecision(3));
const lambdaLabel = (v: number): string => String(Number(v.toPrecision(2)));

/** Each table: the example it runs and how its run folder becomes the table. */
const TABLES: Record<string, { example: string; render(runDir: string): string }> = {
  'bloop-lipschitz': {
    example: 'bloop-lipschitz',
    render: (runDir) => {
      const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')) as RunSummary;
      const config = JSON.parse(readFileSync(join(runDir, 'config.resolved.json'), 'utf8')) as ExperimentConfig;
      const rows = config.losses.map((l) => summary.arms.find((a) => a.arm === l.name)).map((a) => `| ${a?.arm} | ${fixed3(a?.final['val/loss'])} | ${sig3(a?.final['bloop/aux'])} |`);
      return ['| arm | val/loss | bloop/aux |', '|---|---|---|', ...rows].join('\n');
    },
  },
  'taylorglo-evolve': {
    example: 'taylorglo-evolve',
    render: (runDir) => {
      const gens = readGenerations(runDir);
      const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')) as RunSummary;
      const rows = gens.map((g) => `| ${g.generation} | ${g.evaluated} | ${g.pruned} | ${fixed3(g.best)} | ${fixed3(g.median)} | ${fixed3(g.bestSoFar)} |`);
      const retrained = summary.arms.map((a) => `${a.arm} ${fixed3(a.final['val/accuracy'])}`).join(', ');
      return ['| generation | trained | pruned | best | median | best so far |', '|---|---|---|---|---|---|', ...rows, `| retrained (final val/accuracy) | ${retrained} | | | | |`].join('\n');
    },
  },
  'bloop-pareto': {
    example: 'bloop-pareto',
    render: (runDir) => {
      const trials = readTrialRows(runDir);
      const modes = ['sum', 'pcgrad', 'bloop'];
      const lambdas = [...new Set(trials.map((t) => Number(t.params.lambda)))].sort((a, b) => a - b);
      const cell = (mode: string, l: number) => {
        const t = trials.find((r) => r.baseArm === mode && Number(r.params.lambda) === l);
        return t ? `${fixed3(t.final['val/ce'])}, ${sig3(t.final['bloop/aux'])}` : '–';
      };
      const rows = lambdas.map((l) => `| ${lambdaLabel(l)} | ${modes.map((m) => cell(m, l)).join(' | ')} |`);
      return [`| λ | ${modes.map((m) => `${m}: val/ce, aux`).join(' | ')} |`, `|---|${modes.map(() => '---|').join('')}`, ...rows].join('\n');
    },
  },
};

function runExample(example: string): string {
  const out = join(mkdtempSync(join(tmpdir(), 'losslab-tables-')), 'run');
  const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'run', join(ROOT, 'examples', `${example}.losslab.json`), '--out', out, '--quiet'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${example} exited ${r.status}:\n${r.stderr}`);
  return out;
}

const check = process.argv.includes('--check');
let differs = 0;
const docs = join(ROOT, 'docs');
for (const file of readdirSync(docs).filter((f) => f.endsWith('.md')).map((f) => join(docs, f))) {
  const text = readFileSync(file, 'utf8');
  let next = text;
  for (const m of [...text.matchAll(MARK)]) {
    const spec = TABLES[m[1]];
    if (!spec) throw new Error(`${file}: no generator for '${m[1]}'`);
    const table = spec.render(runExample(spec.example)) + '\n';
    const same = table === m[2];
    process.stdout.write(`${m[1]}: ${same ? 'matches' : check ? 'DIFFERS from' : 'rewrote'} ${file}\n${same ? '' : table}`);
    if (!same) differs++;
    next = next.replace(m[0], `<!-- example-generated: ${m[1]} -->\n\n${table}`);
  }
  if (!check && next !== text) writeFileSync(file, next);
}
process.exit(check && differs ? 1 : 0);
