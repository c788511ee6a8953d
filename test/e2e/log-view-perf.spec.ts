import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { buildHarness, describeRun, runLogView, serveDir } from '../../bench/log-view-support';

/**
 * Renderer performance: 1,000,000 log lines streamed into the real log view at 50,000 lines/s (with a
 * search running from halfway). Asserts every line is held and the view stays usable; the rate and the
 * longest main-thread task (Chromium long-task entries) are reported, not asserted (no wall-clock limits in tests).
 */
// Tracing records DOM snapshots and screencast frames, which would be measured as the view's own work.
test.use({ trace: 'off', screenshot: 'off', video: 'off' });

test('streams a million log lines into the log view and reports the longest task', async ({ page }, info) => {
  test.setTimeout(180_000);
  const dir = await buildHarness();
  const server = await serveDir(dir);
  try {
    const o = { total: 1_000_000, linesPerSecond: 50_000, batchMs: 50, search: 'ERROR' };
    const r = await runLogView(page, server.origin, o);
    const report = describeRun(o, r);
    process.stdout.write(`${report}\n`);
    info.annotations.push({ type: 'log-view perf', description: report });
    fs.mkdirSync('artifacts', { recursive: true });
    fs.writeFileSync('artifacts/log-view-perf.txt', `${report}\n`);
    expect(r.lines).toBe(1_000_000);
    await expect(page.getByText('1,000,000 lines')).toBeVisible();
    // Still responsive: the newest line is on screen and a search jump lands on a match.
    await expect(page.getByRole('log', { name: 'Benchmark log lines' }).locator('.log-line').last()).toBeVisible();
    await page.getByRole('button', { name: 'Next match' }).click();
    await expect(page.locator('.log-current mark').first()).toHaveText('ERROR');
    await page.screenshot({ path: 'artifacts/screenshots/log-view-1m-lines.png' });
  } finally {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
