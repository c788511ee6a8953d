import type { Project } from '../../preload/contract/projects';

export type TrayState = 'healthy' | 'deploying' | 'failed';

export type TrayAction = { readonly kind: 'open'; readonly route: string } | { readonly kind: 'call'; readonly method: string; readonly input: unknown };

export interface TrayEntry {
  readonly label: string;
  readonly action?: TrayAction;
  readonly enabled?: boolean;
}

export interface TrayProject {
  readonly label: string;
  readonly entries: readonly TrayEntry[];
}

/** What the tray knows beyond projects.list: the last outcome and any waiting update, per stage. */
export interface StageNews {
  readonly lastOutcome?: 'succeeded' | 'failed';
  readonly updateTag?: string;
}

export interface TrayModel {
  readonly state: TrayState;
  readonly projects: readonly TrayProject[];
}

/** Builds the tray's state and per-project menu. Failed beats deploying beats healthy. */
export function trayModel(projects: readonly Project[], news: ReadonlyMap<number, StageNews>): TrayModel {
  let deploying = false;
  let failed = false;
  const items = projects.map((p) => {
    const entries: TrayEntry[] = [{ label: `Open ${p.name}`, action: { kind: 'open', route: `/projects/${String(p.id)}` } }];
    for (const s of p.stages) {
      const n = news.get(s.id) ?? {};
      const busy = s.activeDeployId !== null;
      deploying ||= busy;
      failed ||= n.lastOutcome === 'failed';
      const mark = busy ? '◐' : n.lastOutcome === 'failed' ? '✕' : s.live ? '●' : '○';
      const what = busy ? 'deploying…' : s.live ? s.live.tag : 'nothing live';
      entries.push({ label: `${mark} ${s.name}: ${what}`, enabled: false });
      if (n.updateTag && !busy) {
        entries.push({ label: `    Deploy ${n.updateTag} to ${s.name}`, action: { kind: 'call', method: 'stages.deploy', input: { stageId: s.id, tag: n.updateTag } } });
      }
      if (s.live && !busy) {
        entries.push({ label: `    Roll back ${s.name}`, action: { kind: 'call', method: 'stages.rollback', input: { stageId: s.id } } });
      }
    }
    return { label: p.name, entries };
  });
  return { state: failed ? 'failed' : deploying ? 'deploying' : 'healthy', projects: items };
}

/** Folds notable events into per-stage news for the tray. */
export function applyTrayEvent(news: Map<number, StageNews>, event: { type: string; stageId: number | null; data: Record<string, unknown> }): boolean {
  if (event.stageId === null) return false;
  const current = news.get(event.stageId) ?? {};
  switch (event.type) {
    case 'deploy.succeeded':
    case 'stage.rolled-back':
    case 'stage.promoted':
      news.set(event.stageId, { lastOutcome: 'succeeded' });
      return true;
    case 'deploy.failed':
      news.set(event.stageId, { ...current, lastOutcome: 'failed' });
      return true;
    case 'update.available': {
      const tag = event.data['tag'];
      if (typeof tag !== 'string') return false;
      news.set(event.stageId, { ...current, updateTag: tag });
      return true;
    }
    default:
      return event.type.startsWith('deploy.') || event.type === 'instance.died';
  }
}
