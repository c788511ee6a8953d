import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../main/events/bus';
import { GitPushService } from '../../main/git/git-push-service';
import type { Clock, FollowDeployer } from '../../main/git/types';
import type { Notice, Notifier } from '../../main/notify/notifier';
import { openStore, type Db } from '../../main/store/db';
import { EventRepo } from '../../main/store/event-repo';
import { parseWebhook, type GitEvent } from '../../main/inbound-webhook/parse';
import { defaultSettings, type AppEvent } from '../../preload/contract';
import { call, startApp, stopApp, tempDir } from './hooks-support';

const sha = (c: string): string => c.repeat(40);

/** Push bodies written by hand from the documented wire shapes (Gitea, GitHub and GitLab push events). */
const vendors = {
  github: (after: string, commits: number, delivery = randomUUID()) => ({
    headers: { 'x-github-event': 'push', 'x-github-delivery': delivery, 'user-agent': 'GitHub-Hookshot/4b2f1e0', 'content-type': 'application/json' },
    body: {
      ref: 'refs/heads/main',
      before: sha('0'),
      after,
      created: false,
      deleted: false,
      forced: false,
      base_ref: null,
      compare: `https://github.example/acme/web/compare/${after.slice(0, 12)}`,
      head_commit: { id: after, message: `commit ${String(commits)}` },
      commits: Array.from({ length: commits }, (_, i) => ({
        id: i === commits - 1 ? after : sha(String((i % 8) + 1)),
        message: `change ${String(i + 1)}`,
        url: `https://github.example/acme/web/commit/${String(i)}`,
        author: { name: 'Alice Example', username: 'alice' },
      })),
      repository: { full_name: 'acme/web', clone_url: 'https://github.example/acme/web.git', html_url: 'https://github.example/acme/web' },
      pusher: { name: 'alice', email: 'alice@example.test' },
      sender: { login: 'alice' },
    },
  }),
  gitea: (after: string, commits: number) => ({
    headers: { 'x-gitea-delivery': randomUUID(), 'x-gitea-event': 'push', 'x-gitea-event-type': 'push', 'x-github-event': 'push', 'content-type': 'application/json' },
    body: {
      ref: 'refs/heads/dev',
      before: sha('0'),
      after,
      compare_url: `https://gitea.example/acme/api/compare/${after.slice(0, 10)}`,
      commits: Array.from({ length: commits }, (_, i) => ({
        id: i === commits - 1 ? after : sha('c'),
        message: `fix ${String(i + 1)}\n`,
        url: `https://gitea.example/acme/api/commit/${String(i)}`,
        author: { name: 'Bob', email: 'bob@example.test', username: 'bob' },
      })),
      total_commits: commits,
      head_commit: { id: after },
      repository: { id: 7, name: 'api', full_name: 'acme/api', clone_url: 'https://gitea.example/acme/api.git', html_url: 'https://gitea.example/acme/api', default_branch: 'main', owner: { login: 'acme' } },
      pusher: { login: 'bob' },
      sender: { login: 'bob' },
    },
  }),
  gitlab: (after: string, commits: number) => ({
    headers: { 'x-gitlab-event': 'Push Hook', 'idempotency-key': randomUUID(), 'x-gitlab-event-uuid': randomUUID(), 'user-agent': 'GitLab/17.5.0', 'content-type': 'application/json' },
    body: {
      object_kind: 'push',
      event_name: 'push',
      before: sha('0'),
      after,
      ref: 'refs/heads/main',
      checkout_sha: after,
      user_name: 'Carol Example',
      user_username: 'carol',
      project_id: 12,
      project: { id: 12, path_with_namespace: 'group/sub/tool', web_url: 'https://gitlab.example/group/sub/tool', git_http_url: 'https://gitlab.example/group/sub/tool.git', default_branch: 'main' },
      commits: Array.from({ length: commits }, (_, i) => ({ id: i === commits - 1 ? after : sha('d'), message: `feat ${String(i + 1)}`, timestamp: '2026-01-01T00:00:00Z', url: `https://gitlab.example/group/sub/tool/-/commit/${String(i)}` })),
      total_commits_count: commits,
    },
  }),
};

type Request = { headers: Record<string, string>; body: unknown };

