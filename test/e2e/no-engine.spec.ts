import os from 'node:os';
import { expect, test } from '@playwright/test';
import { startServe, type ServeHandle } from '../support/serve';
import { Window } from './window-pages';

/** A Slipway whose engine does not answer: the empty Projects page says so, and what to do, as the banner does. */
test.describe('without an engine', () => {
  let serve: ServeHandle | null = null;
  const dead = `unix://${os.tmpdir()}/slipway-e2e-no-engine-${String(process.pid)}.sock`;

  test.beforeAll(async () => {
    serve = await startServe({ args: ['--docker-host', dead] });
  });
  test.afterAll(async () => {
    await serve?.stop();
  });

  test('the empty projects page says the engine is unreachable and how to fix it', async ({ page }) => {
    if (!serve) throw new Error('serve did not start');
    const line = `engine unreachable at ${dead}: start Docker or pass --docker-host URL`;
    expect(serve.output()).toContain(line);
    const win = new Window(page);
    await win.open(serve.runtime.uiUrl);
    await win.section('Projects');
    await expect(page.locator('#empty-engine')).toContainText(line);
    await win.screenshot('no-engine-projects');
  });
});
