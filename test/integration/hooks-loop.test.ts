import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../main/app';
import { isOwnDelivery } from '../../main/outbound-hooks/own-delivery';
import { parseWebhook } from '../../main/inbound-webhook/parse';
import { notableEventTypes } from '../../preload/contract';
import { Receiver, call, sleep, startApp, stopApp, tempDir, waitFor } from './hooks-support';

let app: App | null = null;
let receiver: Receiver | null = null;
let dir = '';

afterEach(async () => {
  if (app) await stopApp(app);
  await receiver?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  app = null;
  receiver = null;
});

const count = (a: App, sql: string): number => (a.db.prepare(sql).get() as { n: number }).n;

describe('loop rule', () => {
  it('a hook aimed at Slipway\'s own webhook listener causes no loop', async () => {
    dir = tempDir('slipway-hooks-loop-');
    app = await startApp(dir, { hooks: { retry: { scheduleMs: [100, 200], maxDelayMs: 1_000 }, rescanMs: 500 } });
    receiver = await new Receiver(() => ({ status: 200 })).start();
    const own = await call(app, 'hooks.create', { url: app.listener.url() });
    const mirror = await call(app, 'hooks.create', { url: receiver.url });

    // A deploy event whose data names an image with a tag: exactly what an image webhook carries.
    app.bus.emit({
      type: 'deploy.succeeded',
      message: 'loop/web dev: 1.0 is live',
      projectId: 1,
      stageId: 1,
      deployId: 1,
      data: { image: 'localhost:5000/loop/web:1.0', tag: '1.0', digest: `sha256:${'b'.repeat(64)}` },
    });

    const delivered = await waitFor('the delivery to the listener', async () => {
      const d = (await call(app!, 'hooks.deliveries', { hookId: own.id })).deliveries[0];
      return d?.status !== 'pending' ? d : null;
    });
    await waitFor('the mirror copy', () => receiver!.received.length === 1);
    await sleep(600); // time for any reaction to show up

    // The listener answered 2xx (so the hook does not retry) and recorded the request as its own …
    expect(delivered.status).toBe('succeeded');
    expect(delivered.attempts).toHaveLength(1);
    const inbound = await call(app, 'deliveries.list', {});
    expect(inbound.deliveries).toHaveLength(1);
    expect(inbound.deliveries[0]).toMatchObject({ verdict: 'own' });
    // … and nothing came of it: no new notable event, no project, no deploy, no second delivery.
    const notable = (await call(app, 'events.list', { limit: 1000 })).events.filter((e) => (notableEventTypes as readonly string[]).includes(e.type));
    expect(notable.map((e) => e.type)).toEqual(['deploy.succeeded']);
    expect(count(app, 'SELECT COUNT(*) AS n FROM projects')).toBe(0);
    expect(count(app, 'SELECT COUNT(*) AS n FROM deploys')).toBe(0);
    expect(count(app, 'SELECT COUNT(*) AS n FROM hook_deliveries')).toBe(2);
    expect((await call(app, 'hooks.deliveries', { hookId: mirror.id })).deliveries).toHaveLength(1);

    // Why the guard matters: the same request, parsed as a Standard Webhooks delivery, reads as an
    // image push; the listener must see isOwnDelivery(headers) first and never act on it.
    const seen = receiver.received[0]!;
    const parsed = parseWebhook({ headers: seen.headers, body: Buffer.from(seen.body) });
    expect(parsed.vendor).toBe('standard');
    expect(parsed.outcome).toMatchObject({ kind: 'events', events: [{ kind: 'image', repository: 'loop/web', tag: '1.0' }] });
    expect(isOwnDelivery(seen.headers)).toBe(true);
  });
});
