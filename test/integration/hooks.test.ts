import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../main/app';
import { EventBus } from '../../main/events/bus';
import { openStore } from '../../main/store/db';
import { EventRepo } from '../../main/store/event-repo';
import type { Toast } from '../../preload/contract';
import { Receiver, call, sleep, startApp, stopApp, tempDir, waitFor } from './hooks-support';

const apps: App[] = [];
const receivers: Receiver[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const a of apps.splice(0)) await stopApp(a).catch(() => undefined);
  for (const r of receivers.splice(0)) await r.stop();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function receiver(respond?: ConstructorParameters<typeof Receiver>[0]): Promise<Receiver> {
  const r = await new Receiver(respond).start();
  receivers.push(r);
  return r;
}

async function app(opts: Parameters<typeof startApp>[1] = {}, dataDir = tempDir('slipway-hooks-')): Promise<App> {
  if (!dirs.includes(dataDir)) dirs.push(dataDir);
  const a = await startApp(dataDir, opts);
  apps.push(a);
  return a;
}

function emitDeploy(a: App, tag = '1.2.0'): number {
  return a.bus.emit({
    type: 'deploy.succeeded',
    message: `acme/web dev: ${tag} is live`,
    projectId: 1,
    stageId: 2,
    deployId: 3,
    data: { image: 'localhost:5000/acme/web', tag, digest: 'sha256:' + 'a'.repeat(64) },
  }).id;
}

const fast = { retry: { scheduleMs: [150, 600], maxDelayMs: 5_000 }, attemptTimeoutMs: 2_000, rescanMs: 1_000 };

