import path from 'node:path';
import { expect, test } from '@playwright/test';
import { DeliveryRepo } from '../../main/intake/delivery-repo';
import { openStore, type Db } from '../../main/store/db';
import { e2eRuntime } from './runtime';
import { watchConsole, Window } from './window-pages';

/**
 * Lists that grow without bound stay a window: 10,000 webhook deliveries (written into the running
 * serve's store, as a long-lived install would have them) render only the rows in view, and scrolling
 * to the end pages back through all of them.
 */
const ROWS = 10_000;
const MARK = `seed-${Date.now().toString(36)}`;

test.describe('long lists', () => {
  test.describe.configure({ mode: 'serial' });
  let db: Db;
  let ids: { first: number; last: number } = { first: 0, last: 0 };

  test.beforeAll(() => {
    db = openStore(path.join(path.dirname(process.env['SLIPWAY_E2E_RUNTIME'] ?? ''), 'slipway.db'));
    const repo = new DeliveryRepo(db);
    const now = Date.now();
    db.transaction(() => {
      for (let i = 1; i <= ROWS; i++) {
        const id = repo.insert({
          receivedAt: now - (ROWS - i),
          source: '127.0.0.1',
          vendor: 'generic',
          event: MARK,
          deliveryId: null,
          dedupeKey: null,
          verdict: 'ignored',
          status: 202,
          reason: `seeded row ${String(i)}`,
          signature: null,
          events: [],
          response: {},
          headersJson: null,
          body: null,
          bodyBytes: 0,
          replayOf: null,
          duplicateOf: null,
        });
        if (i === 1) ids = { first: id, last: id };
        ids.last = id;
      }
    })();
  });

  test.afterAll(() => {
    // Later specs see the deliveries they make, not these.
    db.prepare('DELETE FROM deliveries WHERE id BETWEEN ? AND ?').run(ids.first, ids.last);
    db.close();
  });

  test('10,000 deliveries: only a window of rows is rendered, and scrolling pages back to the oldest', async ({ page }) => {
    const problems = watchConsole(page);
    const win = new Window(page);
    await win.open(e2eRuntime().uiUrl);
    await win.section('Deliveries');
    const list = page.getByRole('list', { name: 'Recent deliveries' });
    await expect(list.getByRole('listitem').first()).toContainText(`seeded row ${String(ROWS)}`);
    const rendered = (): Promise<number> => list.getByRole('listitem').count();
    expect(await rendered()).toBeLessThan(60);
    await win.screenshots('long-list-deliveries');

    // Scroll to the end again and again: each time the next older page arrives, the window moves on.
    const scroller = list;
    let max = 0;
    for (let i = 0; i < 120; i++) {
      await scroller.evaluate((el) => {
        el.scrollTop = el.scrollHeight;
      });
      await expect(scroller).toHaveAttribute('aria-busy', 'false');
      max = Math.max(max, await rendered());
      if ((await list.getByText('seeded row 1', { exact: true }).count()) > 0) break;
    }
    await expect(list.getByText('seeded row 1', { exact: true })).toBeVisible();
    // The first rendered row is far down the list now: the page holds a window, not 10,000 rows.
    const firstShown = Number(await list.getByRole('listitem').first().getAttribute('aria-posinset'));
    expect(firstShown).toBeGreaterThan(ROWS - 100);
    expect(max).toBeLessThan(60);
    await win.screenshots('long-list-deliveries-end');

    // `/` still finds the search, and the filter works over what was loaded.
    await page.locator('body').press('/');
    await expect(page.getByRole('searchbox', { name: 'Search deliveries' })).toBeFocused();
    await page.keyboard.type('seeded row 5000');
    await expect(list.getByRole('listitem')).toHaveCount(1);
    expect(problems).toEqual([]);
  });
});
