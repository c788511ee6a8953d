import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../main/app';
import { requireEngine } from '../rig/engine-available';
import { buildTestApp } from '../rig/fixtures';
import { call, sleep, startApp, stopApp, tempDir, waitFor } from './hooks-support';
import { selfSignedCert, SmtpServer } from './smtp-server';

const engine = requireEngine();
const FAIL_REPO = 'localhost:5000/it-channels-email/web';

const apps: App[] = [];
const servers: SmtpServer[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const a of apps.splice(0)) await stopApp(a).catch(() => undefined);
  for (const s of servers.splice(0)) await s.stop();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function smtp(opts: Parameters<typeof SmtpServer.start>[0] = {}): Promise<SmtpServer> {
  const s = await SmtpServer.start(opts);
  servers.push(s);
  return s;
}

async function smtpTls(opts: Parameters<typeof SmtpServer.startTls>[0]): Promise<SmtpServer> {
  const s = await SmtpServer.startTls(opts);
  servers.push(s);
  return s;
}

async function app(): Promise<App> {
  const dir = tempDir('slipway-channels-email-');
  dirs.push(dir);
  const a = await startApp(dir, { hooks: { retry: { scheduleMs: [150, 300, 600], maxDelayMs: 2_000 }, attemptTimeoutMs: 3_000, rescanMs: 500 } });
  a.channels.setWindowUrl('http://127.0.0.1:4321');
  apps.push(a);
  return a;
}

function emitDeployFailed(a: App): number {
  return a.bus.emit({
    type: 'deploy.failed',
    level: 'error',
    message: 'acme-mail/web dev: 2.0 failed its health check; 1.9 keeps serving',
    projectId: null,
    stageId: null,
    deployId: null,
    data: { project: 'acme-mail', stage: 'dev', tag: '2.0' },
  }).id;
}

describe.skipIf(!engine.available)('an email channel told of a real failing deploy', () => {
  it('a deploy whose health check fails on a real container sends exactly one message with the right subject and link, logged in with AUTH PLAIN; the password is sealed and never shown', async () => {
    await buildTestApp({ repository: FAIL_REPO, tag: '2.0', health: 'fail' });
    const server = await smtp({ user: 'bot', password: 's3cret-pw' });
    const a = await app();
    const url = `smtp://bot:s3cret-pw@127.0.0.1:${String(server.port)}/?from=slipway@example.test&to=ops@example.test,dev@example.test&encryption=None`;
    const channel = await call(a, 'channels.create', { url, events: ['deploy.failed'] });
    expect(channel).toMatchObject({ kind: 'smtp', name: 'Email: ops@example.test, dev@example.test', enabled: true, projectId: null });
    expect(channel.url).not.toContain('s3cret-pw');
    expect(JSON.stringify(await call(a, 'channels.list', {}))).not.toContain('s3cret-pw');
    const stored = a.db.prepare<[], { url_sealed: string }>('SELECT url_sealed FROM channels').get()!;
    expect(stored.url_sealed).toMatch(/^key-file\.v1:/);
    expect(stored.url_sealed).not.toContain('s3cret');

    const project = await call(a, 'projects.create', {
      image: FAIL_REPO,
      name: 'it-mail-fail',
      health: { kind: 'http', path: '/health', timeoutMs: 3000 },
      stopTimeoutSec: 1,
      stages: [{ name: 'dev', tagPattern: '*', autoDeploy: false }],
    });
    try {
      const deploy = await call(a, 'stages.deploy', { stageId: project.stages[0]!.id, tag: '2.0', wait: true });
      expect(deploy.status).toBe('failed');
      const delivered = await waitFor('the message delivered', async () => {
        const { deliveries } = await call(a, 'channels.deliveries', { channelId: channel.id });
        return deliveries.find((d) => d.status === 'succeeded');
      }, 30_000);
      await waitFor('the mail recorded', () => server.mails.length > 0);
      await sleep(700); // anything else would have arrived by now
      expect(server.mails).toHaveLength(1);
      const mail = server.mails[0]!;
      expect(mail.subject).toBe('Deploy failed: it-mail-fail · dev');
      expect(mail.from).toBe('slipway@example.test');
      expect(mail.to).toEqual(['ops@example.test', 'dev@example.test']);
      expect(mail.text).toContain('2.0');
      expect(mail.text).toContain(`http://127.0.0.1:4321/#/projects/${String(project.id)}/deploys`);
      const failedEvent = (await call(a, 'events.list', { type: 'deploy.failed', limit: 5 })).events.find((e) => e.deployId === deploy.id);
      expect(failedEvent).toBeDefined();
      expect(delivered).toMatchObject({ eventId: failedEvent!.id, eventType: 'deploy.failed' });
      expect(delivered.attempts).toHaveLength(1);
      expect(delivered.attempts[0]!.status).toBe(250);
    } finally {
      await a.dispatch('projects.remove', { id: project.id });
    }
  });
});

