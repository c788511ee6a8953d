import type { ReactElement } from 'react';
import type { Stage } from '../../../../preload/contract/projects';

/** A Swarm stage's service: its tasks, their state and host port, and which ones the stable URL sends traffic to. */
export function SwarmTasks({ stage }: { readonly stage: Stage }): ReactElement | null {
  if (stage.target?.kind !== 'swarm') return null;
  const tasks = stage.tasks ?? [];
  const inPool = tasks.filter((t) => t.inPool).length;
  return (
    <section className="swarm-tasks" aria-label={`Swarm tasks of ${stage.name}`}>
      <p>
        Swarm service on <span className="mono">{stage.target.engine}</span>: {stage.target.replicas} replica{stage.target.replicas === 1 ? '' : 's'}, {inPool} serving the stable URL
      </p>
      {tasks.length > 0 && (
        <ul className="history">
          {tasks.map((t) => (
            <li key={t.id}>
              <span className={`chip ${t.inPool ? 'chip-ok' : t.error ? 'chip-error' : ''}`}>{t.state}</span> slot {t.slot ?? '?'} · <span className="mono">{t.id.slice(0, 12)}</span>
              {t.digest && <> · {t.digest.slice(7, 19)}</>}
              {t.hostPort !== null && <> · port {t.hostPort}</>}
              {t.inPool ? ' · in the pool' : ''}
              {t.error && <> · {t.error}</>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
