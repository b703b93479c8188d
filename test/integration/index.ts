/** Entry point VS Code calls with `--extensionTestsPath`: runs the suite named by LOSSLAB_E2E_SUITE. */
import { runAll } from './harness';

export async function run(): Promise<void> {
  const suite = process.env.LOSSLAB_E2E_SUITE ?? 'main';
  if (suite === 'untrusted') await import('./untrusted.test');
  else if (suite === 'activation') await import('./activation.test');
  else if (suite === 'analyse') await import('./analyse.test');
  else {
    await import('./sweep-evolve.test');
    await import('./main.test');
    await import('./analyse.test');
    await import('./lifecycle.test');
  }
  await runAll(suite);
}
