/** Turns the train config into concrete step counts. */
import type { TrainConfig } from '../../shared/config/types';

export interface TrainingPlan {
  batchSize: number;
  fullBatch: boolean;
  /** ceil(n / batchSize), the last batch of an epoch smaller; floor(n / batchSize) with `dropLast`. */
  stepsPerEpoch: number;
  totalSteps: number;
  evalEvery: number;
}

export function trainingPlan(train: TrainConfig, nTrain: number): TrainingPlan {
  const fullBatch = train.batchSize === 'full' || train.batchSize >= nTrain;
  const batchSize = fullBatch ? nTrain : (train.batchSize as number);
  const stepsPerEpoch = train.dropLast && !fullBatch ? Math.floor(nTrain / batchSize) : Math.ceil(nTrain / batchSize);
  const totalSteps = train.steps ?? Math.max(1, Math.round((train.epochs ?? 20) * stepsPerEpoch));
  const evalEvery = Math.max(1, train.evalEvery ?? stepsPerEpoch);
  return { batchSize, fullBatch, stepsPerEpoch, totalSteps, evalEvery };
}
