import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { e2eRuntime } from './runtime';
import { pageSpec } from './spec-setup';

/** The Git page: a push a forge announces is listed with its author, branch and message; a project follows it and the next push redeploys. */
const ID = Date.now().toString(36);
const IMAGE = `localhost:5000/e2e-git-${ID}/site`;
const REPO = `acme-${ID}/site`;
const PROJECT = 'git-site';

/** A GitHub push delivery as GitHub sends it (WEBHOOK-FORMATS.md), from outside the window as a forge would. */
async function push(after: string, message: string): Promise<void> {
  const res = await fetch(e2eRuntime().webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-github-event': 'push', 'x-github-delivery': randomUUID(), 'user-agent': 'GitHub-Hookshot/1a2b3c4' },
    body: JSON.stringify({
      ref: 'refs/heads/main',
      before: '0'.repeat(40),
      after,
      deleted: false,
      compare: `https://github.example/${REPO}/compare/${after.slice(0, 7)}`,
      head_commit: { id: after, message },
      commits: [{ id: after, message, url: `https://github.example/${REPO}/commit/${after}`, author: { name: 'Dana', username: 'dana' } }],
      repository: { full_name: REPO, clone_url: `https://github.example/${REPO}.git` },
      pusher: { name: 'dana' },
    }),
  });
  expect(res.status).toBeLessThan(300);
}

test.describe('git page', () => {
  const spec = pageSpec({ image: IMAGE, tag: 'dev', project: PROJECT });

  test('a push is recorded, a project follows it, and the next push redeploys', async ({ page }) => {
    const win = spec.win();
    await win.createProject({ image: IMAGE, name: PROJECT, tag: 'dev' });
    await push('a'.repeat(40), 'Fix the header');
    await win.section('Git');
    const card = page.getByRole('region', { name: `Repository ${REPO}` });
    const last = card.getByRole('list', { name: `Last push to ${REPO}` });
    await expect(last).toContainText('dana pushed 1 commit: Fix the header');
    await expect(last).toContainText('main');
    await expect(last.getByRole('link', { name: 'aaaaaaa' })).toHaveAttribute('href', `https://github.example/${REPO}/compare/aaaaaaa`);

    await card.getByRole('button', { name: 'Follow with project…' }).click();
    const dialog = page.getByRole('dialog', { name: `Follow ${REPO}` });
    await dialog.getByLabel('Project').selectOption({ label: PROJECT });
    await dialog.getByLabel('Stage to redeploy').selectOption({ label: 'dev' });
    await dialog.getByLabel('Branches').fill('main');
    await dialog.getByLabel('Tag to re-pull').fill('dev');
    await dialog.getByRole('button', { name: 'Follow', exact: true }).click();
    await expect(dialog).toBeHidden();
    const follows = card.getByRole('list', { name: `Projects following ${REPO}` });
    await expect(follows).toContainText(`${PROJECT} redeploys dev with dev on pushes to main`);
    await expect(follows).toContainText('not triggered yet');

    // The next push to main redeploys the stage; its history keeps the first push.
    await push('b'.repeat(40), 'Ship the footer');
    await expect(last).toContainText('Ship the footer');
    await expect(follows).toContainText('last triggered', { timeout: 30_000 });
    await card.getByText('History (1)').click();
    await expect(card.getByRole('list', { name: `History of ${REPO}` })).toContainText('Fix the header');
    await page.keyboard.press('/');
    await expect(page.getByLabel('Search repositories')).toBeFocused();
    await page.keyboard.type(ID);
    await expect(page.getByRole('region', { name: /^Repository / })).toHaveCount(1);
    await win.screenshots('git');

    await card.getByRole('button', { name: `Unfollow ${REPO} for ${PROJECT}` }).click();
    await expect(page.getByRole('region', { name: 'Notifications' }).getByRole('button', { name: `Open: Unfollowed ${REPO}` })).toBeVisible();
    await expect(follows).toHaveCount(0);
  });
});
