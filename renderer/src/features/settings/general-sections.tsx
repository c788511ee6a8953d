import type { ReactElement } from 'react';
import type { Settings } from '../../../../preload/contract';
import { engineLabel } from '../../state/engine-model';
import { useSystem } from '../../state/system-store';
import { Refusal } from '../../api/api-error';
import { ActionButton, type Outcome } from '../../ui/action-button';
import { StatusDot } from '../../ui/status-dot';
import { pathList } from './parse-field';
import { NumberSetting, TextSetting, ToggleSetting } from './setting-field';

export function ListenerSection({ s }: { readonly s: Settings }): ReactElement {
  return (
    <section className="card settings-section" aria-labelledby="set-listener">
      <h2 id="set-listener">Listener</h2>
      <div className="grid-2">
        <NumberSetting label="Listener port" field="webhookPort" value={s.webhookPort} min={0} max={65535} what="The port"
          help="0 picks a free port on first start and keeps it, so the URL stays valid."
        />
        <TextSetting
          label="Bind address"
          value={s.webhookHost}
          help="127.0.0.1 keeps the listener private to this machine. Change it only to receive webhooks from elsewhere."
          toPatch={(t) => (t.trim() === '' ? 'Give an address, e.g. 127.0.0.1.' : { webhookHost: t.trim() })}
        />
      </div>
      <ToggleSetting label="Create a project for unknown images" checked={s.autoCreate} help="A webhook naming a repository no project follows creates one with a dev stage." toPatch={(v) => ({ autoCreate: v })} />
    </section>
  );
}

export function PollingSection({ s }: { readonly s: Settings }): ReactElement {
  return (
    <section className="card settings-section" aria-labelledby="set-polling">
      <h2 id="set-polling">Polling</h2>
      <ToggleSetting label="Pause all polling" checked={s.pollPaused} help="Webhooks still deploy while polling is paused." toPatch={(v) => ({ pollPaused: v })} />
      <div className="grid-2">
        <TextSetting
          label="Poll schedule"
          value={s.pollSchedule}
          help={
            <>
              A cron expression. <code>*/5 * * * *</code> is every five minutes.
            </>
          }
          toPatch={(t) => (t.trim() === '' ? 'Give a cron expression, e.g. */5 * * * *.' : { pollSchedule: t.trim() })}
        />
        <NumberSetting label="Minimum image age (seconds)" field="minImageAgeSeconds" value={s.minImageAgeSeconds} min={0} max={7 * 24 * 3600} what="The minimum age"
          help="Wait this long after an image appears before deploying it automatically."
        />
      </div>
    </section>
  );
}

export function EngineSection({ s }: { readonly s: Settings }): ReactElement {
  const engine = useSystem((st) => st.engine);
  const check = useSystem((st) => st.checkEngine);
  const label = engineLabel(engine);
  const composeCli = useSystem((st) => st.status?.composeCli);
  const runCheck = async (): Promise<Outcome> => {
    await check();
    const e = useSystem.getState().engine;
    if (!e?.reachable) throw new Refusal(e?.hint ?? e?.error ?? 'Start Docker, or set DOCKER_HOST or the Docker endpoint below.');
    return { title: 'Docker engine reachable', body: `Docker ${e.version ?? ''} at ${e.host}`, route: '/settings' };
  };
  return (
    <section className="card settings-section" aria-labelledby="set-engine">
      <h2 id="set-engine">Docker engine</h2>
      <div className="engine-line">
        <StatusDot tone={label.tone} />
        <span>
          {engine?.reachable ? `Docker ${engine.version ?? ''} (API ${engine.apiVersion ?? ''}) at ${engine.host}` : `Unreachable at ${engine?.host ?? '…'}${engine?.error ? `: ${engine.error}` : ''}`}
        </span>
        <ActionButton className="btn btn-small" label="Check now" busyLabel="Checking…" run={runCheck} failure="Docker engine not reachable" failureRoute="/settings" />
      </div>
      {engine && !engine.reachable && engine.hint !== null && <p className="hint">{engine.hint}</p>}
      {composeCli !== undefined && <p className="hint">{composeCli ? `Compose: ${composeCli.command} ${composeCli.version} (${composeCli.flavour})` : 'Compose: not found — compose projects need the docker-compose-plugin package (docker compose) or docker-compose.'}</p>}
      <TextSetting
        label="Docker endpoint"
        value={s.dockerHost ?? ''}
        placeholder="DOCKER_HOST or the default socket"
        help="unix:///path/to/docker.sock or tcp://host:port. Leave empty to use DOCKER_HOST or the default socket."
        toPatch={(t) => ({ dockerHost: t.trim() === '' ? null : t.trim() })}
      />
    </section>
  );
}

export function DeploySection({ s }: { readonly s: Settings }): ReactElement {
  return (
    <section className="card settings-section" aria-labelledby="set-deploys">
      <h2 id="set-deploys">Deploys and volumes</h2>
      <div className="grid-2">
        <NumberSetting label="Drain time (ms)" field="drainMs" value={s.drainMs} min={0} max={600_000} what="The drain time"
          help="How long an old instance keeps finishing requests after the switch."
        />
        <TextSetting
          label="Allowed host directories"
          multiline
          value={s.allowedVolumeRoots.join('\n')}
          placeholder="/srv/data"
          help="One absolute path per line. Host-path volumes must live under one of these."
          toPatch={(t) => ({ allowedVolumeRoots: [...pathList(t)] })}
        />
      </div>
    </section>
  );
}
