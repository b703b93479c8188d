/**
 * A config's `sweep` → its trials. Arms in config order; for each swept arm, the combinations of its
 * parameters in key order (values in order; `samples` joint draws of the random ones, seeded by the
 * config seed). Arms without a parameter run once as baselines.
 */
import type { ExperimentConfig, LossArmConfig, SweepConfig } from '../config/types';
import { Rng } from '../rng';
import { getPath, isConfigPath, setPath } from './set-path';
import type { Trial } from './types';
import { drawValue, formatValue, isRandom, listedValues } from './values';

/** The sweep keys that apply to an arm: config paths always, arm fields where the arm has a number. */
export function keysForArm(sweep: SweepConfig, arm: LossArmConfig): string[] {
  return Object.keys(sweep.parameters).filter((k) => isConfigPath(k) || typeof getPath(arm, k) === 'number');
}

export function sweptArms(config: ExperimentConfig, sweep: SweepConfig): LossArmConfig[] {
  return config.losses.filter((a) => (sweep.arms ? sweep.arms.includes(a.name) : keysForArm(sweep, a).length > 0));
}

/** Every combination of the parameters' values, as key → value maps. */
export function parameterCombinations(sweep: SweepConfig, keys: string[], seed: number): Record<string, number>[] {
  const listed = keys.filter((k) => !isRandom(sweep.parameters[k]));
  const random = keys.filter((k) => isRandom(sweep.parameters[k]));
  let combos: Record<string, number>[] = [{}];
  for (const k of listed) combos = combos.flatMap((c) => listedValues(sweep.parameters[k]).map((v) => ({ ...c, [k]: v })));
  if (random.length === 0) return combos;
  const rng = new Rng(seed).fork('sweep');
  const draws = Array.from({ length: sweep.samples ?? 1 }, () =>
    Object.fromEntries(random.map((k) => [k, drawValue(sweep.parameters[k] as Extract<SweepConfig['parameters'][string], { random: unknown }>, rng)])),
  );
  return combos.flatMap((c) => draws.map((d) => ({ ...c, ...d })));
}

/** Short labels: the last path segment, or the whole key when two keys share it. */
function shortKeys(keys: string[]): Map<string, string> {
  const last = (k: string) => k.split('.').pop()!;
  return new Map(keys.map((k) => [k, keys.filter((o) => last(o) === last(k)).length > 1 ? k : last(k)]));
}

export function expandSweep(config: ExperimentConfig): Trial[] {
  const sweep = config.sweep;
  const { sweep: _s, evolve: _e, ...base } = config;
  if (!sweep) return config.losses.map((arm) => ({ id: arm.name, name: arm.name, baseArm: arm.name, params: {}, config: { ...base, losses: [arm] } }));
  const swept = new Set(sweptArms(config, sweep).map((a) => a.name));
  const short = shortKeys(Object.keys(sweep.parameters));
  const trials: Trial[] = [];
  for (const arm of config.losses) {
    const keys = swept.has(arm.name) ? keysForArm(sweep, arm) : [];
    const combos = keys.length ? parameterCombinations(sweep, keys, config.seed) : [{}];
    for (const params of combos) {
      const trialConfig = structuredClone({ ...base, losses: [arm] }) as ExperimentConfig;
      const trialArm = trialConfig.losses[0];
      for (const [k, v] of Object.entries(params)) setPath(isConfigPath(k) ? trialConfig : trialArm, k, v);
      const label = Object.entries(params).map(([k, v]) => `${short.get(k)}=${formatValue(v)}`).join(' ');
      const name = label ? `${arm.name} ${label}` : arm.name;
      trialArm.name = name;
      const id = [arm.name, ...Object.entries(params).map(([k, v]) => `${k}=${JSON.stringify(v)}`)].join('|');
      trials.push({ id, name, baseArm: arm.name, params, config: trialConfig });
    }
  }
  const seen = new Map<string, number>();
  for (const t of trials) {
    const n = (seen.get(t.name) ?? 0) + 1;
    seen.set(t.name, n);
    if (n > 1) {
      t.name = `${t.name} #${n}`;
      t.config.losses[0].name = t.name;
    }
  }
  return trials;
}
