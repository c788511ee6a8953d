import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../main/app';
import { EventBus } from '../../main/events/bus';
import { LogRuleService } from '../../main/logscan/log-rule-service';
import { openStore } from '../../main/store/db';
import { EventRepo } from '../../main/store/event-repo';
import type { LogLine } from '../../main/logscan/scanner';
import { defaultSettings, type AppEvent, type Toast } from '../../preload/contract';
import { removeTestContainers, runApp, type RunningApp } from '../rig/containers';
import { requireEngine } from '../rig/engine-available';
import { buildTestApp, rigDocker } from '../rig/fixtures';
import { Receiver, call, sleep, startApp, stopApp, tempDir, waitFor } from './hooks-support';

const engine = requireEngine();
const LABEL = 'logscan';

/** Projects are the deployer's; a bare row is all the log rules need. */
function insertProject(app: App, name: string): number {
  const now = Date.now();
  const info = app.db
    .prepare("INSERT INTO projects(name, image, pull_policy, restart_policy, stop_timeout_sec, created_at, updated_at) VALUES (?, ?, 'if-missing', 'no', 10, ?, ?)")
    .run(name, `localhost:5000/${name}`, now, now);
  return Number(info.lastInsertRowid);
}

/** Follows a container's log with dockerode and hands each chunk's lines to `sink`, as the log service does. */
function followLogs(container: RunningApp, sink: (lines: { stream: 'stdout' | 'stderr'; ts: number; text: string }[]) => void): Promise<() => void> {
  return container.container.logs({ follow: true, stdout: true, stderr: true, timestamps: true }).then((raw) => {
    const stream = raw as NodeJS.ReadableStream & { destroy(): void };
    const pipe = (name: 'stdout' | 'stderr'): PassThrough => {
      const out = new PassThrough();
      let rest = '';
      out.on('data', (chunk: Buffer) => {
        const text = rest + chunk.toString('utf8');
        const parts = text.split('\n');
        rest = parts.pop() ?? '';
        sink(
          parts.map((line) => {
            const space = line.indexOf(' ');
            // RFC 3339 with nanoseconds; keep milliseconds for Date.parse.
            const stamp = line.slice(0, space).replace(/(\.\d{3})\d*/, '$1');
            return { stream: name, ts: Date.parse(stamp), text: line.slice(space + 1) };
          }),
        );
      });
      return out;
    };
    rigDocker().modem.demuxStream(stream, pipe('stdout'), pipe('stderr'));
    return () => stream.destroy();
  });
}

