import fs from 'node:fs';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { SendResult } from '../outbound-hooks/sender';
import type { ChannelConfig } from './channel-url';
import type { ChannelMessage } from './message';

type SmtpConfig = Extract<ChannelConfig, { kind: 'smtp' }>;

/** nodemailer's SMTP options for a channel (shoutrrr's encryption names); `ca` is the PEM text of `?ca=`. */
export function smtpOptions(c: SmtpConfig, timeoutMs: number, ca: string | null = null): SMTPTransport.Options {
  return {
    host: c.host,
    port: c.port,
    // Auto: implicit TLS on 465, else STARTTLS whenever the server offers it.
    secure: c.encryption === 'implicittls' || (c.encryption === 'auto' && c.port === 465),
    requireTLS: c.encryption === 'explicittls',
    ignoreTLS: c.encryption === 'none',
    ...(c.user !== null ? { auth: { user: c.user, pass: c.password ?? '' } } : {}),
    // Node's TLS checks the certificate against the system CAs, plus the one given with ?ca=.
    tls: { ...(ca !== null ? { ca: [ca] } : {}), rejectUnauthorized: !c.skipTlsVerify },
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  };
}

interface SmtpError {
  readonly message?: string;
  readonly responseCode?: number;
  readonly response?: string;
  readonly code?: string;
}

/** Sends one message with nodemailer; the SMTP reply code stands where HTTP channels have a status. */
export async function sendEmail(c: SmtpConfig, m: ChannelMessage, messageId: string, timeoutMs: number, stop: AbortSignal): Promise<SendResult> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  let ca: string | null = null;
  if (c.ca !== null) {
    try {
      ca = await fs.promises.readFile(c.ca, 'utf8');
    } catch (e) {
      const error = `could not read the CA file ${c.ca} given with ?ca= (${(e as NodeJS.ErrnoException).code ?? String(e)}); fix the path or remove it`;
      return { status: null, ok: false, error, responseSnippet: null, durationMs: elapsed(), retryAfter: null, interrupted: false };
    }
  }
  const transport = nodemailer.createTransport(smtpOptions(c, timeoutMs, ca));
  const onStop = (): void => transport.close();
  stop.addEventListener('abort', onStop, { once: true });
  try {
    const info = (await transport.sendMail({
      from: c.fromName === null ? c.from : { name: c.fromName, address: c.from },
      to: [...c.to],
      subject: m.title,
      text: m.link === null ? m.text : `${m.text}\n\n${m.link}`,
      // The same id on every attempt, so a mail client can tell a retried message from a new one.
      messageId: `<${messageId}@slipway>`,
    })) as { response?: string };
    const response = info.response ?? '';
    const code = Number(/^\d{3}/.exec(response)?.[0] ?? '250');
    return { status: code, ok: true, error: null, responseSnippet: response.slice(0, 1024) || null, durationMs: elapsed(), retryAfter: null, interrupted: false };
  } catch (e) {
    const err = e as SmtpError;
    if (stop.aborted) return { status: null, ok: false, error: 'stopped', responseSnippet: null, durationMs: elapsed(), retryAfter: null, interrupted: true };
    const status = err.responseCode ?? null;
    const error = status !== null ? `the mail server answered ${err.response ?? String(status)}` : describe(err, c);
    return { status, ok: false, error, responseSnippet: err.response?.slice(0, 1024) ?? null, durationMs: elapsed(), retryAfter: null, interrupted: false };
  } finally {
    stop.removeEventListener('abort', onStop);
    transport.close();
  }
}

function describe(err: SmtpError, c: SmtpConfig): string {
  const where = `${c.host}:${String(c.port)}`;
  if (/certificate/i.test(err.message ?? '')) {
    return `${where}'s TLS certificate was not accepted (${err.message ?? ''}): trust its CA with ?ca=/path/ca.pem, or skip the check with ?skipTLSVerify=yes`;
  }
  switch (err.code) {
    case 'ECONNECTION':
      return `could not connect to ${where} (${err.message ?? 'refused'}): is the mail server running?`;
    case 'ETIMEDOUT':
      return `${where} did not answer in time`;
    case 'EAUTH':
      return `${where} refused the user name or password`;
    case 'ETLS':
      return `TLS with ${where} failed (${err.message ?? ''}); check ?encryption=, or trust its certificate with ?ca=/path/ca.pem`;
    default:
      return `sending through ${where} failed: ${err.message ?? 'unknown error'}`;
  }
}
