import { expect, test } from '@playwright/test';
import { e2eRuntime } from './runtime';

test('the window loads with no console errors and shows the engine version', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  const runtime = e2eRuntime();
  const status = (await (
    await fetch(`${runtime.apiUrl}/system.status`, { method: 'POST', headers: { authorization: `Bearer ${runtime.token}` }, body: '{}' })
  ).json()) as { value: { engine: { version: string; reachable: boolean } } };
  const version = status.value.engine.version;
  expect(status.value.engine.reachable).toBe(true);

  await page.goto(runtime.uiUrl);
  await expect(page.getByRole('navigation')).toBeVisible();
  // The rail names the engine by major.minor ("engine: Docker 20.10 ●").
  const majorMinor = version.split('.').slice(0, 2).join('.');
  await expect(page.getByRole('button', { name: `engine: Docker ${majorMinor}` })).toBeVisible();
  // The token leaves the address bar once read.
  expect(page.url()).not.toContain('token=');
  await page.screenshot({ path: 'artifacts/screenshots/home.png' });
  expect(problems).toEqual([]);
});

test('the API answers 401 without the token', async () => {
  const runtime = e2eRuntime();
  const res = await fetch(`${runtime.apiUrl}/system.status`, { method: 'POST', body: '{}' });
  expect(res.status).toBe(401);
  const body = (await res.json()) as { error: { code: string } };
  expect(body.error.code).toBe('UNAUTHORIZED');
});
