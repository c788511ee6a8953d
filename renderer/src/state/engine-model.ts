import type { EngineStatus } from '../../../preload/contract';

export type Tone = 'ok' | 'busy' | 'warn' | 'bad' | 'off';

export interface StateLabel {
  readonly text: string;
  readonly tone: Tone;
}

/** "Docker 20.10" when reachable, "unreachable" otherwise; "checking" before the first answer. */
export function engineLabel(engine: EngineStatus | null): StateLabel {
  if (engine === null || engine.checkedAt === 0) return { text: 'checking…', tone: 'off' };
  if (!engine.reachable) return { text: 'unreachable', tone: 'bad' };
  return { text: `Docker ${shortVersion(engine.version)}`, tone: 'ok' };
}

/** `20.10.24+dfsg1` → `20.10`: the rail has room for the major.minor only. */
export function shortVersion(version: string | null): string {
  if (version === null) return '';
  const m = /^(\d+)\.(\d+)/.exec(version);
  return m ? `${m[1] ?? ''}.${m[2] ?? ''}` : version;
}

export function pollingLabel(paused: boolean | null): StateLabel {
  if (paused === null) return { text: 'polling …', tone: 'off' };
  return paused ? { text: 'polling paused', tone: 'off' } : { text: 'polling', tone: 'ok' };
}
