import type { SubscriptionReader } from './subscriptions';

export interface HealthReport {
  readonly status: 'ok';
  readonly version: string;
  readonly projects: readonly { readonly name: string; readonly image: string; readonly stages: readonly { readonly name: string; readonly tagPattern: string; readonly semverRange: string | null; readonly autoDeploy: boolean }[] }[];
  readonly gitRepositories: readonly string[];
}

/** `GET /api/webhook/<secret>/health`: what the listener is subscribed to, never secrets. */
export function healthReport(version: string, reader: SubscriptionReader): HealthReport {
  const byProject = new Map<number, { name: string; image: string; stages: { name: string; tagPattern: string; semverRange: string | null; autoDeploy: boolean }[] }>();
  for (const s of reader.all()) {
    let p = byProject.get(s.projectId);
    if (!p) {
      p = { name: s.project, image: s.image, stages: [] };
      byProject.set(s.projectId, p);
    }
    p.stages.push({ name: s.stage, tagPattern: s.tagPattern, semverRange: s.semverRange, autoDeploy: s.autoDeploy });
  }
  return { status: 'ok', version, projects: [...byProject.values()], gitRepositories: reader.followedRepos() };
}