describe('outbound hooks', () => {
  it('delivers a deploy event signed per Standard Webhooks, verifiable with the reference library', async () => {
    const r = await receiver(() => ({ status: 200, body: 'thanks' }));
    const a = await app({ hooks: fast });
    const hook = await call(a, 'hooks.create', { url: r.url, events: ['deploy.succeeded', 'deploy.failed'] });
    expect(hook.secret).toMatch(/^whsec_/);
    const eventId = emitDeploy(a);
    a.bus.emit({ type: 'stage.promoted', message: 'not subscribed' });
    a.bus.emit({ type: 'app.something', message: 'not notable' });

    await waitFor('one delivery', () => r.received.length === 1);
    const got = r.received[0]!;
    const headers = Object.fromEntries(Object.entries(got.headers).map(([k, v]) => [k, String(v)]));
    const verified = new Webhook(hook.secret).verify(got.body, headers) as { type: string; version: number; timestamp: string; data: Record<string, unknown> };
    expect(verified).toMatchObject({
      type: 'deploy.succeeded',
      version: 1,
      data: { tag: '1.2.0', projectId: 1, stageId: 2, deployId: 3, eventId, message: 'acme/web dev: 1.2.0 is live' },
    });
    expect(new Date(verified.timestamp).toISOString()).toBe(verified.timestamp);
    expect(() => new Webhook(`whsec_${Buffer.from('someone else').toString('base64')}`).verify(got.body, headers)).toThrow();
    expect(headers['x-slipway-signature-256']).toBe(`sha256=${createHmac('sha256', hook.secret).update(got.body).digest('hex')}`);
    expect(headers['user-agent']).toBe('Slipway-Hookshot/0.0.0-test');
    expect(headers['content-type']).toBe('application/json');

    const { deliveries } = await waitFor('the attempt recorded', async () => {
      const d = await call(a, 'hooks.deliveries', { hookId: hook.id });
      return d.deliveries[0]?.status === 'succeeded' ? d : null;
    });
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ eventId, eventType: 'deploy.succeeded', messageId: headers['webhook-id'], nextAttemptAt: null });
    expect(deliveries[0]!.attempts).toEqual([
      expect.objectContaining({ status: 200, ok: true, error: null, responseSnippet: 'thanks', manual: false }),
    ]);

    const { hooks } = await call(a, 'hooks.list', {});
    expect(hooks).toEqual([expect.objectContaining({ id: hook.id, url: r.url, enabled: true, secretHint: `whsec_…${hook.secret.slice(-4)}`, pendingDeliveries: 0 })]);
    expect(JSON.stringify(hooks)).not.toContain(hook.secret);
    await sleep(200);
    expect(r.received).toHaveLength(1); // stage.promoted was not subscribed, app.something is not notable
  });

  it('retries a failing receiver: fails twice, then succeeds → exactly three attempts with growing gaps', async () => {
    const r = await receiver((n) => (n <= 2 ? { status: 503, body: `busy ${String(n)}` } : { status: 204 }));
    const a = await app({ hooks: fast });
    const hook = await call(a, 'hooks.create', { url: r.url });
    emitDeploy(a);

    const delivery = await waitFor('success after retries', async () => {
      const d = (await call(a, 'hooks.deliveries', { hookId: hook.id })).deliveries[0];
      return d?.status === 'succeeded' ? d : null;
    });
    await sleep(800); // longer than any remaining retry delay: nothing more may arrive
    expect(r.received).toHaveLength(3);
    const ids = new Set(r.received.map((x) => x.headers['webhook-id']));
    expect(ids.size).toBe(1); // the same message id on every attempt, so receivers can dedupe
    const [t0, t1, t2] = r.received.map((x) => x.at) as [number, number, number];
    const gap1 = t1 - t0;
    const gap2 = t2 - t1;
    expect(gap1).toBeGreaterThanOrEqual(70); // ≥ half of the first step (jitter keeps half fixed)
    expect(gap2).toBeGreaterThan(gap1);
    expect(gap2).toBeGreaterThanOrEqual(300);
    expect(delivery.attempts.map((x) => [x.status, x.ok])).toEqual([
      [503, false],
      [503, false],
      [204, true],
    ]);
    expect(delivery.attempts[0]!.responseSnippet).toBe('busy 1');
    expect(delivery.attempts[0]!.error).toContain('503');
    // Each attempt is signed anew at its own time, and every one verifies.
    for (const x of r.received) {
      const headers = Object.fromEntries(Object.entries(x.headers).map(([k, v]) => [k, String(v)]));
      expect(() => new Webhook(hook.secret).verify(x.body, headers)).not.toThrow();
    }
  });

  it('loses nothing across a restart between attempts', async () => {
    let up = false;
    const r = await receiver(() => (up ? { status: 200, body: 'ok' } : { status: 500, body: 'down' }));
    const dataDir = tempDir('slipway-hooks-restart-');
    const opts = { hooks: { ...fast, retry: { scheduleMs: [1_500], maxDelayMs: 5_000 } } };
    const first = await app(opts, dataDir);
    const hook = await call(first, 'hooks.create', { url: r.url });
    const eventId = emitDeploy(first);
    await waitFor('the first attempt recorded', async () => (await call(first, 'hooks.deliveries', { hookId: hook.id })).deliveries[0]?.attempts.length === 1);
    await first.stop();
    apps.splice(apps.indexOf(first), 1);
    expect(r.received).toHaveLength(1);

    up = true;
    const second = await app(opts, dataDir);
    const delivery = await waitFor('the retry after restart', async () => {
      const d = (await call(second, 'hooks.deliveries', { hookId: hook.id })).deliveries[0];
      return d?.status === 'succeeded' ? d : null;
    });
    expect(delivery.eventId).toBe(eventId);
    expect(delivery.attempts.map((x) => x.status)).toEqual([500, 200]);
    expect(r.received).toHaveLength(2);
    expect(r.received[1]!.headers['webhook-id']).toBe(r.received[0]!.headers['webhook-id']);
  });

  it('delivers an event that was logged but never queued (a crash between emit and outbox write)', async () => {
    const r = await receiver(() => ({ status: 200 }));
    const dataDir = tempDir('slipway-hooks-crash-');
    const first = await app({ hooks: fast }, dataDir);
    await call(first, 'hooks.create', { url: r.url });
    await first.stop();
    apps.splice(apps.indexOf(first), 1);

    // What a crash leaves behind: the event is in the log (the bus persists before listeners run), no outbox row.
    const db = openStore(path.join(dataDir, 'slipway.db'));
    const lost = new EventBus(new EventRepo(db)).emit({ type: 'deploy.failed', level: 'error', message: 'health check failed', projectId: 1, stageId: 1, deployId: 9 });
    new EventBus(new EventRepo(db)).emit({ type: 'app.note', message: 'not notable' });
    db.close();

    await app({ hooks: fast }, dataDir);
    await waitFor('the caught-up delivery', () => r.received.length === 1);
    expect(JSON.parse(r.received[0]!.body)).toMatchObject({ type: 'deploy.failed', data: { eventId: lost.id, deployId: 9 } });
    await sleep(300);
    expect(r.received).toHaveLength(1);
  });

  it('leaves an attempt cut off by stop() due, and sends it after the next start', async () => {
    let hang = true;
    const r = await receiver(() => (hang ? 'hang' : { status: 200 }));
    const dataDir = tempDir('slipway-hooks-stop-');
    const opts = { hooks: { ...fast, stopGraceMs: 100 } };
    const first = await app(opts, dataDir);
    const hook = await call(first, 'hooks.create', { url: r.url });
    emitDeploy(first);
    await waitFor('the attempt in flight', () => r.received.length === 1);
    await first.stop();
    apps.splice(apps.indexOf(first), 1);

    hang = false;
    const second = await app(opts, dataDir);
    const delivery = await waitFor('delivery after restart', async () => {
      const d = (await call(second, 'hooks.deliveries', { hookId: hook.id })).deliveries[0];
      return d?.status === 'succeeded' ? d : null;
    });
    // The cut-off attempt is not held against the receiver: one recorded attempt, the successful one.
    expect(delivery.attempts.map((x) => x.status)).toEqual([200]);
    expect(r.received).toHaveLength(2);
  });

  it('keeps at most two attempts in flight per endpoint and never holds up the emitter', async () => {
    const r = await receiver(() => ({ status: 200, delayMs: 150 }));
    const a = await app({ hooks: fast });
    const hook = await call(a, 'hooks.create', { url: r.url });
    for (let i = 0; i < 8; i++) emitDeploy(a, `1.0.${String(i)}`);
    expect(r.received).toHaveLength(0); // emit only wrote outbox rows; sending happens later
    await waitFor('all eight delivered', async () => (await call(a, 'hooks.deliveries', { hookId: hook.id })).deliveries.filter((d) => d.status === 'succeeded').length === 8);
    expect(r.received).toHaveLength(8);
    expect(r.maxInFlight).toBe(2);
  });

  it('records a timeout and a refused connection, and gives up after the schedule', async () => {
    const r = await receiver(() => 'hang');
    const a = await app({ hooks: { ...fast, attemptTimeoutMs: 300, retry: { scheduleMs: [100], maxDelayMs: 1_000 } } });
    const hook = await call(a, 'hooks.create', { url: r.url });
    emitDeploy(a);
    const d = await waitFor('given up', async () => {
      const x = (await call(a, 'hooks.deliveries', { hookId: hook.id })).deliveries[0];
      return x?.status === 'failed' ? x : null;
    });
    expect(d.attempts).toHaveLength(2);
    expect(d.attempts[0]).toMatchObject({ status: null, ok: false, error: 'no answer within 0.3 s' });

    const refused = await call(a, 'hooks.create', { url: 'http://127.0.0.1:9/nothing-listens' });
    await call(a, 'hooks.update', { id: hook.id, enabled: false });
    emitDeploy(a);
    const d2 = await waitFor('refused recorded', async () => (await call(a, 'hooks.deliveries', { hookId: refused.id })).deliveries[0]?.attempts[0]);
    expect(d2.error).toMatch(/connection refused by 127\.0\.0\.1:9/);
  });

  it('honours Retry-After within the cap', async () => {
    const r = await receiver((n) => (n === 1 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 }));
    const a = await app({ hooks: { ...fast, retry: { scheduleMs: [50], maxDelayMs: 5_000 } } });
    await call(a, 'hooks.create', { url: r.url });
    emitDeploy(a);
    await waitFor('second attempt', () => r.received.length === 2);
    expect(r.received[1]!.at - r.received[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('redelivers on request with the same webhook-id, recording a manual attempt', async () => {
    const r = await receiver(() => ({ status: 200 }));
    const a = await app({ hooks: fast });
    const hook = await call(a, 'hooks.create', { url: r.url });
    emitDeploy(a);
    const first = await waitFor('delivered', async () => (await call(a, 'hooks.deliveries', { hookId: hook.id })).deliveries.find((d) => d.status === 'succeeded'));
    const again = await call(a, 'hooks.redeliver', { deliveryId: first.id });
    expect(again.status).toBe('succeeded');
    expect(again.attempts.map((x) => x.manual)).toEqual([false, true]);
    expect(r.received).toHaveLength(2);
    expect(r.received[1]!.headers['webhook-id']).toBe(r.received[0]!.headers['webhook-id']);
    const missing = await a.dispatch('hooks.redeliver', { deliveryId: 9999 });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('rotates the secret: the new one is shown once and signs what follows', async () => {
    const r = await receiver(() => ({ status: 200 }));
    const a = await app({ hooks: fast });
    const hook = await call(a, 'hooks.create', { url: r.url });
    const rotated = await call(a, 'hooks.update', { id: hook.id, rotateSecret: true });
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(hook.secret);
    const plain = await call(a, 'hooks.update', { id: hook.id, events: ['deploy.succeeded'] });
    expect(plain.secret).toBeUndefined();
    emitDeploy(a);
    await waitFor('delivered', () => r.received.length === 1);
    const x = r.received[0]!;
    const headers = Object.fromEntries(Object.entries(x.headers).map(([k, v]) => [k, String(v)]));
    expect(() => new Webhook(rotated.secret!).verify(x.body, headers)).not.toThrow();
    expect(() => new Webhook(hook.secret).verify(x.body, headers)).toThrow();
  });

  it('turns off an endpoint that keeps failing, says why and how to fix it, and resumes when turned back on', async () => {
    let healthy = false;
    const r = await receiver(() => (healthy ? { status: 200 } : { status: 500, body: 'broken' }));
    const a = await app({ hooks: { ...fast, retry: { scheduleMs: [], maxDelayMs: 1_000 }, disableAfterFailedDeliveries: 2 } });
    const toasts: Toast[] = [];
    a.bus.onPush((topic, payload) => {
      if (topic === 'toast') toasts.push(payload as Toast);
    });
    const hook = await call(a, 'hooks.create', { url: r.url });
    emitDeploy(a, '1');
    emitDeploy(a, '2');
    const off = await waitFor('disabled', async () => (await call(a, 'hooks.list', {})).hooks.find((h) => !h.enabled));
    expect(off.disabledReason).toMatch(/2 deliveries in a row .* failed after all retries \(last: the receiver answered HTTP 500\)/);
    const [event] = (await call(a, 'events.list', { type: 'hook.disabled' })).events;
    expect(event).toMatchObject({ level: 'warn', data: { hookId: hook.id } });
    expect(event!.message).toContain('turn the hook back on');
    // (Other notices, e.g. for the deploys themselves, may come too; the hook's is exactly one.)
    expect(toasts.filter((t) => t.title === 'Outbound hook turned off')).toEqual([
      expect.objectContaining({ title: 'Outbound hook turned off', level: 'warn', action: { label: 'Turn back on', method: 'hooks.update', input: { id: hook.id, enabled: true } } }),
    ]);

    // While off, events are not queued for it, and redeliver says what to do.
    emitDeploy(a, '3');
    await sleep(300);
    expect(r.received).toHaveLength(2);
    const d = (await call(a, 'hooks.deliveries', { hookId: hook.id })).deliveries;
    expect(d).toHaveLength(2);
    const refused = await a.dispatch('hooks.redeliver', { deliveryId: d[0]!.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    healthy = true;
    const on = await call(a, 'hooks.update', { id: hook.id, enabled: true });
    expect(on).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
    const again = await call(a, 'hooks.redeliver', { deliveryId: d[0]!.id });
    expect(again.status).toBe('succeeded');
  });

  it('turns off an endpoint at once when it answers 410 Gone', async () => {
    const r = await receiver(() => ({ status: 410 }));
    const a = await app({ hooks: fast });
    const hook = await call(a, 'hooks.create', { url: r.url });
    emitDeploy(a);
    const off = await waitFor('disabled', async () => (await call(a, 'hooks.list', {})).hooks.find((h) => h.id === hook.id && !h.enabled));
    expect(off.disabledReason).toContain('410 Gone');
    expect(r.received).toHaveLength(1);
  });

  it('validates input with messages a user can act on', async () => {
    const a = await app({ hooks: fast });
    const bad = await a.dispatch('hooks.create', { url: 'ftp://example.test/x' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const badEvent = await a.dispatch('hooks.create', { url: 'http://127.0.0.1:1/x', events: ['deploy.exploded'] });
    expect(badEvent).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await a.dispatch('hooks.update', { id: 42, enabled: true })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await a.dispatch('hooks.remove', { id: 42 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const h = await call(a, 'hooks.create', { url: 'http://127.0.0.1:1/x' });
    expect(h.events).toBeNull();
    expect(await call(a, 'hooks.remove', { id: h.id })).toEqual({ ok: true });
    expect((await call(a, 'hooks.list', {})).hooks).toEqual([]);
  });
});
