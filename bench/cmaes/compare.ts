/**
 * `npm run bench:cmaes`: cross-checks our CMA-ES (src/shared/evolve/cmaes.ts) against the reference
 * `cmaes` library from Debian's python3-cmaes (issue #7): evaluations to reach f ≤ 1e-8 on the 8-D
 * sphere, ellipsoid (condition 1e6) and Rosenbrock, same x0, σ0 and default population, many seeds.
 * Installs python3-cmaes with apt-get when /usr/bin/python3 cannot import it (sudo when not root),
 * prints the table and writes bench/cmaes/RESULTS.md. Independent of `npm run bench`.
 *
 * Usage: node --import tsx bench/cmaes/compare.ts [--seeds 20] [--no-install] [--no-write]
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { arch, cpus, platform } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  APT_PACKAGE,
  DEFAULT_FUNCTIONS,
  PY_MODULE,
  PYTHON,
  referenceVersion,
  runOurs,
  runReference,
  summary,
  type CrossCheckSpec,
  type SideResults,
} from './cross-check';

const INSTALL_HINT = `  sudo apt-get update && sudo apt-get install -y ${APT_PACKAGE}\n(or set BENCH_PYTHON to a python that can \`import ${PY_MODULE}\`, e.g. after \`pip install cmaes\`).`;

/** Waits (up to 10 min) for another apt/dpkg run to release its lock instead of failing at once. */
const LOCK_WAIT = '-o DPkg::Lock::Timeout=600';

/** The reference library's version, installing python3-cmaes with apt-get once if needed; undefined if unavailable. */
function ensureReference(tryInstall: boolean): string | undefined {
  let version = referenceVersion();
  if (version === undefined && tryInstall) {
    const root = process.getuid?.() === 0;
    const hasSudo = !root && spawnSync('sh', ['-c', 'command -v sudo'], { stdio: 'ignore' }).status === 0;
    if (root || hasSudo) {
      // sudo may ask for a password on a terminal; elsewhere it must not wait for one.
      const sudo = root ? '' : process.stdin.isTTY ? 'sudo ' : 'sudo -n ';
      console.error(`${PYTHON} cannot import ${PY_MODULE}: installing ${APT_PACKAGE} with ${sudo}apt-get…`);
      const r = spawnSync('sh', ['-c', `${sudo}apt-get ${LOCK_WAIT} update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get ${LOCK_WAIT} install -y -qq ${APT_PACKAGE}`], { stdio: 'inherit' });
      if (r.status !== 0) console.error(`apt-get install ${APT_PACKAGE} failed (exit ${r.status ?? r.signal}).`);
      version = referenceVersion();
    } else {
      console.error('Not root and no sudo: cannot run apt-get.');
    }
  }
  if (version === undefined) console.error(`The reference CMA-ES (\`${PY_MODULE}\` from Debian's ${APT_PACKAGE}) is not available under ${PYTHON}. Install it with:\n${INSTALL_HINT}`);
  return version;
}

const fmt = (x: number) => (Number.isFinite(x) ? Math.round(x).toString() : '—');

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function render(spec: CrossCheckSpec, ours: SideResults, ref: SideResults): { table: string; flagged: string[] } {
  const flagged: string[] = [];
  const rows = spec.functions.map((fn) => {
    const a = summary(ours.results[fn.name]);
    const b = summary(ref.results[fn.name]);
    const ratio = a.median / b.median;
    if (!(Math.abs(ratio - 1) <= 0.25)) flagged.push(`${fn.name}: ours/reference median ratio ${ratio.toFixed(2)}`);
    return [
      `${fn.name} (x0=${fn.mean}, σ0=${fn.sigma})`,
      `${fmt(a.median)} (${fmt(a.q1)}–${fmt(a.q3)})`,
      `${a.solved}/${a.runs}`,
      `${fmt(b.median)} (${fmt(b.q1)}–${fmt(b.q3)})`,
      `${b.solved}/${b.runs}`,
      Number.isFinite(ratio) ? ratio.toFixed(2) : '—',
    ];
  });
  return {
    table: table(['function (8-D)', 'ours: median (Q1–Q3)', 'ours solved', `${ref.label}: median (Q1–Q3)`, 'ref solved', 'ratio ours/ref'], rows),
    flagged,
  };
}

function main(): void {
  const { values } = parseArgs({ options: { seeds: { type: 'string' }, 'no-install': { type: 'boolean' }, 'no-write': { type: 'boolean' } } });
  const nSeeds = Number(values.seeds ?? 20);
  if (!Number.isInteger(nSeeds) || nSeeds < 1) throw new Error(`--seeds must be a positive integer, got ${values.seeds}`);
  const spec: CrossCheckSpec = { dim: 8, seeds: Array.from({ length: nSeeds }, (_, i) => i), target: 1e-8, maxEvaluations: 30000, functions: DEFAULT_FUNCTIONS };

  const version = ensureReference(values['no-install'] !== true);
  if (version === undefined) {
    process.exitCode = 1;
    return;
  }
  const t0 = Date.now();
  const ref = runReference(spec);
  const t1 = Date.now();
  const ours = runOurs(spec);
  const t2 = Date.now();
  if (ours.population !== ref.population) console.error(`warning: default population differs: ours ${ours.population}, reference ${ref.population}`);
  const { table: tbl, flagged } = render(spec, ours, ref);
  console.log(`\nEvaluations to reach f ≤ ${spec.target} (solved runs only), ${nSeeds} seeds, λ = ${ours.population}:\n`);
  console.log(tbl);
  console.log(`\nreference ${((t1 - t0) / 1000).toFixed(1)} s, ours ${((t2 - t1) / 1000).toFixed(1)} s`);
  if (flagged.length) console.log(`\nMedians differ by more than 25%:\n  ${flagged.join('\n  ')}`);
  else console.log('\nAll medians within ±25% of the reference.');

  if (values['no-write'] === true) return;
  const md = [
    '# CMA-ES cross-check',
    '',
    `Generated by \`npm run bench:cmaes\` (bench/cmaes/compare.ts) on ${new Date().toISOString().slice(0, 10)}.`,
    '',
    `Our CMA-ES (src/shared/evolve/cmaes.ts) against the reference \`${PY_MODULE}\` library ${version} from Debian's`,
    `\`${APT_PACKAGE}\` (run by bench/cmaes/reference.py under ${PYTHON}), both with their default strategy`,
    `parameters and population λ = 4 + ⌊3 ln n⌋ = ${ours.population}, on 8-D functions from the same x0 and σ0.`,
    `Each cell is the number of evaluations after the generation in which the best f first reached`,
    `f ≤ ${spec.target}, over ${nSeeds} seeds (budget ${spec.maxEvaluations} evaluations; medians and quartiles over`,
    'solved runs). The two sides use different random generators, so only the distributions are comparable.',
    '',
    tbl,
    '',
    flagged.length ? `Medians differing by more than 25%: ${flagged.join('; ')}.` : 'All medians are within ±25% of the reference.',
    '',
    `Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${platform()}/${arch()}, Node ${process.versions.node}.`,
    '',
  ].join('\n');
  writeFileSync(join(__dirname, 'RESULTS.md'), md);
  console.log(`\nwrote ${join('bench', 'cmaes', 'RESULTS.md')}`);
}

main();
