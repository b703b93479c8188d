/** The method of an arm, by its loss type. */
import { getLoss } from '../losses';
import { standardMethod } from './standard';
import type { MethodEnv, TrainingMethod } from './types';

export type { MethodEnv, StepInput, TrainingMethod } from './types';

/** Loss parameters of an arm: everything but its name and type. */
export function lossParams(arm: { name: string; type: string; [k: string]: unknown }): Record<string, unknown> {
  const { name: _name, type: _type, ...params } = arm;
  return params;
}

export function createMethod(env: MethodEnv): TrainingMethod {
  return standardMethod(env.model, getLoss(env.arm.type).create(lossParams(env.arm)));
}
