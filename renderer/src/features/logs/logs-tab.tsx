import { useState, type ReactElement } from 'react';
import type { LogSource } from '../../../../preload/contract/logs';
import type { Project } from '../../../../preload/contract/projects';
import { InlineSelect } from '../../ui/inline-select';
import { orderChain } from '../project-list/chain-model';
import { LogView } from './log-view';

/** Picker: a stage (follows its live instance across swaps), one service of a compose stage's stack, or one instance, then the live view. */
export function LogsTab({ project }: { readonly project: Project }): ReactElement {
  const chain = orderChain(project.stages);
  const first = chain[0];
  const [value, setValue] = useState(first ? `stage:${String(first.id)}` : '');
  const [kind, id, service] = value.split(':');
  const source: LogSource | null =
    id === undefined ? null : kind === 'service' && service ? { kind: 'stage', stageId: Number(id), service } : kind === 'stage' ? { kind: 'stage', stageId: Number(id) } : { kind: 'instance', instanceId: Number(id) };
  const label = (() => {
    for (const s of chain) {
      if (value === `stage:${String(s.id)}`) return `Logs of ${s.name}`;
      if (kind === 'service' && id === String(s.id)) return `Logs of ${s.name} service ${service ?? ''}`;
      if (s.live && value === `instance:${String(s.live.instanceId)}`) return `Logs of ${s.name} instance ${String(s.live.instanceId)}`;
    }
    return 'Logs';
  })();
  return (
    <div className="tab-fill">
      <div className="toolbar">
        <InlineSelect label="Source" value={value} onChange={setValue}>
            {chain.map((s) => (
              <optgroup key={s.id} label={s.name}>
                <option value={`stage:${String(s.id)}`}>{s.name} (follows the live instance)</option>
                {(s.services ?? []).map((svc) => (
                  <option key={svc.name} value={`service:${String(s.id)}:${svc.name}`}>
                    {s.name} · service {svc.name} ({svc.role})
                  </option>
                ))}
                {s.live && (
                  <option value={`instance:${String(s.live.instanceId)}`}>
                    {s.name} · instance {s.live.instanceId} ({s.live.tag})
                  </option>
                )}
              </optgroup>
            ))}
        </InlineSelect>
      </div>
      {source ? <LogView key={value} source={source} label={label} /> : <p className="muted">This project has no stages.</p>}
    </div>
  );
}
