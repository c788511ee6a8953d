import type { ReactElement } from 'react';
import type { Settings } from '../../../../preload/contract';
import { ChoiceSetting, ToggleSetting } from './setting-field';

type Prefs = Settings['notifications'];

const labels: readonly { readonly key: keyof Prefs; readonly label: string }[] = [
  { key: 'deploySucceeded', label: 'Deploy succeeded' },
  { key: 'deployFailed', label: 'Deploy failed' },
  { key: 'updateAvailable', label: 'Update available' },
  { key: 'instanceDied', label: 'Live instance died' },
  { key: 'gitPush', label: 'Git push' },
  { key: 'logRule', label: 'Log rule fired' },
];

export function NotificationsSection({ s }: { readonly s: Settings }): ReactElement {
  return (
    <section className="card settings-section" aria-labelledby="set-notifications">
      <h2 id="set-notifications">Notifications</h2>
      <p className="muted">Desktop notifications (in a browser: notices in the corner of this window).</p>
      <div className="grid-3">
        {labels.map((l) => (
          <ToggleSetting key={l.key} label={l.label} checked={s.notifications[l.key]} toPatch={(v) => ({ notifications: { [l.key]: v } })} />
        ))}
      </div>
    </section>
  );
}

export function AppearanceSection({ s }: { readonly s: Settings }): ReactElement {
  return (
    <section className="card settings-section" aria-labelledby="set-appearance">
      <h2 id="set-appearance">Appearance</h2>
      <ChoiceSetting
        label="Theme"
        value={s.theme}
        options={[
          { value: 'system', label: 'System' },
          { value: 'light', label: 'Light' },
          { value: 'dark', label: 'Dark' },
        ]}
        toPatch={(theme) => ({ theme })}
      />
    </section>
  );
}
