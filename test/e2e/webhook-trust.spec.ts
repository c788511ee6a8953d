import { expect, test } from '@playwright/test';
import { e2eRuntime } from './runtime';
import { watchConsole, Window } from './window-pages';

/** Settings → Webhook: unsigned deliveries are refused once a secret is set, until the user allows a sender. */
async function call(method: string, input: unknown): Promise<{ ok: boolean; value: unknown }> {
  const rt = e2eRuntime();
  const res = await fetch(`${rt.apiUrl}/${method}`, { method: 'POST', headers: { authorization: `Bearer ${rt.token}`, 'content-type': 'application/json' }, body: JSON.stringify(input) });
  return (await res.json()) as { ok: boolean; value: unknown };
}

const hubDelivery = (tag: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ push_data: { tag, pusher: 'ci', pushed_at: 1 }, repository: { repo_name: 'e2e-trust/app', namespace: 'e2e-trust', name: 'app' } }),
});

test('allows unsigned Docker Hub deliveries from Settings → Webhook, with a warning, once a secret is set', async ({ page }) => {
  const problems = watchConsole(page);
  const win = new Window(page);
  const rt = e2eRuntime();
  await call('webhook.setSecret', { kind: 'github', secret: 'e2e-trust-secret' });
  try {
    const refused = await fetch(rt.webhookUrl, hubDelivery('t1'));
    expect(refused.status).toBe(401);

    await win.open(rt.uiUrl);
    await win.section('Settings');
    const toggle = page.getByRole('switch', { name: 'Accept unsigned Docker Hub deliveries' });
    await expect(toggle).not.toBeChecked();
    await toggle.click(); // controlled: it turns on once the setting is saved
    await expect(toggle).toBeChecked();
    await expect(page.getByRole('note').filter({ hasText: 'Anyone who learns the webhook URL can deploy any tag of a Docker Hub image' })).toBeVisible();
    expect((await call('settings.get', {})).value).toMatchObject({ acceptUnsigned: ['dockerhub'] });
    const accepted = await fetch(rt.webhookUrl, hubDelivery('t2'));
    expect(accepted.status).toBe(202);

    const cap = page.getByRole('textbox', { name: 'Connections at once' });
    await cap.fill('64');
    await cap.press('Enter');
    await expect.poll(async () => ((await call('settings.get', {})).value as { webhookMaxConnections: number }).webhookMaxConnections).toBe(64);
    await expect(page.getByRole('textbox', { name: 'Trusted registries' })).toHaveValue('localhost\n127.0.0.1\n[::1]');

    await toggle.click();
    await expect(toggle).not.toBeChecked();
    expect((await fetch(rt.webhookUrl, hubDelivery('t3'))).status).toBe(401);
    expect(problems).toEqual([]);
  } finally {
    await call('webhook.setSecret', { kind: 'github', secret: null });
    await call('settings.update', { acceptUnsigned: [], webhookMaxConnections: 256 });
  }
});
