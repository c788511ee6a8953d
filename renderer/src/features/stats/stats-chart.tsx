import { useState, type ReactElement } from 'react';
import type uPlot from 'uplot';
import { api } from '../../state/client-ref';
import { useLease } from '../../state/use-lease';
import type { StageService } from '../../../../preload/contract';
import { InlineSelect } from '../../ui/inline-select';
import { cssVar, UplotChart } from '../../ui/uplot-chart';
import type { TaskStats } from '../../../../preload/contract/stats';
import { TableHead } from '../../ui/table-head';
import { addSample, cpuLabel, emptySeries, memLabel, tickLabel, TICK_INCREMENTS, timeRange, type StatsSeries } from './stats-series';

function options(width: number): uPlot.Options {
  const muted = cssVar('--text-muted', '#666');
  const grid = cssVar('--border', '#ddd');
  const axis = { stroke: muted, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, font: '11px system-ui' };
  return {
    width,
    height: 120,
    legend: { show: true },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true, range: (u) => timeRange((u.data[0] ?? []) as number[], Date.now() / 1000) }, cpu: { range: (_u, _min, max) => [0, Math.max(10, max)] }, mem: { range: (_u, _min, max) => [0, Math.max(1, max * 1.2)] } },
    axes: [
      { ...axis, space: 70, incrs: TICK_INCREMENTS, values: (_u, splits, _axis, _space, incr) => splits.map((sec) => tickLabel(sec, incr)) },
      { ...axis, scale: 'cpu', size: 44, values: (_u, v) => v.map((x) => `${String(x)}%`) },
      // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- uPlot's Side is a const enum (1 = right) that isolated modules cannot import
      { ...axis, scale: 'mem', side: 1, size: 52, grid: { show: false }, values: (_u, v) => v.map((x) => `${String(x)} MB`) },
    ],
    series: [
      {},
      { label: 'CPU', scale: 'cpu', stroke: cssVar('--accent', '#2f63d8'), width: 1.5, value: (_u, v) => cpuLabel(v) },
      { label: 'Memory', scale: 'mem', stroke: cssVar('--ok', '#1f8a4c'), width: 1.5, value: (_u, v) => (v === null ? '–' : `${v.toFixed(1)} MB`) },
    ],
  };
}

/** One row per running task of a Swarm stage's service (the chart shows their sum). */
function TaskRows({ tasks }: { readonly tasks: readonly TaskStats[] }): ReactElement {
  return (
    <table className="table" aria-label="CPU and memory per task">
      <TableHead columns={['Slot', 'Task', { label: 'CPU', num: true }, { label: 'Memory', num: true }]} />
      <tbody>
        {tasks.map((t) => (
          <tr key={t.taskId}>
            <td>{t.slot ?? '–'}</td>
            <td>
              <code title={t.nodeId === null ? undefined : `node ${t.nodeId}`}>{t.taskId.slice(0, 12)}</code>
              {t.notice !== null && <span className="muted"> {t.notice}</span>}
            </td>
            <td className="num">{cpuLabel(t.cpuPercent)}</td>
            <td className="num">
              {memLabel(t.memoryBytes)}
              {t.memoryLimitBytes !== null && <span className="muted"> / {memLabel(t.memoryLimitBytes)}</span>}
            </td>
            <td />
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * CPU and memory of a stage's live instance (a Swarm stage's: the sum, and a row per task), live
 * (pushed about once a second while shown). A compose stage picks the service (the primary tracked
 * one by default: the live instance).
 */
export function StatsChart({ stageId, stageName, services = [] }: { readonly stageId: number; readonly stageName: string; readonly services?: readonly StageService[] }): ReactElement {
  // Any service by name; none picked (an image stage): the live instance.
  const [service, setService] = useState(services.find((s) => s.role === 'tracked')?.name ?? '');
  return (
    <div className="stats">
      {services.length > 1 && (
        <div className="toolbar">
          <InlineSelect label="Service" value={service} onChange={setService}>
            {services.map((s) => (
              <option key={s.name} value={s.name}>
                {s.name} ({s.role})
              </option>
            ))}
          </InlineSelect>
        </div>
      )}
      <ServiceStats key={service} stageId={stageId} service={service === '' ? undefined : service} label={`CPU and memory of ${stageName}${service === '' ? '' : ` service ${service}`}`} />
    </div>
  );
}

function ServiceStats({ stageId, service, label }: { readonly stageId: number; readonly service: string | undefined; readonly label: string }): ReactElement {
  const [series, setSeries] = useState<StatsSeries>(emptySeries);
  useLease(
    `stats-${String(stageId)}-${service ?? ''}`,
    () => api().call('stats.subscribe', { stageId, ...(service !== undefined ? { service } : {}) }),
    (id) => api().call('stats.renew', { subscriptionId: id }),
    (id) => api().call('stats.unsubscribe', { subscriptionId: id }),
    (id) =>
      api().subscribe('stats', (s) => {
        if (s.subscriptionId === id) setSeries((cur) => addSample(cur, s));
      }),
  );
  const data: uPlot.AlignedData = [series.t as number[], series.cpu as (number | null)[], series.memMb as (number | null)[]];
  return (
    <>
      <UplotChart options={options} data={data} label={label} />
      {series.notice !== null && <p className="muted">{series.notice}</p>}
      {series.limitMb !== null && series.notice === null && <p className="muted">memory limit {series.limitMb} MB</p>}
      {series.tasks !== null && series.tasks.length > 0 && <TaskRows tasks={series.tasks} />}
    </>
  );
}
