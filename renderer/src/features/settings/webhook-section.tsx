import { useState, type ReactElement } from 'react';
import { useSettings } from '../../state/settings-store';
import { localToast } from '../../state/toasts-store';
import { ConfirmButton } from '../../ui/confirm-button';
import { CopyButton } from '../../ui/copy-button';
import { Icon } from '../../ui/icons';
import { StatusDot } from '../../ui/status-dot';
import { SigningSecrets } from './signing-secrets';
import { WebhookTrust } from './webhook-trust';
import { webhookSnippets } from './webhook-snippets';

export function WebhookSection(): ReactElement {
  const webhook = useSettings((s) => s.webhook);
  const regenerate = useSettings((s) => s.regenerateWebhook);
  const [vendor, setVendor] = useState(0);
  const url = webhook?.url ?? '';
  const snippets = webhookSnippets(url);
  const snippet = snippets[vendor] ?? snippets[0];
  return (
    <section className="card settings-section" aria-labelledby="set-webhook">
      <h2 id="set-webhook">Webhook</h2>
      <p className="muted">Give this secret URL to your CI, registry or forge. A request to it tells Slipway that an image tag exists; anything else is a 404.</p>
      <div className="field">
        <label htmlFor="webhook-url">Webhook URL</label>
        <div className="input-row">
          <input id="webhook-url" className="mono" type="text" readOnly value={url} onFocus={(e) => e.target.select()} />
          <CopyButton text={url} label="Copy webhook URL" />
          <ConfirmButton
            label="Regenerate"
            title="Regenerate the webhook URL?"
            confirmLabel="Regenerate"
            destructive
            icon={<Icon name="refresh" />}
            onConfirm={async () => {
              await regenerate();
              localToast('Webhook URL regenerated', 'success', 'Update it in your CI and registries: the old URL now answers 404.');
            }}
          >
            <p>The current URL stops working at once. Every CI job, registry and forge that calls it must be given the new one.</p>
          </ConfirmButton>
        </div>
        <div className="field-help">
          {webhook && (
            <>
              <StatusDot tone={webhook.listening ? 'ok' : 'bad'} /> {webhook.listening ? `Listening on ${webhook.host}:${String(webhook.port)}` : 'The listener is not running.'}
            </>
          )}
        </div>
      </div>
      {snippet && (
        <div className="snippets">
          <div className="tabs" role="tablist" aria-label="How to call it">
            {snippets.map((s, i) => (
              <button key={s.vendor} type="button" role="tab" aria-selected={i === vendor} className="tab" onClick={() => setVendor(i)}>
                {s.vendor}
              </button>
            ))}
          </div>
          <div role="tabpanel" aria-label={`How to call it from ${snippet.vendor}`}>
            <p>{snippet.how}</p>
            <pre className="code">{snippet.code}</pre>
          </div>
        </div>
      )}
      <SigningSecrets />
      <WebhookTrust />
    </section>
  );
}
