import { expect, test } from '@playwright/test';
import { RIG_DIR } from '../rig/paths';
import { rigTlsPaths, TLS_ENGINE_ADDR } from '../rig/tls';
import { callApi } from './cleanup';
import { e2eRuntime } from './runtime';
import { watchConsole, Window } from './window-pages';

/** Settings → Engines: a TLS engine added through the form, tested, and a wrong CA refused with a message. */
const NAME = `e2e-tls-${Date.now().toString(36)}`;
const WRONG = `${NAME}-ca`;

test.describe('remote engines', () => {
  test.afterAll(async () => {
    for (const name of [NAME, WRONG]) await callApi('engines.remove', { name }).catch(() => undefined);
  });

  test('a TLS engine is added, shows what it is, and is tested; a wrong CA is refused', async ({ page }) => {
    const problems = watchConsole(page);
    const win = new Window(page);
    await win.open(e2eRuntime().uiUrl);
    await win.section('Settings');
    const section = page.getByRole('region', { name: 'Engines' });
    await expect(section.getByRole('table', { name: 'Engines' }).getByRole('row', { name: /local/ })).toBeVisible();

    const tls = rigTlsPaths(RIG_DIR);
    const form = section.getByRole('form', { name: 'Add an engine' });
    await form.getByLabel('Name').fill(NAME);
    await form.getByLabel('URL').fill(`tcp://${TLS_ENGINE_ADDR}`);
    await form.getByLabel('CA certificate').fill(tls.ca);
    await form.getByLabel('Client certificate').fill(tls.clientCert);
    await form.getByLabel('Client key').fill(tls.clientKey);
    await form.getByLabel('Publish address').fill('127.0.0.1');
    await form.getByRole('button', { name: 'Add engine' }).click();
    const row = section.getByRole('row', { name: new RegExp(NAME) }).first();
    await expect(row).toContainText(/Docker \d+\.\d+.* · API 1\.\d+ · linux\//);
    await row.getByRole('button', { name: `Test ${NAME}` }).click();
    await expect(page.getByRole('region', { name: 'Notifications' }).getByText(`${NAME} answers`)).toBeVisible();

    // The server's own certificate as the CA: it did not sign itself, so the engine is refused.
    await form.getByLabel('Name').fill(WRONG);
    await form.getByLabel('URL').fill(`tcp://${TLS_ENGINE_ADDR}`);
    await form.getByLabel('CA certificate').fill(tls.clientCert);
    await form.getByLabel('Client certificate').fill(tls.clientCert);
    await form.getByLabel('Client key').fill(tls.clientKey);
    await form.getByRole('button', { name: 'Add engine' }).click();
    await expect(section.getByRole('row', { name: new RegExp(WRONG) })).toContainText(/unreachable/);
    expect(problems).toEqual([]);
  });
});
