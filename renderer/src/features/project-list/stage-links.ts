import type { Stage, StageUrl } from '../../../../preload/contract/projects';
import type { Tone } from '../../state/engine-model';

/** Every stable URL of a stage, the primary first; a stage that lists none has its one `url`. */
export function stageUrls(stage: Pick<Stage, 'url' | 'urls' | 'publicPort'>): readonly StageUrl[] {
  if (stage.urls !== undefined && stage.urls.length > 0) return [...stage.urls].sort((a, b) => Number(b.primary) - Number(a.primary));
  return [{ url: stage.url, service: null, containerPort: null, publicPort: stage.publicPort, primary: true }];
}

/** "web :8080 primary": what a URL leads to. */
export const urlNote = (u: StageUrl): string => [u.service, u.containerPort === null ? null : `:${String(u.containerPort)}`, u.primary ? 'primary' : null].filter((x) => x !== null).join(' ');

/** A service's container state as a dot: running is fine, gone or exited is a problem, the rest (created, restarting…) in between. */
export const serviceTone = (state: string): Tone => (state === 'running' ? 'ok' : state === 'missing' || state === 'exited' || state === 'dead' ? 'bad' : 'busy');