function parseGit(req: Request): { event: GitEvent; deliveryKey: string } {
  const parsed = parseWebhook({ headers: req.headers, body: Buffer.from(JSON.stringify(req.body)) });
  if (parsed.outcome.kind !== 'events') throw new Error(`not parsed: ${JSON.stringify(parsed.outcome)}`);
  const event = parsed.outcome.events[0];
  if (event?.kind !== 'git') throw new Error('not a git event');
  return { event, deliveryKey: parsed.dedupeKey };
}

function manualClock(start: number): Clock & { advance(ms: number): void } {
  let now = start;
  let timers: { at: number; fn: () => void; live: boolean }[] = [];
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const t = { at: now + ms, fn, live: true };
      timers.push(t);
      return { cancel: () => (t.live = false) };
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const next = timers.filter((t) => t.live && t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!next) break;
        now = next.at;
        next.live = false;
        next.fn();
      }
      timers = timers.filter((t) => t.live);
      now = end;
    },
  };
}

const dirs: string[] = [];
const dbs: Db[] = [];
afterEach(() => {
  for (const d of dbs.splice(0)) d.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function setup(opts: { deployer?: FollowDeployer; gitPush?: boolean } = {}) {
  const dir = tempDir('slipway-git-');
  dirs.push(dir);
  const db = openStore(path.join(dir, 'slipway.db'));
  dbs.push(db);
  const bus = new EventBus(new EventRepo(db));
  const events: AppEvent[] = [];
  bus.onEvent((e) => events.push(e));
  const notices: Notice[] = [];
  const notifier: Notifier = { notify: (n) => notices.push(n) };
  const clock = manualClock(Date.parse('2026-05-01T12:00:00Z'));
  const prefs = { ...defaultSettings.notifications, gitPush: opts.gitPush ?? true };
  const git = new GitPushService({ db, bus, notifier, prefs: () => prefs, clock, deployer: opts.deployer ?? null });
  return { db, git, events, notices, clock };
}

describe('git pushes', () => {
  it('records pushes from GitHub, Gitea and GitLab shapes, notifies with a link and emits git.push', () => {
    const { git, events, notices } = setup();
    const gh = parseGit(vendors.github(sha('a'), 3));
    const gt = parseGit(vendors.gitea(sha('b'), 2));
    const gl = parseGit(vendors.gitlab(sha('e'), 1));
    expect(git.record(gh.event, { deliveryKey: gh.deliveryKey })).toMatchObject({ status: 'recorded', follows: 0 });
    expect(git.record(gt.event, { deliveryKey: gt.deliveryKey })).toMatchObject({ status: 'recorded' });
    expect(git.record(gl.event, { deliveryKey: gl.deliveryKey })).toMatchObject({ status: 'recorded' });

    expect(notices.map((n) => n.title)).toEqual([
      '[acme/web] alice pushed 3 commits to main',
      '[acme/api] bob pushed 2 commits to dev',
      '[group/sub/tool] carol pushed 1 commit to main',
    ]);
    expect(notices[0]!.body).toBe(`https://github.example/acme/web/compare/${sha('a').slice(0, 12)}`);
    expect(notices[2]!.body).toBe('https://gitlab.example/group/sub/tool/-/commit/0'); // no compare URL: the last commit's
    const pushes = events.filter((e) => e.type === 'git.push');
    expect(pushes).toHaveLength(3);
    expect(pushes[0]).toMatchObject({ message: '[acme/web] alice pushed 3 commits to main', data: { repo: 'acme/web', branch: 'main', commit: sha('a'), pusher: 'alice', commitCount: 3 } });

    const repos = git.pushes({ limit: 20 });
    expect(repos.map((r) => r.repo)).toEqual(['group/sub/tool', 'acme/api', 'acme/web']);
    expect(repos[2]).toMatchObject({ repoUrl: 'https://github.example/acme/web.git', pushCount: 1 });
    expect(repos[2]!.pushes[0]).toMatchObject({ ref: 'refs/heads/main', commitCount: 3, commits: [{ message: 'change 1', author: 'alice' }, {}, { id: sha('a') }] });
  });

  it('records and notifies a duplicate delivery once', () => {
    const { git, events, notices, clock } = setup();
    const delivery = randomUUID();
    const first = parseGit(vendors.github(sha('a'), 2, delivery));
    const again = parseGit(vendors.github(sha('a'), 2, delivery)); // GitHub redelivery keeps the GUID
    expect(first.deliveryKey).toBe(again.deliveryKey);
    expect(git.record(first.event, { deliveryKey: first.deliveryKey }).status).toBe('recorded');
    expect(git.record(again.event, { deliveryKey: again.deliveryKey })).toMatchObject({ status: 'duplicate' });
    // Gitea replays carry a new delivery id: the ref already at that commit makes it a duplicate too.
    const gitea1 = parseGit(vendors.gitea(sha('b'), 1));
    const gitea2 = parseGit(vendors.gitea(sha('b'), 1));
    expect(git.record(gitea1.event, { deliveryKey: gitea1.deliveryKey }).status).toBe('recorded');
    expect(git.record(gitea2.event, { deliveryKey: gitea2.deliveryKey }).status).toBe('duplicate');
    clock.advance(120_000);
    expect(events.filter((e) => e.type === 'git.push')).toHaveLength(2);
    expect(notices).toHaveLength(2);
    expect(git.pushes({ limit: 20 }).reduce((n, r) => n + r.pushCount, 0)).toBe(2);
  });

  it("pages back through one repository's history with beforeId", () => {
    const { git } = setup();
    for (const c of ['1', '2', '3']) {
      const p = parseGit(vendors.gitea(sha(c), 1));
      expect(git.record(p.event, { deliveryKey: p.deliveryKey }).status).toBe('recorded');
    }
    const [first] = git.pushes({ repo: 'acme/api', limit: 2 });
    expect(first?.pushCount).toBe(3);
    expect(first?.pushes.map((p) => p.commit)).toEqual([sha('3'), sha('2')]);
    const [next] = git.pushes({ repo: 'acme/api', limit: 2, beforeId: first?.pushes[1]?.id });
    expect(next?.pushes.map((p) => p.commit)).toEqual([sha('1')]);
  });

  it('sends at most one notice per repository per minute, summing the pushes in between', () => {
    const { git, events, notices, clock } = setup();
    const push = (after: string, commits: number): void => {
      const p = parseGit(vendors.github(after, commits));
      expect(git.record(p.event, { deliveryKey: p.deliveryKey }).status).toBe('recorded');
    };
    push(sha('1'), 1);
    clock.advance(5_000);
    push(sha('2'), 2);
    clock.advance(20_000);
    push(sha('3'), 4);
    const api = parseGit(vendors.gitea(sha('9'), 1)); // another repository is not held back
    git.record(api.event, { deliveryKey: api.deliveryKey });
    expect(notices.map((n) => n.title)).toEqual(['[acme/web] alice pushed 1 commit to main', '[acme/api] bob pushed 1 commit to dev']);
    clock.advance(34_999);
    expect(notices).toHaveLength(2);
    clock.advance(1);
    expect(notices.map((n) => n.title)).toEqual([
      '[acme/web] alice pushed 1 commit to main',
      '[acme/api] bob pushed 1 commit to dev',
      '[acme/web] alice pushed 6 commits to main (2 pushes)',
    ]);
    // Every push is still its own event (the event log and hooks see each one).
    expect(events.filter((e) => e.type === 'git.push')).toHaveLength(4);
    clock.advance(60_000);
    push(sha('4'), 1);
    expect(notices).toHaveLength(4);
  });

  it('honours the git push notification preference', () => {
    const { git, events, notices } = setup({ gitPush: false });
    const p = parseGit(vendors.gitlab(sha('e'), 2));
    git.record(p.event, { deliveryKey: p.deliveryKey });
    expect(notices).toHaveLength(0);
    expect(events.filter((e) => e.type === 'git.push')).toHaveLength(1);
  });

  it('runs the follow action of projects following the repository and branch', async () => {
    const calls: { stageId: number; tag: string | null; reason: string }[] = [];
    const deployer: FollowDeployer = {
      redeploy: (req) => {
        calls.push(req);
        return Promise.resolve({ deployId: 41, note: null });
      },
    };
    const { db, git, events } = setup({ deployer });
    const now = Date.now();
    const project = Number(
      db.prepare("INSERT INTO projects(name, image, pull_policy, restart_policy, stop_timeout_sec, created_at, updated_at) VALUES ('web', 'localhost:5000/acme/web', 'always', 'no', 10, ?, ?)").run(now, now).lastInsertRowid,
    );
    const stage = Number(
      db
        .prepare("INSERT INTO stages(project_id, name, tag_pattern, auto_deploy, auto_promote, public_port, max_instances, poll_enabled, mode, created_at) VALUES (?, 'dev', '*', 1, 0, 18080, 1, 1, 'http', ?)")
        .run(project, now).lastInsertRowid,
    );
    const f = git.follow({ projectId: project, repo: 'ACME/web', branch: 'ma*', action: { kind: 'redeploy', stageId: stage, tag: 'dev' } });
    expect(f).toMatchObject({ projectId: project, repo: 'ACME/web', branch: 'ma*', lastTriggeredAt: null });
    expect(() => git.follow({ projectId: project, repo: 'x/y', branch: '*', action: { kind: 'redeploy', stageId: 999, tag: null } })).toThrow(/Stage 999/);

    const main = parseGit(vendors.github(sha('a'), 1));
    expect(git.record(main.event, { deliveryKey: main.deliveryKey })).toMatchObject({ status: 'recorded', follows: 1 });
    const other = parseGit(vendors.gitea(sha('b'), 1)); // another repository
    expect(git.record(other.event, { deliveryKey: other.deliveryKey })).toMatchObject({ follows: 0 });
    await git.stop();
    expect(calls).toEqual([{ stageId: stage, tag: 'dev', reason: `git push to acme/web main (${sha('a').slice(0, 12)})` }]);
    expect(events.find((e) => e.type === 'git.follow.triggered')).toMatchObject({ deployId: 41, projectId: project, stageId: stage });
    expect(git.follows(project)[0]!.lastTriggeredAt).not.toBeNull();
    git.unfollow(f.id);
    expect(git.follows()).toEqual([]);
  });

  it('is reachable through the contract', async () => {
    const dir = tempDir('slipway-git-app-');
    dirs.push(dir);
    const app = await startApp(dir);
    try {
      const p = parseGit(vendors.gitlab(sha('e'), 3));
      expect(app.gitPushes.record(p.event, { deliveryKey: p.deliveryKey }).status).toBe('recorded');
      const { repositories } = await call(app, 'git.pushes', { repo: 'GROUP/sub/tool' });
      expect(repositories).toHaveLength(1);
      expect(repositories[0]).toMatchObject({ repo: 'group/sub/tool', pushCount: 1, pushes: [{ branch: 'main', pusher: 'carol', commitCount: 3 }] });
      expect(await app.dispatch('git.follow', { projectId: 5, repo: 'a/b', action: { kind: 'redeploy', stageId: 1 } })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(await app.dispatch('git.unfollow', { id: 5 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(await call(app, 'git.follows', {})).toEqual({ follows: [] });
    } finally {
      await stopApp(app);
    }
  });

  it('takes pushes through the real webhook listener: recorded once however often the forge delivers', async () => {
    const dir = tempDir('slipway-git-listener-');
    dirs.push(dir);
    const app = await startApp(dir);
    try {
      const pushEvents: AppEvent[] = [];
      app.bus.onEvent((e) => {
        if (e.type === 'git.push') pushEvents.push(e);
      });
      const req = vendors.github(sha('f'), 2);
      const post = (): Promise<Response> => fetch(app.listener.url(), { method: 'POST', headers: req.headers, body: JSON.stringify(req.body) });
      const first = await post();
      expect(first.status).toBeLessThan(300);
      const again = await post(); // a redelivery: same X-GitHub-Delivery
      expect(again.status).toBeLessThan(300);
      const { repositories } = await call(app, 'git.pushes', {});
      expect(repositories).toHaveLength(1);
      expect(repositories[0]).toMatchObject({ repo: 'acme/web', pushCount: 1, pushes: [{ commit: sha('f'), pusher: 'alice', commitCount: 2 }] });
      expect(pushEvents).toHaveLength(1);
    } finally {
      await stopApp(app);
    }
  });
});
