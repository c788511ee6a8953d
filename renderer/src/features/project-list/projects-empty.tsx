import type { ReactElement } from 'react';
import { useRoute } from '../../state/route-store';
import { useSettings } from '../../state/settings-store';
import { useSystem } from '../../state/system-store';
import { engineStateLine } from '../../../../preload/contract';
import { ErrorNote } from '../../ui/error-note';
import { CopyButton } from '../../ui/copy-button';
import { Icon } from '../../ui/icons';
import { webhookSnippets } from '../settings/webhook-snippets';

/** No projects yet: what Slipway does, the webhook URL for CI, a curl line that deploys, and "Add project". */
export function ProjectsEmpty(): ReactElement {
  const webhook = useSettings((s) => s.webhook);
  const go = useRoute((s) => s.go);
  const url = webhook?.url ?? '';
  const curl = webhookSnippets(url)[0]?.code ?? '';
  const engine = useSystem((s) => s.engine);
  const mode = useSystem((s) => s.status?.mode ?? 'desktop');
  // Nothing can deploy without an engine: say so first, in the words the serve banner uses.
  const engineDown = engine !== null && engine.checkedAt > 0 && !engine.reachable;
  return (
    <section className="empty empty-teach" aria-label="No projects yet">
      {engineDown && <ErrorNote id="empty-engine" message={engineStateLine(engine, mode)} details={engine.hint ?? undefined} />}
      <h2>Keep local deployments current</h2>
      <p>
        Slipway watches your registry for new image tags — by webhook or by polling — and rolls each one out with a health-checked blue-green swap behind a
        stable local URL. Add a project for an image, or let the first webhook create one.
      </p>
      <div className="field">
        <label htmlFor="empty-webhook-url">Webhook URL for your CI</label>
        <div className="input-row">
          <input id="empty-webhook-url" className="mono" type="text" readOnly value={url} />
          <CopyButton text={url} label="Copy webhook URL" />
        </div>
      </div>
      <p className="muted">After pushing an image, this deploys it:</p>
      <pre className="code">{curl}</pre>
      <button type="button" className="btn btn-primary" onClick={() => go({ page: 'new-project' })}>
        <Icon name="plus" />
        Add project
      </button>
    </section>
  );
}
