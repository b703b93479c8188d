/**
 * A real single-node Slurm for the tests (`slurm-fixture.sh`, copied from shared/slurm): installs
 * slurm-wlm with apt-get when sbatch is missing, starts slurmctld and slurmd in a temp folder, points
 * SLURM_CONF at it for this process and its children, and stops the daemons by their recorded PIDs
 * after cancelling the fixture's jobs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { missingSlurmTools } from '../../src/shared/runner/slurm/slurm-commands';

const SCRIPT = join(__dirname, 'slurm-fixture.sh');
/** Waits for another apt or dpkg run's locks (dpkg's and the package lists') instead of failing. */
const APT_INSTALL = join(__dirname, '..', '..', 'scripts', 'apt-install.sh');

export interface SlurmFixture {
  dir: string;
  stop(): void;
}

function ensureInstalled(): void {
  if (missingSlurmTools().length === 0) return;
  process.stderr.write('Slurm tests: installing slurm-wlm with apt-get (once)…\n');
  const r = spawnSync('bash', [APT_INSTALL, 'slurm-wlm'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`apt-get install slurm-wlm failed (exit ${r.status ?? r.signal})`);
}

export function startSlurm(): SlurmFixture {
  ensureInstalled();
  const dir = mkdtempSync(join(tmpdir(), 'losslab-slurm-'));
  const env = { ...process.env, SLURM_CONF: join(dir, 'etc', 'slurm.conf') };
  const stop = () => {
    // Stopping slurmd leaves running job steps alive: cancel this fixture's jobs first, and wait (KillWait is 5 s).
    spawnSync('scancel', ['--user', userInfo().username], { env });
    for (let i = 0; i < 150; i++) {
      const live = spawnSync('squeue', ['-h', '-t', 'PENDING,CONFIGURING,RUNNING,COMPLETING,SUSPENDED', '-o', '%i'], { env, encoding: 'utf8' });
      if (live.status !== 0 || !live.stdout.trim()) break;
      spawnSync('sleep', ['0.1']);
    }
    spawnSync('bash', [SCRIPT, 'stop', dir], { stdio: 'inherit' });
  };
  const r = spawnSync('bash', [SCRIPT, 'start', dir], { encoding: 'utf8' });
  if (r.status !== 0) {
    stop();
    throw new Error(`the Slurm fixture did not start: ${r.stderr}`);
  }
  process.env.SLURM_CONF = env.SLURM_CONF;
  return { dir, stop };
}
