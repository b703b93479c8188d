/** The method of an arm, by its loss type. */
import { getLoss } from '../losses';
import { adalflMethod } from './adalfl';
import { bloopMethod } from './bloop';
import { customMethod } from './custom';
import { dynamicalMethod } from './dynamical';
import { laiMethod } from './lai';
import { standardMethod } from './standard';
import { taylorgloMethod } from './taylorglo';
import type { MethodEnv, TrainingMethod } from './types';

export type { MethodEnv, StepInput, TrainingMethod } from './types';

/** Loss parameters of an arm: everything but its name and type. */
export function lossParams(arm: { name: string; type: string; [k: string]: unknown }): Record<string, unknown> {
  const { name: _name, type: _type, ...params } = arm;
  return params;
}

/** Methods of the research losses, by loss type; every other type is a standard loss. */
const RESEARCH_METHODS: Readonly<Record<string, (env: MethodEnv) => TrainingMethod>> = {
  lai: laiMethod,
  dynamical: dynamicalMethod,
  taylorglo: taylorgloMethod,
  custom: customMethod,
  adalfl: adalflMethod,
  bloop: bloopMethod,
};

export function createMethod(env: MethodEnv): TrainingMethod {
  const research = Object.hasOwn(RESEARCH_METHODS, env.arm.type) ? RESEARCH_METHODS[env.arm.type] : undefined;
  if (research) return research(env);
  return standardMethod(env.model, getLoss(env.arm.type).create(lossParams(env.arm)));
}
