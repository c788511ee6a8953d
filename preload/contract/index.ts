import type { z } from 'zod';
import { systemMethods } from './system';
import { settingsMethods } from './settings';
import { eventLogMethods } from './event-log';
import { hooksMethods } from './hooks';
import { channelMethods } from './channels';
import { logRuleMethods } from './log-rules';
import { gitMethods } from './git';
import { deliveryMethods } from './deliveries';
import { pollerMethods } from './poller';
import { volumeMethods } from './volumes';
import { logMethods } from './logs';
import { statsMethods } from './stats';
import { projectMethods } from './projects';
import { deployMethods } from './deploys';
import { registryMethods } from './registries';
import { imageMethods } from './images';
import { triggerMethods } from './triggers';
import { gitCredentialMethods } from './git-credentials';
import { staticRefMethods } from './static-refs';
import { engineMethods } from './engines';

/** The one contract between main and every client (renderer, scripts over HTTP). */
export const methods = {
  ...systemMethods,
  ...settingsMethods,
  ...eventLogMethods,
  ...hooksMethods,
  ...channelMethods,
  ...logRuleMethods,
  ...gitMethods,
  ...deliveryMethods,
  ...pollerMethods,
  ...volumeMethods,
  ...logMethods,
  ...statsMethods,
  ...projectMethods,
  ...deployMethods,
  ...registryMethods,
  ...imageMethods,
  ...triggerMethods,
  ...gitCredentialMethods,
  ...staticRefMethods,
  ...engineMethods,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
/** What a caller sends (before defaults are applied). */
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
/** What a handler receives (validated, defaults applied). */
export type MethodArgs<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}

export * from './result';
export * from './events';
export * from './pushes';
export * from './system';
export * from './settings';
export * from './common';
export * from './toast';
export * from './event-types';
export * from './projects';
export * from './deploys';
export * from './hooks';
export * from './channels';
export * from './log-rules';
export * from './git';
export * from './deliveries';
export * from './triggers';
export * from './poller';
export * from './volumes';
export * from './logs';
export * from './stats';
export * from './registries';
export * from './images';
export * from './git-credentials';
export * from './static-refs';
export * from './engines';
