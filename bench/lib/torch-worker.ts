/**
 * The persistent PyTorch process of the step benchmarks (bench/torch/worker.py), spoken to over
 * JSON lines. Debian's python3-torch runs under /usr/bin/python3; `ensureTorch` installs it with
 * apt-get when it is missing and the process may (and OpenBLAS, when torch would run on the reference
 * BLAS), else explains how.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { join } from 'node:path';
import { aptInstall, PYTHON } from './system-packages';

export { PYTHON };

/** torch's version, or undefined with the reason printed. Tries apt-get once when allowed. */
export function ensureTorch(tryInstall: boolean): string | undefined {
  // The version, then the BLAS library torch loaded: Debian's torch links libblas.so.3, and with only
  // the reference (netlib) libblas3 installed its matrix products run ~15× slower than with OpenBLAS.
  const script = "import torch; print(torch.__version__); print(next((l.split()[-1] for l in open('/proc/self/maps') if 'libblas' in l or 'openblas' in l), 'unknown'))";
  const probe = () => spawnSync(PYTHON, ['-c', script], { encoding: 'utf8' });
  let r = probe();
  if (r.status !== 0 && tryInstall && aptInstall(['python3-torch'], 'PyTorch is missing')) r = probe();
  if (r.status !== 0) {
    console.error(`PyTorch is not available under ${PYTHON}. Install it with:\n  sudo apt-get update && sudo apt-get install -y python3-torch\n(or set BENCH_PYTHON to a python with torch). Only our side is measured.`);
    return undefined;
  }
  const isReference = (out: string) => (out.trim().split('\n')[1] ?? '').includes('/blas/libblas.so');
  // Debian's libopenblas0-pthread registers itself as the libblas.so.3 alternative (higher priority than netlib).
  if (isReference(r.stdout) && tryInstall && aptInstall(['libopenblas0-pthread'], 'PyTorch runs on the reference (netlib) BLAS, which flatters our ratios')) {
    const again = probe();
    if (again.status === 0) r = again;
  }
  const [version, blas = 'unknown'] = r.stdout.trim().split('\n');
  const reference = isReference(r.stdout);
  if (reference) console.error(`PyTorch uses the reference BLAS (${blas}): its GEMMs are ~15× slower than with OpenBLAS, which flatters our ratios. Install it with:\n  sudo apt-get install -y libopenblas0-pthread\n(or put OpenBLAS's libblas.so.3 on LD_LIBRARY_PATH).`);
  return `${version}, BLAS ${reference ? 'reference (netlib) — ratios are flattered' : blas}`;
}

type Reply = Record<string, unknown>;

export class TorchWorker {
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly lines: Interface;
  private readonly pending: ((r: Reply) => void)[] = [];
  private stderr = '';
  readonly ready: Promise<Reply>;

  constructor(threads = 1) {
    this.proc = spawn(PYTHON, [join(__dirname, '..', 'torch', 'worker.py')], {
      env: { ...process.env, BENCH_THREADS: String(threads), OMP_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads) },
    });
    this.proc.stderr.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-4000)));
    this.lines = createInterface({ input: this.proc.stdout });
    this.lines.on('line', (l) => this.pending.shift()?.(JSON.parse(l) as Reply));
    this.ready = this.next();
    this.proc.on('exit', (code) => {
      for (const p of this.pending.splice(0)) p({ error: `torch worker exited (${code}): ${this.stderr}` });
    });
  }

  private next(): Promise<Reply> {
    return new Promise((resolve) => this.pending.push(resolve));
  }

  private async call(msg: object): Promise<Reply> {
    const reply = this.next();
    this.proc.stdin.write(JSON.stringify(msg) + '\n');
    const r = await reply;
    if (r.error) throw new Error(String(r.error));
    return r;
  }

  async setup(manifest: string): Promise<number> {
    return (await this.call({ cmd: 'setup', manifest })).firstLoss as number;
  }

  /** Per-step wall and process CPU times (ms) of `steps` steps. */
  async run(steps: number): Promise<{ wall: number[]; cpu: number[] }> {
    const r = await this.call({ cmd: 'run', steps });
    return { wall: r.times as number[], cpu: r.cpu as number[] };
  }

  close(): void {
    this.proc.stdin.end(JSON.stringify({ cmd: 'quit' }) + '\n');
  }
}
