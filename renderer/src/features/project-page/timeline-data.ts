import type { Deploy } from '../../../../preload/contract/deploys';

export interface Timeline {
  readonly x: readonly number[];
  readonly ok: readonly (number | null)[];
  readonly failed: readonly (number | null)[];
}

/** Finished deploys oldest first: x in seconds, duration in seconds in the series of its outcome. */
export function timelineData(deploys: readonly Deploy[]): Timeline {
  const done = deploys.filter((d) => (d.status === 'succeeded' || d.status === 'failed') && d.finishedAt !== null).sort((a, b) => a.createdAt - b.createdAt);
  const secs = (d: Deploy): number => Math.round(((d.durationMs ?? (d.finishedAt ?? 0) - (d.startedAt ?? d.createdAt)) / 1000) * 100) / 100;
  return {
    x: done.map((d) => d.createdAt / 1000),
    ok: done.map((d) => (d.status === 'succeeded' ? secs(d) : null)),
    failed: done.map((d) => (d.status === 'failed' ? secs(d) : null)),
  };
}
