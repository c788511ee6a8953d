import { expect, test } from '@playwright/test';
import { e2eRuntime } from './runtime';
import { watchConsole, Window } from './window-pages';

test('Settings → Docker engine shows the Compose CLI that compose projects use', async ({ page }) => {
  const problems = watchConsole(page);
  const win = new Window(page);
  await win.open(e2eRuntime().uiUrl);
  await win.section('Settings');
  // The machine's Compose CLI (CI installs Debian's docker-compose, v1).
  await expect(page.getByRole('region', { name: 'Docker engine' }).getByText(/^Compose: (docker-compose|docker compose) \d+\.\d+\.\d+\S* \((v1|v2)\)$/)).toBeVisible();
  expect(problems).toEqual([]);
});
