import type { TestProject } from 'vitest/node';
import { prepareRig, type RigAvailability } from './availability';
import { stopRig, type RigState } from './engine';
import { enterRunTmp } from '../support/run-tmp';

declare module 'vitest' {
  export interface ProvidedContext {
    slipwayRig: RigAvailability;
  }
}

let started: RigState | null = null;
let runTmp: ReturnType<typeof enterRunTmp> | null = null;

/** vitest globalSetup: one engine + registry for the run; workers read them via `inject('slipwayRig')` and the env. */
export async function setup(project: TestProject): Promise<void> {
  // Before the workers start, so that they and everything they spawn make their folders in it.
  runTmp = enterRunTmp();
  const { availability, state } = await prepareRig();
  started = state;
  project.provide('slipwayRig', availability);
}

/** Removes the run's temporary folders; stops only what this run started (nothing when the engine was already up), unless SLIPWAY_RIG_KEEP=1. */
export async function teardown(): Promise<void> {
  runTmp?.leave();
  runTmp = null;
  if (!started || process.env['SLIPWAY_RIG_KEEP'] === '1') return;
  if (started.startedEngine || started.startedRegistry) await stopRig(started);
  started = null;
}
