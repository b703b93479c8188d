/**
 * `npm run examples:verdicts`: runs the examples that train several seeds and writes the verdicts
 * they print into docs/examples.md (between its example-verdicts markers), so the verdicts the docs
 * quote are the ones a fresh run gives. `--check` runs them and fails when the docs differ instead.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunSummary } from '../src/shared/metrics';
import { verdictLines } from '../src/cli/verdicts';

const ROOT = join(__dirname, '..');
const DOC = join(ROOT, 'docs', 'examples.md');
export const START = '<!-- example-verdicts:start (written by `npm run examples:verdicts`) -->';
export const END = '<!-- example-verdicts:end -->';
export const EXAMPLES = ['lai-smoothness', 'adalfl'];

function verdicts(example: string): string {
  const out = join(mkdtempSync(join(tmpdir(), 'losslab-verdicts-')), 'run');
  const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'run', join(ROOT, 'examples', `${example}.losslab.json`), '--out', out, '--quiet'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${example} exited ${r.status}:\n${r.stderr}`);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary;
  if (!summary.comparisons?.length) throw new Error(`${example}: no comparisons (does it set repeats ≥ 2?)`);
  return `\`examples/${example}.losslab.json\` (${summary.repeats} seeds):\n\n\`\`\`\n${verdictLines(summary.comparisons)}\n\`\`\``;
}

const block = [START, '', ...EXAMPLES.map(verdicts).flatMap((b) => [b, '']), END].join('\n');
const doc = readFileSync(DOC, 'utf8');
const a = doc.indexOf(START);
const b = doc.indexOf(END);
if (a < 0 || b < 0) throw new Error(`${DOC} lacks the example-verdicts markers`);
const next = doc.slice(0, a) + block + doc.slice(b + END.length);
if (process.argv.includes('--check')) {
  if (next !== doc) {
    process.stderr.write('docs/examples.md differs from a fresh run of the examples:\n' + block + '\n');
    process.exit(1);
  }
  process.stdout.write('docs/examples.md matches a fresh run\n');
} else writeFileSync(DOC, next);
