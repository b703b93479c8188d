/**
 * Learning-rate schedules, a pure function of the 0-based step.
 *
 * Warm-up (every schedule, W = warmupSteps > 0): for s < W the rate is lr·(s+1)/W, rising linearly
 * from lr/W at step 0 to lr at step W−1. The schedule proper then runs on s' = s − W over the
 * remaining S' = totalSteps − W steps, with progress q = min(1, s'/S'):
 *   constant  lr
 *   step      lr·γ^floor(s'/stepSize)
 *   cosine    minLr + (lr − minLr)·(1 + cos(π·q))/2
 *   linear    lr + (endLr − lr)·q
 * so at the last step (s' = S'−1) cosine and linear are one step short of their end value.
 */
import type { ScheduleConfig } from '../../shared/config/types';
import { SCHEDULES, unknownNameMessage } from '../../shared/names';

export function learningRate(cfg: ScheduleConfig, baseLr: number, step: number, totalSteps: number): number {
  const warmup = Math.max(0, Math.floor(cfg.warmupSteps ?? 0));
  if (step < warmup) return (baseLr * (step + 1)) / warmup;
  const s = step - warmup;
  const span = totalSteps - warmup;
  const q = span > 0 ? Math.min(1, s / span) : 1;
  switch (cfg.type) {
    case 'constant':
      return baseLr;
    case 'step':
      if (!(cfg.stepSize >= 1)) throw new Error(`schedule 'step': stepSize must be at least 1, got ${cfg.stepSize}`);
      return baseLr * cfg.gamma ** Math.floor(s / cfg.stepSize);
    case 'cosine':
      return cfg.minLr + ((baseLr - cfg.minLr) * (1 + Math.cos(Math.PI * q))) / 2;
    case 'linear':
      return baseLr + (cfg.endLr - baseLr) * q;
    default:
      throw new Error(unknownNameMessage('schedule', (cfg as { type: string }).type, SCHEDULES));
  }
}