describe('email channels over TLS against a real SMTP server with a self-signed certificate', () => {
  const tlsDir = (): string => {
    const d = tempDir('slipway-smtp-tls-');
    dirs.push(d);
    return d;
  };

  it('STARTTLS: the client upgrades before MAIL, trusts the certificate given with ?ca=, and logs in over TLS', async () => {
    const { cert, key } = selfSignedCert(tlsDir());
    const server = await smtpTls({ mode: 'starttls', cert, key, user: 'bot', password: 'tls-pw' });
    const a = await app();
    const base = `smtp://bot:tls-pw@127.0.0.1:${String(server.port)}/?from=slipway@example.test&to=ops@example.test&encryption=ExplicitTLS`;

    // Without the CA the certificate is refused, and the error says how to trust it.
    const untrusted = await call(a, 'channels.create', { url: base });
    const refused = await call(a, 'channels.test', { id: untrusted.id });
    expect(refused.ok).toBe(false);
    expect(refused.error).toContain('?ca=');
    expect(server.mails).toEqual([]);

    const trusted = await call(a, 'channels.create', { url: `${base}&ca=${encodeURIComponent(cert)}` });
    const ok = await call(a, 'channels.test', { id: trusted.id });
    expect(ok).toMatchObject({ ok: true, status: 250, error: null });
    await waitFor('the test message recorded', () => server.mails.length > 0);
    expect(server.mails).toHaveLength(1);
    expect(server.mails[0]).toMatchObject({ subject: 'Slipway test message', from: 'slipway@example.test', to: ['ops@example.test'] });
    expect(server.mails[0]!.tls).toMatch(/^TLSv1\.[23]$/);
  });

  it('implicit TLS: encrypted from the first byte; ?skipTLSVerify=yes encrypts without checking the certificate', async () => {
    const { cert, key } = selfSignedCert(tlsDir());
    const server = await smtpTls({ mode: 'implicit', cert, key });
    const a = await app();
    const base = `smtp://127.0.0.1:${String(server.port)}/?from=slipway@example.test&to=ops@example.test&encryption=ImplicitTLS`;

    const untrusted = await call(a, 'channels.create', { url: base });
    const refused = await call(a, 'channels.test', { id: untrusted.id });
    expect(refused.ok).toBe(false);
    expect(refused.error).toMatch(/certificate was not accepted.*\?ca=.*\?skipTLSVerify=yes/);
    await waitFor('the server to see the handshake given up', () => server.tlsErrors.length > 0);

    const withCa = await call(a, 'channels.create', { url: `${base}&ca=${encodeURIComponent(cert)}` });
    expect(await call(a, 'channels.test', { id: withCa.id })).toMatchObject({ ok: true, status: 250 });
    const skipping = await call(a, 'channels.create', { url: `${base}&skipTLSVerify=yes` });
    expect(await call(a, 'channels.test', { id: skipping.id })).toMatchObject({ ok: true, status: 250 });
    await waitFor('both messages recorded', () => server.mails.length >= 2);
    expect(server.mails).toHaveLength(2);
    for (const m of server.mails) expect(m.tls).toMatch(/^TLSv1\.[23]$/);

    // A CA path that cannot be read is named in the error.
    const missing = await call(a, 'channels.create', { url: `${base}&ca=/nonexistent/ca.pem` });
    const noCa = await call(a, 'channels.test', { id: missing.id });
    expect(noCa.ok).toBe(false);
    expect(noCa.error).toContain('could not read the CA file /nonexistent/ca.pem');
  });
});

describe('email channels against a real SMTP server', () => {
  it('a server that refuses twice, then accepts: two retries, then exactly one delivery with the same Message-ID', async () => {
    const server = await smtp({ refuse: 2 });
    const a = await app();
    const channel = await call(a, 'channels.create', { url: `smtp://127.0.0.1:${String(server.port)}/?from=slipway@example.test&to=ops@example.test` });
    emitDeployFailed(a);
    const done = await waitFor('the delivery to succeed', async () => {
      const { deliveries } = await call(a, 'channels.deliveries', { channelId: channel.id });
      return deliveries.find((d) => d.status === 'succeeded');
    });
    await sleep(700);
    expect(server.refused).toBe(2);
    expect(server.mails).toHaveLength(1);
    expect(done.attempts.map((x) => [x.ok, x.status])).toEqual([
      [false, 451],
      [false, 451],
      [true, 250],
    ]);
    expect(done.attempts[0]!.error).toContain('451');
    expect(server.mails[0]!.messageId).toBe(`<${done.messageId}@slipway>`);
  });

  it("channels.test answers with the server's reply, and a wrong password with its refusal", async () => {
    const server = await smtp({ user: 'bot', password: 'right' });
    const a = await app();
    const good = await call(a, 'channels.create', { url: `smtp://bot:right@127.0.0.1:${String(server.port)}/?from=a@example.test&to=b@example.test&encryption=None` });
    const ok = await call(a, 'channels.test', { id: good.id });
    expect(ok).toMatchObject({ ok: true, status: 250, error: null });
    expect(ok.answer).toMatch(/^250/);
    // The server answers 250 before its report of the message reaches this process.
    await waitFor('the test message recorded', () => server.mails.length > 0);
    expect(server.mails.map((m) => m.subject)).toEqual(['Slipway test message']);

    const bad = await call(a, 'channels.create', { url: `smtp://bot:wrong@127.0.0.1:${String(server.port)}/?from=a@example.test&to=b@example.test&encryption=None` });
    const no = await call(a, 'channels.test', { id: bad.id });
    expect(no.ok).toBe(false);
    expect(no.status).toBe(535);
    expect(no.error).toContain('535');
    expect(no.delivery.status).toBe('failed'); // a test message is tried once
  });
});
