import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../main/app';
import type { AppEvent } from '../../preload/contract';
import { requireEngine } from '../rig/engine-available';
import { buildTestApp } from '../rig/fixtures';
import { call, startApp, stopApp, tempDir, waitFor } from './hooks-support';

const engine = requireEngine();
const REPO = 'localhost:5000/it-follow/web';

/** A GitHub push delivery, written from the documented shape of a push event. */
function githubPush(repo: string, branch: string, after: string): { headers: Record<string, string>; body: string } {
  return {
    headers: { 'content-type': 'application/json', 'x-github-event': 'push', 'x-github-delivery': randomUUID(), 'user-agent': 'GitHub-Hookshot/1a2b3c4' },
    body: JSON.stringify({
      ref: `refs/heads/${branch}`,
      before: '0'.repeat(40),
      after,
      deleted: false,
      compare: `https://github.example/${repo}/compare/x`,
      head_commit: { id: after, message: 'ship it' },
      commits: [{ id: after, message: 'ship it', url: `https://github.example/${repo}/commit/${after}`, author: { name: 'Dana', username: 'dana' } }],
      repository: { full_name: repo, clone_url: `https://github.example/${repo}.git` },
      pusher: { name: 'dana' },
    }),
  };
}

async function body(url: string): Promise<string> {
  const res = await fetch(url);
  return (await res.text()).trim();
}

describe.skipIf(!engine.available)('following a git repository', () => {
  let app: App;
  let dir: string;
  let projectId = 0;

  beforeAll(async () => {
    dir = tempDir('slipway-git-follow-');
    app = await startApp(dir);
  });

  afterAll(async () => {
    if (projectId) await app.dispatch('projects.remove', { id: projectId });
    await stopApp(app);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a push to a followed branch re-pulls the moving tag and deploys the new image', async () => {
    await buildTestApp({ repository: REPO, tag: 'dev', version: 'v1' });
    const project = await call(app, 'projects.create', {
      image: REPO,
      name: 'git-follow',
      health: { kind: 'http', path: '/health', timeoutMs: 5000 },
      stopTimeoutSec: 1,
      stages: [{ name: 'dev', tagPattern: 'dev', autoDeploy: false }],
    });
    projectId = project.id;
    const stage = project.stages[0]!;
    expect((await call(app, 'stages.deploy', { stageId: stage.id, tag: 'dev', wait: true })).status).toBe('succeeded');
    expect(await body(stage.url)).toBe('v1');

    const follow = await call(app, 'git.follow', { projectId, repo: 'acme/web', branch: 'main', action: { kind: 'redeploy', stageId: stage.id, tag: null } });
    const events: AppEvent[] = [];
    app.bus.onEvent((e) => events.push(e));

    // CI built and pushed a new image under the same tag; then the forge tells Slipway about the commit.
    await buildTestApp({ repository: REPO, tag: 'dev', version: 'v2' });
    const other = githubPush('acme/other', 'main', 'a'.repeat(40));
    const feature = githubPush('acme/web', 'feature-x', 'b'.repeat(40));
    const main = githubPush('acme/web', 'main', 'c'.repeat(40));
    for (const req of [other, feature, main]) expect((await fetch(app.listener.url(), { method: 'POST', headers: req.headers, body: req.body })).status).toBeLessThan(300);

    const triggered = await waitFor('the follow action', () => events.find((e) => e.type === 'git.follow.triggered'));
    expect(events.filter((e) => e.type === 'git.follow.triggered')).toHaveLength(1); // only acme/web main matched
    expect(triggered).toMatchObject({ projectId, stageId: stage.id, data: { followId: follow.id } });
    const deployId = triggered.deployId!;
    const done = await waitFor('the redeploy', async () => {
      const d = await call(app, 'deploys.get', { id: deployId });
      return ['succeeded', 'failed', 'skipped'].includes(d.status) ? d : null;
    }, 60_000);
    expect(done).toMatchObject({ status: 'succeeded', tag: 'dev', trigger: 'webhook' });
    expect(done.reason).toContain(`git push to acme/web main (${'c'.repeat(12)})`);
    expect(await body(stage.url)).toBe('v2');
    expect((await call(app, 'git.follows', { projectId })).follows[0]!.lastTriggeredAt).not.toBeNull();
    expect((await call(app, 'git.pushes', {})).repositories.map((r) => r.repo).sort()).toEqual(['acme/other', 'acme/web']);
  });
});
