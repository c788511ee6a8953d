import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { e2eRuntime } from './runtime';
import { watchConsole, Window } from './window-pages';

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly authorization: string | undefined;
  readonly body: Record<string, unknown>;
}

/** Settings → Channels: add an ntfy channel pointing at a loopback server, send a test message, read its log. */
test.describe('notification channels in the window', () => {
  let server: http.Server;
  let port = 0;
  const seen: Seen[] = [];

  test.beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"id":"e2e-msg-1","event":"message"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  test.afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('adds a channel, sends a test message and shows the answer, then turns it off', async ({ page }) => {
    const problems = watchConsole(page);
    const win = new Window(page);
    await win.open(e2eRuntime().uiUrl);
    await win.section('Settings');
    const section = page.getByRole('region', { name: 'Channels' });
    await section.getByLabel('Kind').selectOption('ntfy');
    await section.getByLabel('Channel URL').fill(`ntfy://:tk_e2esecret@127.0.0.1:${String(port)}/e2e-alerts?scheme=http`);
    await section.getByLabel('Name (optional)').fill('Phone');
    await section.getByLabel('git push').uncheck();
    await section.getByRole('button', { name: 'Add channel' }).click();
    await expect(page.getByRole('region', { name: 'Notifications' }).getByRole('button', { name: 'Open: Channel Phone added' })).toBeVisible();

    const row = section.getByRole('group', { name: 'Channel Phone' });
    await expect(row).toBeVisible();
    await expect(row.getByText(`ntfy://:***@127.0.0.1:${String(port)}/e2e-alerts?scheme=http`)).toBeVisible();
    await expect(page.getByText('tk_e2esecret')).toHaveCount(0);
    await expect(section.getByLabel('Channel URL')).toHaveValue('');

    await row.getByRole('button', { name: 'Send test' }).click();
    await expect(row.getByRole('status')).toHaveText('Sent. The server answered 200: {"id":"e2e-msg-1","event":"message"}');
    const sent = page.getByRole('region', { name: 'Notifications' }).getByRole('status', { name: 'Test message sent to Phone' });
    await expect(sent).toContainText('The server answered 200.');
    await expect(sent.getByRole('button', { name: 'Open: Test message sent to Phone' })).toBeVisible();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/', authorization: 'Bearer tk_e2esecret' });
    expect(seen[0]!.body).toMatchObject({ topic: 'e2e-alerts', title: 'Slipway test message' });
    expect(String(seen[0]!.body['click'])).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#\/settings$/);
    await win.screenshot('settings-channels');

    await row.getByRole('button', { name: 'Delivery log' }).click();
    const log = row.getByRole('table', { name: 'Messages to Phone' });
    await expect(log.getByRole('row').nth(1)).toContainText('channel.test');
    await expect(log.getByRole('row').nth(1)).toContainText('succeeded');

    // A controlled switch: it flips once the server has answered.
    await row.getByRole('switch', { name: 'Channel Phone enabled' }).click();
    await expect(row.getByRole('switch', { name: 'Channel Phone enabled' })).not.toBeChecked();
    await expect(row.getByRole('button', { name: 'Send test' })).toBeDisabled();

    await row.getByRole('button', { name: 'Remove' }).click();
    await win.confirm('Remove');
    await expect(row).toHaveCount(0);
    expect(problems).toEqual([]);
  });
});