describe.skipIf(!engine.available)('log-scan rules against a real container', () => {
  let app: App;
  let dir: string;
  let container: RunningApp | null = null;
  let receiver: Receiver;
  let stopLogs: () => void = () => undefined;

  beforeAll(async () => {
    await removeTestContainers(rigDocker(), LABEL);
    dir = tempDir('slipway-logscan-');
    app = await startApp(dir, { hooks: { retry: { scheduleMs: [100], maxDelayMs: 1_000 } } });
    receiver = await new Receiver(() => ({ status: 200 })).start();
  });

  afterAll(async () => {
    stopLogs();
    await container?.remove();
    await stopApp(app);
    await receiver.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('raises log-rule.fired on N matches within the window, then stays quiet for the cooldown; overrides apply per project', async () => {
    const web = insertProject(app, 'logscan-web');
    const api = insertProject(app, 'logscan-api');
    const global = await call(app, 'logRules.create', { name: 'log lines', pattern: 'log line \\d+', level: 'warn', threshold: 5, windowSeconds: 10, cooldownSeconds: 2 });
    // The api project turns the global rule off for itself.
    const off = await call(app, 'logRules.create', { projectId: api, overrides: global.id, enabled: false });
    expect(off).toMatchObject({ projectId: api, overrides: global.id, pattern: 'log line \\d+', threshold: 5, enabled: false });
    const hook = await call(app, 'hooks.create', { url: receiver.url, events: ['log-rule.fired'] });

    const fired: AppEvent[] = [];
    const toasts: Toast[] = [];
    app.bus.onEvent((e) => {
      if (e.type === 'log-rule.fired') fired.push(e);
    });
    app.bus.onPush((topic, payload) => {
      if (topic === 'toast') toasts.push(payload as Toast);
    });

    const image = await buildTestApp({ repository: 'localhost:5000/it-logscan/app', tag: '1.0', push: false });
    container = await runApp(rigDocker(), { image: image.ref, env: { LOG_EVERY_MS: '50' }, label: LABEL, publish: false });
    const id = container.id;
    let batches = 0;
    stopLogs = await followLogs(container, (lines) => {
      batches++;
      // The same container's output fed as two projects' logs: one with the rule, one that turned it off.
      const asProject = (projectId: number): LogLine[] => lines.map((l) => ({ ...l, projectId, stageId: null, containerId: id }));
      app.logScan.consume(asProject(web));
      app.logScan.consume(asProject(api));
    });

    await waitFor('two firings', () => fired.length >= 2, 30_000);
    stopLogs();
    const [first, second] = fired as [AppEvent, AppEvent];
    expect(fired.every((e) => e.projectId === web)).toBe(true);
    expect(first).toMatchObject({ level: 'warn', data: { ruleId: global.id, matches: 5, containerId: id, stream: 'stdout', windowSeconds: 10 } });
    expect(first.message).toMatch(/^\[logscan-web\] log rule "log lines" matched 5 times within 10 s: app 1.0 log line \d+$/);
    expect((first.data['samples'] as string[]).every((s) => /^app 1\.0 log line \d+$/.test(s))).toBe(true);
    // The cooldown holds in the log's own time: the second firing comes no sooner than 2 s after the first.
    const gap = (second.data['lineTs'] as number) - (first.data['lineTs'] as number);
    expect(gap).toBeGreaterThanOrEqual(2_000);
    expect(gap).toBeLessThan(2_000 + 5_000);
    expect(batches).toBeGreaterThan(0);

    // Notifications and hooks follow the event.
    expect(toasts.filter((t) => t.title === 'logscan-web: log lines').length).toBe(fired.length);
    await waitFor('hook deliveries', () => receiver.received.length >= 2);
    expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({ type: 'log-rule.fired', data: { projectId: web, ruleId: global.id } });
    expect((await call(app, 'hooks.deliveries', { hookId: hook.id })).deliveries.length).toBeGreaterThanOrEqual(2);

    const { stats, counters } = await call(app, 'logRules.list', {});
    expect(stats.linesScanned).toBeGreaterThan(20);
    expect(stats.linesDropped).toBe(0);
    expect(stats.behindAt).toBeNull();
    // Each rule's own counters: the global rule matched and fired; the override that turned it off never matched.
    const g = counters.find((c) => c.ruleId === global.id);
    expect(g?.fired).toBe(fired.length);
    expect(g?.matched).toBeGreaterThanOrEqual(5 * fired.length);
    expect(g?.lastFiredAt).toBe(fired[fired.length - 1]!.data['lineTs']);
    expect(counters.find((c) => c.ruleId === off.id)).toMatchObject({ matched: 0, fired: 0 });
    await sleep(50);
  });

  it('validates rules: bad syntax, catastrophic patterns, unknown projects and double overrides', async () => {
    const bad = await app.dispatch('logRules.create', { pattern: '(unclosed' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const evil = await app.dispatch('logRules.create', { pattern: '(a+)+$' });
    expect(evil).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    if (!evil.ok) expect(evil.error.message).toContain('exponential');
    expect(await app.dispatch('logRules.create', { projectId: 9999, pattern: 'x' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await app.dispatch('logRules.create', {})).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });

    const p = insertProject(app, 'logscan-other');
    const g = await call(app, 'logRules.create', { pattern: 'panic', ignoreCase: true });
    await call(app, 'logRules.create', { projectId: p, overrides: g.id, threshold: 3 });
    expect(await app.dispatch('logRules.create', { projectId: p, overrides: g.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const updated = await call(app, 'logRules.update', { id: g.id, level: 'error', cooldownSeconds: 0 });
    expect(updated).toMatchObject({ level: 'error', cooldownSeconds: 0, pattern: 'panic' });
    expect(await app.dispatch('logRules.update', { id: g.id, pattern: '(x*)*y' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const listed = await call(app, 'logRules.list', { projectId: p });
    expect(listed.rules.filter((r) => r.projectId === p)).toHaveLength(1);
    expect(await call(app, 'logRules.remove', { id: g.id })).toEqual({ ok: true });
    // Removing a global rule takes its project overrides with it.
    expect((await call(app, 'logRules.list', { projectId: p })).rules.some((r) => r.overrides === g.id)).toBe(false);
  });
});

describe('log scanning under load', () => {
  it('drops what it cannot keep up with, counts it, and says so once a minute without slowing the caller', async () => {
    const dir = tempDir('slipway-logscan-load-');
    const db = openStore(path.join(dir, 'slipway.db'));
    try {
      const bus = new EventBus(new EventRepo(db));
      const events: AppEvent[] = [];
      bus.onEvent((e) => events.push(e));
      const service = new LogRuleService({ db, bus, notifier: { notify: () => undefined }, prefs: () => defaultSettings.notifications, scanner: { maxQueuedLines: 1_000 } });
      service.create({ projectId: null, overrides: null, pattern: 'ERROR', threshold: 1000, windowSeconds: 60 });
      const batch = (n: number, from: number): LogLine[] => Array.from({ length: n }, (_, i) => ({ projectId: 1, stageId: 1, containerId: 'c', stream: 'stderr', ts: from + i, text: `ERROR ${String(i)}` }));
      service.consume(batch(3_000, 0));
      service.consume(batch(500, 3_000));
      expect(service.stats()).toMatchObject({ linesDropped: 2_500, queued: 1_000 });
      const behind = events.filter((e) => e.type === 'log-scan.behind');
      expect(behind).toHaveLength(1); // the second drop within the minute is counted, not announced again
      expect(behind[0]).toMatchObject({ level: 'warn', data: { dropped: 2_000 } });
      expect(Math.abs((service.stats().behindAt ?? 0) - behind[0]!.ts)).toBeLessThan(1_000);
      await service.scanner.idle();
      expect(service.stats()).toMatchObject({ linesScanned: 1_000, queued: 0, fired: 1 });
      expect(events.filter((e) => e.type === 'log-rule.fired')).toHaveLength(1);
      service.stop();
    } finally {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
