import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../main/app';
import type { AppOptions } from '../../main/app';
import { Receiver, call, sleep, startApp, stopApp, tempDir, waitFor, type Answer, type Received } from './hooks-support';

const apps: App[] = [];
const receivers: Receiver[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const a of apps.splice(0)) await stopApp(a).catch(() => undefined);
  for (const r of receivers.splice(0)) await r.stop();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function receiver(respond?: (n: number, req: Received) => Answer): Promise<{ r: Receiver; base: string; hostPort: string }> {
  const r = await new Receiver(respond).start();
  receivers.push(r);
  const base = new URL(r.url).origin;
  return { r, base, hostPort: new URL(r.url).host };
}

async function app(base: string, extra: Partial<AppOptions> = {}): Promise<App> {
  const dir = tempDir('slipway-channels-http-');
  dirs.push(dir);
  const a = await startApp(dir, {
    hooks: { retry: { scheduleMs: [100, 200], maxDelayMs: 1_000 }, attemptTimeoutMs: 3_000, rescanMs: 500 },
    channels: { endpoints: { slack: base, discord: base, telegram: base } },
    ...extra,
  });
  a.channels.setWindowUrl('http://127.0.0.1:4321');
  apps.push(a);
  return a;
}

const json = (r: Received): Record<string, unknown> => JSON.parse(r.body) as Record<string, unknown>;
const TEST_TEXT = 'Slipway test message\nThis channel works: Slipway can reach it.\nhttp://127.0.0.1:4321/#/settings';

