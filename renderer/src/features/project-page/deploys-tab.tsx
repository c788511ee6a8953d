import type { ReactElement } from 'react';
import type uPlot from 'uplot';
import type { Project } from '../../../../preload/contract/projects';
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

/** Deploy history: duration and outcome over time, then the table with reasons. */
export function DeploysTab({ project }: { readonly project: Project }): ReactElement {
  const all = useProjects((s) => s.deploys);
  const deploys = all.filter((d) => d.projectId === project.id);
  const names = new Map(project.stages.map((s) => [s.id, s.name]));
  const t = timelineData(deploys);
  return (
    <div className="tab-scroll">
      <section className="card" aria-labelledby="dep-chart">
        <h2 id="dep-chart">Deploy timeline</h2>
        {t.x.length === 0 ? (
          <p className="muted">No finished deploys yet.</p>
        ) : (
          <UplotChart options={options} data={[t.x as number[], t.ok as (number | null)[], t.failed as (number | null)[]]} label={`Duration and outcome of ${String(t.x.length)} deploys`} />
        )}
      </section>
      <table className="table" aria-label="Deploys">
        <thead>
          <tr>
            <th>#</th>
            <th>Stage</th>
            <th>Tag</th>
            <th>Trigger</th>
            <th>Result</th>
            <th className="num">Took</th>
            <th>When</th>
            <th>Reason</th>
          </tr>
        </thead>
        <tbody>
          {deploys.map((d) => (
            <tr key={d.id}>
              <td>{d.id}</td>
              <td>{names.get(d.stageId) ?? d.stageId}</td>
              <td>
                {d.tag} <code className="muted">{shortDigest(d.digest)}</code>
              </td>
              <td>{d.trigger}</td>
              <td>
                <span className={`chip ${d.status === 'succeeded' ? 'chip-ok' : d.status === 'failed' ? 'chip-error' : d.finishedAt === null ? 'chip-warn' : ''}`}>{d.status}</span>
              </td>
              <td className="num">{d.durationMs === null ? '—' : duration(d.durationMs)}</td>
              <td>
                <RelativeTime ts={d.createdAt} />
              </td>
              <td className="reason">{d.error ?? d.note ?? d.reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
