/** In-process entry of `loss-lab gradcheck`: backend, data, the check, cleanup. */
import '../tfjs-gradients';
import type { ExperimentConfig } from '../../shared/config/types';
import { initBackend } from '../backend';
import { prepareData } from '../job/prepared-data';
import { gradcheck, type GradcheckOptions, type GradcheckReport } from './gradcheck';

export type { GradcheckReport } from './gradcheck';

export async function runGradcheck(config: ExperimentConfig, opts: GradcheckOptions & { backend?: string }): Promise<GradcheckReport & { backend: string }> {
  const backend = await initBackend(opts.backend ?? config.backend);
  const data = prepareData(config);
  try {
    return { backend, ...gradcheck(config, data, opts) };
  } finally {
    data.dispose();
  }
}
