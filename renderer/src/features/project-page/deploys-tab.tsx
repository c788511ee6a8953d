import { useMemo, type ReactElement } from 'react';
import type uPlot from 'uplot';
import type { Deploy } from '../../../../preload/contract/deploys';
import type { Project } from '../../../../preload/contract/projects';
import { api } from '../../state/client-ref';
import { mergeById } from '../../state/pages-model';
import { usePages } from '../../state/use-pages';
import { ErrorNote } from '../../ui/error-note';
import { WindowedList } from '../../ui/windowed-list';
import { useProjects } from '../../state/projects-store';
import { RelativeTime } from '../../ui/relative-time';
import { duration } from '../../ui/time';
import { cssVar, UplotChart } from '../../ui/uplot-chart';
import { shortDigest } from '../project-list/chain-model';
import { timelineData } from './timeline-data';

function options(width: number): uPlot.Options {
  const muted = cssVar('--text-muted', '#666');
  const grid = cssVar('--border', '#ddd');
  const axis = { stroke: muted, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, font: '11px system-ui' };
  const dots = (color: string): uPlot.Series => ({ stroke: color, fill: color, width: 0, paths: () => null, points: { show: true, size: 8, fill: color, stroke: color } });
  return {
    width,
    height: 180,
    scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.15)] } },
    axes: [axis, { ...axis, size: 50, values: (_u, v) => v.map((s) => `${String(s)} s`) }],
    series: [{}, { label: 'succeeded', ...dots(cssVar('--ok', '#1f8a4c')) }, { label: 'failed', ...dots(cssVar('--bad', '#c9372c')) }],
  };
}

/** Deploys fetched per page, and each row's height. */
const PAGE = 200;
const ROW = 30;

/** Deploy history: duration and outcome over time, then every deploy with its reason, windowed and paged back. */
export function DeploysTab({ project }: { readonly project: Project }): ReactElement {
  const all = useProjects((s) => s.deploys);
  const live = useMemo(() => all.filter((d) => d.projectId === project.id), [all, project.id]);
  const older = usePages<Deploy>(`deploys-${String(project.id)}`, async (beforeId, limit) => (await api().call('deploys.list', { projectId: project.id, limit, ...(beforeId !== undefined ? { beforeId } : {}) })).deploys, PAGE);
  // The store holds the newest deploys, live; older pages come from deploys.list as the list scrolls.
  const deploys = useMemo(() => mergeById(older.items ?? [], live), [older.items, live]);
  const names = new Map(project.stages.map((s) => [s.id, s.name]));
  const t = timelineData(live);
  return (
    <div className="tab-scroll deploys-tab">
      <section className="card" aria-labelledby="dep-chart">
        <h2 id="dep-chart">Deploy timeline</h2>
        {t.x.length === 0 ? (
          <p className="muted">No finished deploys yet: deploy a tag from the Stages tab (Deploy…), push one to the registry, or send the webhook (Settings → Webhook).</p>
        ) : (
          <UplotChart options={options} data={[t.x as number[], t.ok as (number | null)[], t.failed as (number | null)[]]} label={`Duration and outcome of ${String(t.x.length)} deploys`} />
        )}
      </section>
      {older.error !== null && <ErrorNote message={`Could not load older deploys: ${older.error}`} />}
      <div className="table grid-table deploys-grid" role="table" aria-label="Deploys" aria-rowcount={older.hasOlder ? -1 : deploys.length + 1}>
        <div className="grid-row grid-head" role="row">
          {['#', 'Stage', 'Tag', 'Trigger', 'Result', 'Took', 'When', 'Reason'].map((h) => (
            <span key={h} role="columnheader" className={h === 'Took' ? 'num' : undefined}>
              {h}
            </span>
          ))}
        </div>
        {older.items !== null && deploys.length === 0 && (
          <p className="muted grid-empty">No deploys yet: use Deploy… on the Stages tab, push a matching tag, or send the webhook (Settings → Webhook).</p>
        )}
        <WindowedList
          items={deploys}
          rowHeight={ROW}
          rowKey={(d) => d.id}
          label="Deploys, newest first"
          role="rowgroup"
          className="grid-body"
          hasMore={older.hasOlder}
          loadingMore={older.loadingOlder}
          onEndReached={older.loadOlder}
          renderRow={(d) => (
            <div className="grid-row">
              <span role="cell">{d.id}</span>
              <span role="cell">{names.get(d.stageId) ?? d.stageId}</span>
              <span role="cell" className="ellipsis" title={d.digest ?? undefined}>
                {d.tag} <code className="muted">{shortDigest(d.digest)}</code>
              </span>
              <span role="cell">{d.trigger}</span>
              <span role="cell">
                <span className={`chip ${d.status === 'succeeded' ? 'chip-ok' : d.status === 'failed' ? 'chip-error' : d.finishedAt === null ? 'chip-warn' : ''}`}>{d.status}</span>
              </span>
              <span role="cell" className="num">
                {d.durationMs === null ? '—' : duration(d.durationMs)}
              </span>
              <span role="cell">
                <RelativeTime ts={d.createdAt} />
              </span>
              <span role="cell" className="reason ellipsis" title={d.error ?? d.note ?? d.reason ?? ''}>
                {d.error ?? d.note ?? d.reason ?? ''}
              </span>
            </div>
          )}
        />
      </div>
    </div>
  );
}