describe('HTTP channel kinds against loopback servers that check each service\'s documented API', () => {
  it('Matrix: password login, alias lookup, then PUT m.room.message per room with the access token', async () => {
    const { r, hostPort } = await receiver((_, req) => {
      if (req.url === '/_matrix/client/v3/login') return { status: 200, body: JSON.stringify({ access_token: 'syt_fromlogin', user_id: '@bot:test', device_id: 'slipway' }) };
      if (req.url.startsWith('/_matrix/client/v3/directory/room/')) return { status: 200, body: JSON.stringify({ room_id: '!resolved:test', servers: ['test'] }) };
      return { status: 200, body: JSON.stringify({ event_id: '$ev1' }) };
    });
    const a = await app('http://unused.invalid');
    const ch = await call(a, 'channels.create', { url: `matrix://bot:hunter2@${hostPort}/?rooms=!abc:test,%23ops:test&disableTLS=yes` });
    expect(ch.url).toBe(`matrix://bot:***@${hostPort}/?rooms=!abc:test,%23ops:test&disableTLS=yes`);
    const result = await call(a, 'channels.test', { id: ch.id });
    expect(result).toMatchObject({ ok: true, status: 200, answer: '{"event_id":"$ev1"}' });

    // https://spec.matrix.org/v1.11/client-server-api/#post_matrixclientv3login
    const [login, send1, alias, send2] = r.received;
    expect(login).toMatchObject({ method: 'POST', url: '/_matrix/client/v3/login' });
    expect(json(login!)).toEqual({ type: 'm.login.password', identifier: { type: 'm.id.user', user: 'bot' }, password: 'hunter2', device_id: 'slipway' });
    // https://spec.matrix.org/v1.11/client-server-api/#put_matrixclientv3roomsroomidsendeventtypetxnid
    expect(send1!.method).toBe('PUT');
    expect(send1!.url).toMatch(/^\/_matrix\/client\/v3\/rooms\/!abc%3Atest\/send\/m\.room\.message\/[\w.-]+$/);
    expect(send1!.headers.authorization).toBe('Bearer syt_fromlogin');
    expect(json(send1!)).toEqual({ msgtype: 'm.text', body: TEST_TEXT });
    // https://spec.matrix.org/v1.11/client-server-api/#get_matrixclientv3directoryroomroomalias
    expect(alias).toMatchObject({ method: 'GET', url: '/_matrix/client/v3/directory/room/%23ops%3Atest' });
    expect(alias!.headers.authorization).toBe('Bearer syt_fromlogin');
    expect(send2!.url).toMatch(/^\/_matrix\/client\/v3\/rooms\/!resolved%3Atest\/send\/m\.room\.message\//);
    expect(send2!.url).not.toBe(send1!.url); // one transaction id per room
    expect(r.received).toHaveLength(4);
  });

  it('Matrix with an access token (no user) sends straight away', async () => {
    const { r, hostPort } = await receiver(() => ({ status: 200, body: '{"event_id":"$e"}' }));
    const a = await app('http://unused.invalid');
    const ch = await call(a, 'channels.create', { url: `matrix://:syt_token@${hostPort}/?rooms=!abc:test&disableTLS=yes` });
    expect((await call(a, 'channels.test', { id: ch.id })).ok).toBe(true);
    expect(r.received).toHaveLength(1);
    expect(r.received[0]!.headers.authorization).toBe('Bearer syt_token');
  });

  it('ntfy: JSON published to the root URL with Basic auth, or Bearer for an access token', async () => {
    const { r, hostPort } = await receiver(() => ({ status: 200, body: '{"id":"abc","topic":"alerts"}' }));
    const a = await app('http://unused.invalid');
    const basic = await call(a, 'channels.create', { url: `ntfy://phil:mypass@${hostPort}/alerts?scheme=http&priority=high` });
    const token = await call(a, 'channels.create', { url: `ntfy://:tk_secret@${hostPort}/alerts?scheme=http` });
    expect((await call(a, 'channels.test', { id: basic.id })).answer).toBe('{"id":"abc","topic":"alerts"}');
    await call(a, 'channels.test', { id: token.id });
    // https://docs.ntfy.sh/publish/#publish-as-json and #authentication
    const [b, t] = r.received;
    expect(b).toMatchObject({ method: 'POST', url: '/' });
    expect(b!.headers['content-type']).toBe('application/json');
    expect(b!.headers.authorization).toBe(`Basic ${Buffer.from('phil:mypass').toString('base64')}`);
    expect(json(b!)).toEqual({
      topic: 'alerts',
      title: 'Slipway test message',
      message: 'This channel works: Slipway can reach it.',
      click: 'http://127.0.0.1:4321/#/settings',
      priority: 4,
    });
    expect(t!.headers.authorization).toBe('Bearer tk_secret');
  });

  it('Gotify: POST /message under the sub-path with X-Gotify-Key and a click URL extra', async () => {
    const { r, hostPort } = await receiver(() => ({ status: 200, body: '{"id":25,"appid":1}' }));
    const a = await app('http://unused.invalid');
    const ch = await call(a, 'channels.create', { url: `gotify://${hostPort}/gotify/AzyoeNS.D4iJLVa/?disableTLS=yes&priority=5` });
    expect(ch.url).not.toContain('AzyoeNS');
    expect((await call(a, 'channels.test', { id: ch.id })).ok).toBe(true);
    // https://gotify.net/api-docs (createMessage) and https://gotify.net/docs/msgextras
    const [g] = r.received;
    expect(g).toMatchObject({ method: 'POST', url: '/gotify/message' });
    expect(g!.headers['x-gotify-key']).toBe('AzyoeNS.D4iJLVa');
    expect(json(g!)).toEqual({
      title: 'Slipway test message',
      message: 'This channel works: Slipway can reach it.\nhttp://127.0.0.1:4321/#/settings',
      priority: 5,
      extras: { 'client::notification': { click: { url: 'http://127.0.0.1:4321/#/settings' } } },
    });
  });

  it('Slack, Discord and Telegram: their documented webhook and bot paths with the documented JSON', async () => {
    const { r, base } = await receiver((_, req) => (req.url.startsWith('/api/webhooks/') ? { status: 200, body: '{"id":"1"}' } : req.url.startsWith('/bot') ? { status: 200, body: '{"ok":true}' } : { status: 200, body: 'ok' }));
    const a = await app(base);
    const slack = await call(a, 'channels.create', { url: 'slack://hook:T0AB-B0CD-XyZsecret@webhook' });
    const discord = await call(a, 'channels.create', { url: 'discord://tok-en_1@123456789012345678' });
    const telegram = await call(a, 'channels.create', { url: 'telegram://110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw@telegram?chats=@mychannel,-1001' });
    for (const c of [slack, discord, telegram]) {
      const res = await call(a, 'channels.test', { id: c.id });
      expect(res.ok, `${c.kind}: ${String(res.error)}`).toBe(true);
    }
    const [s, d, t1, t2] = r.received;
    // https://api.slack.com/messaging/webhooks
    expect(s).toMatchObject({ method: 'POST', url: '/services/T0AB/B0CD/XyZsecret' });
    expect(json(s!)).toEqual({ text: TEST_TEXT });
    // https://discord.com/developers/docs/resources/webhook#execute-webhook
    expect(d).toMatchObject({ method: 'POST', url: '/api/webhooks/123456789012345678/tok-en_1?wait=true' });
    expect(d!.headers['content-type']).toBe('application/json');
    expect(json(d!)).toEqual({ content: TEST_TEXT });
    // https://core.telegram.org/bots/api#sendmessage
    expect(t1).toMatchObject({ method: 'POST', url: '/bot110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage' });
    expect(json(t1!)).toEqual({ chat_id: '@mychannel', text: TEST_TEXT });
    expect(json(t2!)).toEqual({ chat_id: '-1001', text: TEST_TEXT });
    const listed = JSON.stringify(await call(a, 'channels.list', {}));
    for (const secret of ['XyZsecret', 'tok-en_1', 'AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw']) expect(listed).not.toContain(secret);
  });

  it("routes by event type and project, sums pushes per repository per interval, and answers with the server's refusal", async () => {
    const { r, hostPort } = await receiver((_, req) => (json(req)['topic'] === 'broken' ? { status: 403, body: '{"error":"forbidden"}' } : { status: 200, body: '{}' }));
    const a = await app('http://unused.invalid', { channels: { pushIntervalMs: 400 } });
    const pushes = await call(a, 'channels.create', { url: `ntfy://${hostPort}/pushes?scheme=http`, events: ['git.push'] });
    const filtered = await call(a, 'channels.create', { url: `ntfy://${hostPort}/only-project?scheme=http`, events: ['deploy.succeeded'] });
    const project = await call(a, 'projects.create', { image: 'localhost:5000/it-channels/web', name: 'it-channels-route', stages: [{ name: 'dev', tagPattern: '*', autoDeploy: false }] });
    await call(a, 'channels.update', { id: filtered.id, projectId: project.id });
    const push = (n: number): void => {
      a.bus.emit({ type: 'git.push', message: 'push', data: { repo: 'acme/web', pusher: 'ann', commitCount: n, branch: 'main', compareUrl: 'https://git.test/compare' } });
    };
    push(1);
    push(2);
    push(3);
    a.bus.emit({ type: 'deploy.succeeded', message: 'other project', projectId: project.id + 1000, data: { project: 'x', stage: 'dev', tag: '1' } });
    a.bus.emit({ type: 'deploy.succeeded', message: 'it-channels-route dev: 1.0 is live', projectId: project.id, data: { project: 'it-channels-route', stage: 'dev', tag: '1.0' } });
    await waitFor('the summed push', () => r.received.filter((x) => json(x)['topic'] === 'pushes').length >= 2);
    await sleep(600);
    const byTopic = (topic: string): Record<string, unknown>[] => r.received.map(json).filter((b) => b['topic'] === topic);
    expect(byTopic('pushes').map((b) => b['title'])).toEqual(['[acme/web] push', '[acme/web] 2 pushes']);
    expect(byTopic('pushes')[1]!['message']).toBe('ann pushed 5 commits to main (2 pushes) (https://git.test/compare)');
    expect(byTopic('only-project').map((b) => b['message'])).toEqual(['it-channels-route dev: 1.0 is live']);
    expect(byTopic('only-project')[0]!['click']).toBe(`http://127.0.0.1:4321/#/projects/${String(project.id)}`);

    const broken = await call(a, 'channels.create', { url: `ntfy://${hostPort}/broken?scheme=http` });
    const res = await call(a, 'channels.test', { id: broken.id });
    expect(res).toMatchObject({ ok: false, status: 403, answer: '{"error":"forbidden"}', error: 'the receiver answered HTTP 403' });
    await call(a, 'projects.remove', { id: project.id });
    // The project's channel goes with it, delivery log and all.
    expect((await call(a, 'channels.list', {})).channels.map((c) => c.id)).toEqual([pushes.id, broken.id]);
  });

  it('a channel that keeps failing is turned off with a notice that other channels receive, never itself (loop rule)', async () => {
    const { r, hostPort } = await receiver((_, req) => (json(req)['topic'] === 'down' ? { status: 500 } : { status: 200, body: '{}' }));
    const a = await app('http://unused.invalid', {
      hooks: { retry: { scheduleMs: [50], maxDelayMs: 500 }, attemptTimeoutMs: 2_000, rescanMs: 200, disableAfterFailedDeliveries: 1 },
    });
    const down = await call(a, 'channels.create', { url: `ntfy://${hostPort}/down?scheme=http` });
    const watcher = await call(a, 'channels.create', { url: `ntfy://${hostPort}/watcher?scheme=http`, events: ['hook.disabled'] });
    a.bus.emit({ type: 'instance.died', level: 'error', message: 'web dev: the live instance exited (137)', data: { project: 'web', stage: 'dev' } });
    const off = await waitFor('the failing channel turned off', async () => (await call(a, 'channels.list', {})).channels.find((c) => c.id === down.id && !c.enabled));
    expect(off.disabledReason).toContain('failed after all retries');
    await waitFor('the notice on the other channel', () => r.received.some((x) => json(x)['topic'] === 'watcher'));
    await sleep(500);
    const notices = r.received.map(json).filter((b) => b['topic'] === 'watcher');
    expect(notices).toHaveLength(1);
    expect(String(notices[0]!['message'])).toContain(`Channel ${String(down.id)} turned off`);
    expect(r.received.map(json).filter((b) => b['topic'] === 'down')).toHaveLength(2); // the attempt and its one retry, nothing after
    expect((await call(a, 'channels.test', { id: watcher.id })).ok).toBe(true);
    const again = await a.dispatch('channels.test', { id: down.id });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});
