/**
 * CLI start-up: wall time of `loss-lab validate examples/quickstart.losslab.json` (dist/cli.js as built),
 * beside `node -e 0` (Node's own start-up on this machine) and beside a one-bundle build of the same
 * sources that compiles the schema with ajv at run time (the layout before esbuild.mjs split the CLI
 * and generated the validator), run alternately in one loop, and the bytes each has to load.
 *
 * Alone: node --import tsx bench/cli-startup.ts [--rounds N]   (after node esbuild.mjs)
 * In `npm run bench` it is the system row `cli-startup`; `--no-steps --only cli-startup` runs it alone.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import { fmt, median } from './lib/stats';
import type { SystemRow } from './system';

export const CLI_STARTUP_ID = 'cli-startup';

const ROOT = join(__dirname, '..');
const DIST = join(ROOT, 'dist');
const QUICKSTART = join(ROOT, 'examples', 'quickstart.losslab.json');

/**
 * dist/cli.js as one file, as before the split: every command, yaml, tfjs and sucrase inline, and the
 * generated validator replaced by ajv compiling the full schema when the first config is validated.
 */
async function buildOneBundle(outfile: string): Promise<void> {
  const compileAtRunTime: esbuild.Plugin = {
    name: 'compile-at-run-time',
    setup(build) {
      build.onResolve({ filter: /generated\/config-validator\.js$/ }, () => ({ path: 'runtime-validator', namespace: 'bench' }));
      build.onLoad({ filter: /.*/, namespace: 'bench' }, () => ({
        resolveDir: join(ROOT, 'src', 'shared', 'config'),
        contents: "import { CONFIG_SCHEMA } from './validate-schema';\nimport { compileConfigValidator } from './validate-ajv';\nexport default compileConfigValidator(CONFIG_SCHEMA);\n",
        loader: 'ts',
      }));
    },
  };
  await esbuild.build({
    entryPoints: [join(ROOT, 'src', 'cli', 'main.ts')], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20',
    mainFields: ['module', 'main'], external: ['@tensorflow/tfjs-node', 'vscode'], logLevel: 'warning', plugins: [compileAtRunTime],
  });
}

/** user + system CPU time (ms) of this process's waited-for children, from /proc (10 ms ticks); NaN elsewhere. */
function childrenCpuMs(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return NaN;
  }
}

/** Wall and CPU time (ms) of one `node …` run. */
function timed(args: string[]): { wall: number; cpu: number } {
  const c0 = childrenCpuMs();
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${(r.stderr || r.stdout).slice(-300)}`);
  return { wall, cpu: childrenCpuMs() - c0 };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

const kB = (files: string[]) => `${fmt(files.reduce((s, f) => s + statSync(f).size, 0) / 1000)} kB`;

export interface CliStartup {
  row: SystemRow;
  /** Wall and CPU times per round (ms): `node -e 0`, the CLI as built, the one-bundle build. */
  node: { wall: number; cpu: number }[];
  built: { wall: number; cpu: number }[];
  oneBundle: { wall: number; cpu: number }[];
}

export async function cliStartup(rounds = 15): Promise<CliStartup> {
  const cli = join(DIST, 'cli.js');
  if (!existsSync(join(DIST, 'config-validator.js'))) throw new Error('dist/config-validator.js is missing: run `node esbuild.mjs` first (npm run bench does)');
  const dir = mkdtempSync(join(tmpdir(), 'losslab-cli-startup-'));
  try {
    const before = join(dir, 'cli.js');
    await buildOneBundle(before);
    const commands = [['-e', '0'], [cli, 'validate', QUICKSTART], [before, 'validate', QUICKSTART]];
    for (const c of commands) timed(c); // warm the file cache
    const times: { wall: number; cpu: number }[][] = commands.map(() => []);
    // Alternating, each round in a rotated order, so that a burst of load on the shared machine hits all three.
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < commands.length; i++) {
        const k = (i + r) % commands.length;
        times[k].push(timed(commands[k]));
      }
    }
    const [node, built, oneBundle] = times;
    const wall = (xs: { wall: number }[]) => xs.map((x) => x.wall);
    const cpu = (xs: { cpu: number }[]) => fmt(mean(xs.map((x) => x.cpu)));
    const overNode = built.map((t, i) => t.wall - node[i].wall);
    const row: SystemRow = {
      id: CLI_STARTUP_ID,
      label: '`loss-lab validate` of the quickstart (wall)',
      value: `${fmt(median(wall(built)))} ms (${fmt(Math.min(...wall(built)))}–${fmt(Math.max(...wall(built)))})`,
      detail:
        `median of ${rounds} alternating rounds; \`node -e 0\` ${fmt(median(wall(node)))} ms (so ${fmt(median(overNode))} ms above Node's start-up); ` +
        `one-bundle build with the schema compiled at run time ${fmt(median(wall(oneBundle)))} ms; ` +
        `mean CPU time (user + system) ${cpu(built)} ms, \`node -e 0\` ${cpu(node)} ms, one bundle ${cpu(oneBundle)} ms; ` +
        `loads dist/cli.js + config-validator.js, ${kB([cli, join(DIST, 'config-validator.js')])}, against ${kB([before])} in one bundle ` +
        `(on demand: cli-commands.js ${kB([join(DIST, 'cli-commands.js')])}, gradcheck.js ${kB([join(DIST, 'gradcheck.js')])}, yaml.js ${kB([join(DIST, 'yaml.js')])})`,
    };
    return { row, node, built, oneBundle };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const { values } = parseArgs({ options: { rounds: { type: 'string' } } });
  cliStartup(Number(values.rounds ?? 15)).then(
    ({ row }) => console.log(`${row.label}: ${row.value}\n  ${row.detail}`),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exitCode = 1;
    },
  );
}
