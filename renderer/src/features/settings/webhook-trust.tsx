import type { ReactElement } from 'react';
import type { Settings, UnsignedVendor } from '../../../../preload/contract';
import { useSettings } from '../../state/settings-store';
import { pathList } from './parse-field';
import { IntSetting, TextSetting, ToggleSetting } from './setting-field';

/** The senders an "accept unsigned" switch covers, in the words the user knows them by. */
const UNSIGNED: readonly { readonly vendor: UnsignedVendor; readonly label: string; readonly why: string }[] = [
  { vendor: 'dockerhub', label: 'Docker Hub', why: 'cannot sign its webhooks' },
  { vendor: 'quay', label: 'Quay', why: 'cannot sign its webhooks' },
  { vendor: 'registry', label: 'Distribution registry', why: 'can send an Authorization header instead' },
  { vendor: 'generic', label: 'Generic {"image": …}', why: 'can send an Authorization header instead' },
  { vendor: 'github', label: 'GitHub', why: 'can sign: set its secret instead' },
  { vendor: 'gitea', label: 'Gitea / Forgejo', why: 'can sign: set its secret instead' },
  { vendor: 'gitlab', label: 'GitLab', why: 'can send a secret token instead' },
  { vendor: 'harbor', label: 'Harbor', why: 'can send an auth header instead' },
  { vendor: 'standard', label: 'Standard Webhooks', why: 'can sign: set its secret instead' },
];

/** Who may deploy and auto-create through the webhook URL, and how many connections the listener holds. */
export function WebhookTrust(): ReactElement | null {
  const s = useSettings((st) => st.settings);
  if (!s) return null;
  return (
    <div className="signing">
      <h3>Unsigned deliveries</h3>
      <p className="muted">
        Once any signing secret is set, a delivery without a valid signature is refused (401), whichever sender it claims to be. Allow unsigned deliveries only for senders
        that cannot sign.
      </p>
      {UNSIGNED.map((u) => (
        <UnsignedSwitch key={u.vendor} s={s} vendor={u.vendor} label={u.label} why={u.why} />
      ))}
      <h3>Auto-create from</h3>
      <TextSetting
        label="Trusted registries"
        multiline
        value={s.autoCreateRegistries.join('\n')}
        help="One registry per line (a host matches any port: localhost, 127.0.0.1, ghcr.io, or host:port). An unsigned delivery naming an image elsewhere creates no project. Registries in Settings → Registries are trusted too; a signed delivery always is."
        toPatch={(t) => ({ autoCreateRegistries: [...pathList(t)] })}
      />
      <IntSetting        label="Connections at once"        value={s.webhookMaxConnections}        min={1}        max={65535}        what="The connection cap"        help="Open connections the listener accepts; beyond it new ones are closed at once."        toPatch={(n) => ({ webhookMaxConnections: n })}      />
    </div>
  );
}

function UnsignedSwitch(p: { readonly s: Settings; readonly vendor: UnsignedVendor; readonly label: string; readonly why: string }): ReactElement {
  const on = p.s.acceptUnsigned.includes(p.vendor);
  return (
    <ToggleSetting
      label={`Accept unsigned ${p.label} deliveries`}
      checked={on}
      help={
        on ? (
          <span role="note">
            <span className="chip chip-warn">warning</span> Anyone who learns the webhook URL can deploy any tag of a {p.label} image.
          </span>
        ) : (
          `Off: refused once a signing secret is set (${p.label} ${p.why}).`
        )
      }
      toPatch={(checked) => ({ acceptUnsigned: checked ? [...p.s.acceptUnsigned.filter((v) => v !== p.vendor), p.vendor] : p.s.acceptUnsigned.filter((v) => v !== p.vendor) })}
    />
  );
}
