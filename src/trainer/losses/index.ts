/** The standard loss registry, keyed by exactly the names in `STANDARD_LOSSES`. */
import { LOSSES, STANDARD_LOSSES, unknownNameMessage } from '../../shared/names';
import { bce, ce, focal, hinge, labelSmoothing } from './classification';
import { huber, logcosh, mae, mse } from './regression';
import type { LossDefinition } from './types';

export type { LossContext, LossDefinition, LossFn, LossParamInfo, PerSampleLossFn } from './types';
export { logSumExp, softCrossEntropy, softmax } from './stable';

const DEFINITIONS: readonly LossDefinition[] = [mse, mae, huber, logcosh, bce, ce, focal, hinge, labelSmoothing];

export const LOSS_REGISTRY: ReadonlyMap<string, LossDefinition> = new Map(
  STANDARD_LOSSES.map((name) => {
    const def = DEFINITIONS.find((d) => d.type === name);
    if (!def) throw new Error(`no definition for standard loss '${name}'`);
    return [name, def] as const;
  }),
);

export function getLoss(type: string): LossDefinition {
  const def = LOSS_REGISTRY.get(type);
  if (!def) throw new Error(unknownNameMessage('loss', type, LOSSES));
  return def;
}
