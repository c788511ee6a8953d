import type { z } from 'zod';
import { deliveryMethods } from '../../../preload/contract/deliveries';
import { deployMethods } from '../../../preload/contract/deploys';
import { imageMethods } from '../../../preload/contract/images';
import { pollerMethods } from '../../../preload/contract/poller';
import { projectMethods } from '../../../preload/contract/projects';
import type { MethodDef } from '../../../preload/contract/define';
import { isMethodName } from '../../../preload/contract';
import { api } from '../state/client-ref';
import { ApiError } from './api-error';

/**
 * Calls defined in their feature's contract file, typed and validated from it directly, so the window
 * does not depend on the order in which features join the merged method table.
 */
const defs = { ...projectMethods, ...deployMethods, ...deliveryMethods, ...pollerMethods, ...imageMethods } as const;
type Defs = typeof defs;
export type FeatureMethod = keyof Defs;

export function callFeature<M extends FeatureMethod>(method: M, input: z.input<Defs[M]['input']>): Promise<z.output<Defs[M]['output']>> {
  // Built from the same contract as main: a method missing here is missing there, so do not ask.
  if (!isMethodName(method)) return Promise.reject(new ApiError({ code: 'UNKNOWN_METHOD', message: `This build of Slipway has no ${String(method)}.` }));
  const def = defs[method] as unknown as MethodDef;
  return api().callDef(method, def, input) as Promise<z.output<Defs[M]['output']>>;
}
