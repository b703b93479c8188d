/**
 * The docs' example result tables (README.md and docs/*.md) come from fresh runs: each fenced table after an
 * `<!-- example-table: <config> -->` marker is the summary table `loss-lab run <config>` prints.
 * `npm run examples:check` re-runs every marked example with the built CLI (dist/cli.js) and fails
 * when a table's results differ (time and steps/s are not compared); `--write` puts the fresh tables
 * in the docs instead. A unit test covers the parsing and the comparison.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { loadConfigFile } from '../src/shared/config';
import type { RunSummary } from '../src/shared/metrics';
import { summaryTable } from '../src/cli/summary-table';

export interface ExampleBlock {
  config: string;
  /** Offsets of the table text inside the README (between the fences). */
  start: number;
  end: number;
  table: string;
}

const BLOCK = /<!-- example-table: (\S+) -->\n(?:[^\n]*\n)*?```\n([\s\S]*?)\n```/g;
/** Columns not compared: wall time and steps/s vary from run to run. */
const TIMING_COLUMNS = 2;

export function exampleBlocks(readme: string): ExampleBlock[] {
  return [...readme.matchAll(BLOCK)].map((m) => {
    const end = m.index + m[0].length - '\n```'.length;
    return { config: m[1], start: end - m[2].length, end, table: m[2] };
  });
}

/**
 * The compared cells of a table: one row per line (the rule line skipped), columns split at two or
 * more spaces, without the timing columns; an indented note line (why an arm did not complete) is one cell.
 */
export function resultCells(table: string): string[][] {
  return table
    .split('\n')
    .filter((l) => l.trim() !== '' && !/^[─\s]+$/.test(l))
    .map((l) => (l.startsWith('  ') ? [l.trim()] : l.trim().split(/\s{2,}/).slice(0, -TIMING_COLUMNS)));
}

/** One line per differing row; empty when the results agree. */
export function tableDiff(readme: string, fresh: string): string[] {
  const a = resultCells(readme);
  const b = resultCells(fresh);
  const out: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = (a[i] ?? []).join(' | ');
    const y = (b[i] ?? []).join(' | ');
    if (x !== y) out.push(`  README: ${x || '(no row)'}\n  fresh:  ${y || '(no row)'}`);
  }
  return out;
}

/** The summary table of a fresh run of `config`, as the README shows it (no rule line). */
function freshTable(root: string, config: string): string {
  const path = join(root, config);
  const loaded = loadConfigFile(path);
  if (!loaded.config) throw new Error(`${config}: ${loaded.problems.map((p) => p.message).join('; ')}`);
  const out = join(mkdtempSync(join(tmpdir(), 'losslab-example-')), 'run');
  try {
    const r = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'run', path, '--out', out, '--quiet'], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`${config}: loss-lab run exited with ${r.status}`);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary;
    const table = summaryTable(summary, loaded.config.losses.map((l) => l.name));
    return table.split('\n').filter((l) => !/^[─\s]+$/.test(l)).join('\n');
  } finally {
    rmSync(join(out, '..'), { recursive: true, force: true });
  }
}

/** README.md and docs/*.md: where example tables may stand. */
export function documentsWithTables(root: string): string[] {
  const docs = join(root, 'docs');
  return [join(root, 'README.md'), ...readdirSync(docs).filter((f) => f.endsWith('.md')).sort().map((f) => join(docs, f))];
}

function main(): number {
  const root = join(__dirname, '..');
  if (!existsSync(join(root, 'dist', 'cli.js'))) {
    process.stderr.write('dist/cli.js is missing: run `node esbuild.mjs` first\n');
    return 2;
  }
  const write = process.argv.includes('--write');
  const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  let failed = 0;
  for (const docPath of documentsWithTables(root)) {
    let doc = readFileSync(docPath, 'utf8');
    // Back to front, so replacing a table keeps the earlier offsets valid.
    for (const block of exampleBlocks(doc).reverse()) {
      if (only.length > 0 && !only.includes(block.config)) continue;
      const fresh = freshTable(root, block.config);
      const diff = tableDiff(block.table, fresh);
      const name = relative(root, docPath);
      process.stdout.write(`${block.config}: ${diff.length === 0 ? `matches ${name}` : write ? `${name} updated` : `differs from ${name}`}\n${diff.join('\n')}${diff.length ? '\n' : ''}`);
      if (write) doc = doc.slice(0, block.start) + fresh + doc.slice(block.end);
      else if (diff.length > 0) failed++;
    }
    if (write) writeFileSync(docPath, doc);
  }
  return failed > 0 ? 1 : 0;
}

if (require.main === module) process.exitCode = main();
