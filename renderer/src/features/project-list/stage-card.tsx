import type { ReactElement, ReactNode } from 'react';
import type { Stage, StageService } from '../../../../preload/contract/projects';
import { serviceTone, stageUrls, urlNote } from './stage-links';
import { RelativeTime } from '../../ui/relative-time';
import { StatusDot } from '../../ui/status-dot';
import type { StageView } from './chain-model';
import { RetireLine } from './retire-line';
import { atTime } from '../triggers/trigger-text';
import { useNow } from '../../state/use-live';

export interface StageCardProps {
  readonly stage: Stage;
  readonly view: StageView;
  readonly projectName: string;
  /** Buttons for this card (deploy an update, promote…). */
  readonly actions?: ReactNode;
  readonly size?: 'compact' | 'large';
  readonly children?: ReactNode;
}

const hostOf = (url: string): string => url.replace(/^https?:\/\//, '').replace(/\/$/, '');

/** Every stable URL of the stage (the primary one first); one link when there is only the primary. */
function StageUrls({ stage, projectName }: { readonly stage: Stage; readonly projectName: string }): ReactElement {
  const urls = stageUrls(stage);
  const link = (url: string): ReactElement => (
    <a className="stage-url" href={url} target="_blank" rel="noreferrer" aria-label={`Open ${projectName} ${stage.name} at ${hostOf(url)}`}>
      {hostOf(url)}
    </a>
  );
  if (urls.length === 1 && urls[0] !== undefined) return link(urls[0].url);
  return (
    <ul className="stage-urls" aria-label={`Stable URLs of ${stage.name}`}>
      {urls.map((u) => (
        <li key={u.url}>
          {link(u.url)}
          <span className="muted">{urlNote(u)}</span>
        </li>
      ))}
    </ul>
  );
}

/** A compose stage's services: each one's role and container state. */
function StageServices({ stage }: { readonly stage: Stage }): ReactElement | null {
  if (stage.services === undefined || stage.services.length === 0) return null;
  return (
    <ul className="stage-services" aria-label={`Services of ${stage.name}`}>
      {stage.services.map((svc: StageService) => (
        <li key={svc.name} aria-label={`${svc.name}: ${svc.state}`}>
          <StatusDot tone={serviceTone(svc.state)} /> <strong>{svc.name}</strong>
          <span className="muted">
            {svc.role} · {svc.state}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function StageCard({ stage, view, projectName, actions, size = 'compact', children }: StageCardProps): ReactElement {
  const last = view.lastDeploy;
  const now = useNow();
  return (
    <article className={`stage-card tone-${view.tone} stage-${size}`} aria-label={`${projectName} ${stage.name}`}>
      <header className="stage-head">
        <h3>{stage.name}</h3>
        <span className="stage-state">
          <StatusDot tone={view.tone} /> {view.state}
        </span>
      </header>
      <div className="stage-live">
        {view.liveTag !== null ? (
          <>
            <span className="stage-tag" title="live tag">
              {view.liveTag}
            </span>
            <code className="stage-digest" title="live digest">
              {view.digest}
            </code>
          </>
        ) : (
          <span className="muted" title={`Deploy… a tag, or push one matching ${stage.tagPattern}`}>
            nothing live
          </span>
        )}
      </div>
      <StageUrls stage={stage} projectName={projectName} />
      <StageServices stage={stage} />
      {stage.engine !== 'local' && (
        <span className={stage.engineReachable === false ? 'stage-engine field-error' : 'stage-engine muted'} title="the engine the stage runs on">
          on {stage.engine}
          {stage.engineReachable === false ? ' · unreachable' : ''}
        </span>
      )}
      {view.deploying && (
        <div className="stage-progress">
          <div
            className="bar"
            role="progressbar"
            aria-label={`Deploy progress of ${stage.name}`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(view.deploying.fraction * 100)}
          >
            <span style={{ width: `${String(Math.round(view.deploying.fraction * 100))}%` }} />
          </div>
          <span className="muted">{view.deploying.step}…</span>
        </div>
      )}
      {!view.deploying && last && (
        <div className="stage-last">
          {last.status === 'succeeded' ? '✓' : '✗'} {last.tag} {last.finishedAt !== null && <RelativeTime ts={last.finishedAt} />}
        </div>
      )}
      <RetireLine stage={stage} />
      {view.problem !== null && <p className="stage-problem">{view.problem}</p>}
      {view.update && (
        <div className="stage-update">
          <span className="chip chip-info">
            {view.update.deploysAt === null ? `update: ${view.update.tag}` : `update available: ${view.update.tag} deploys at ${atTime(view.update.deploysAt, now)}`}
          </span>
        </div>
      )}
      {actions !== undefined && <div className="stage-actions">{actions}</div>}
      {children}
    </article>
  );
}
