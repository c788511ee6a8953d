import { channelKinds, channelUrlExamples, type ChannelKind } from '../../preload/contract';

/**
 * Channel configuration read from a shoutrrr-style URL (the formats Watchtower and Diun users
 * already have; see https://containrrr.dev/shoutrrr/v0.8/services/overview/). Pure: no I/O.
 */
export type ChannelConfig =
  | { readonly kind: 'matrix'; readonly base: string; readonly user: string | null; readonly password: string; readonly rooms: readonly string[] }
  | { readonly kind: 'ntfy'; readonly base: string; readonly topic: string; readonly user: string | null; readonly password: string | null; readonly priority: number | null }
  | { readonly kind: 'gotify'; readonly base: string; readonly token: string; readonly priority: number }
  | { readonly kind: 'slack'; readonly path: string }
  | { readonly kind: 'discord'; readonly id: string; readonly token: string }
  | { readonly kind: 'telegram'; readonly token: string; readonly chats: readonly string[] }
  | {
      readonly kind: 'smtp';
      readonly host: string;
      readonly port: number;
      readonly user: string | null;
      readonly password: string | null;
      readonly from: string;
      readonly fromName: string | null;
      readonly to: readonly string[];
      readonly encryption: 'auto' | 'none' | 'explicittls' | 'implicittls';
      /** A PEM file of the CA (or the self-signed certificate) to trust besides the system's (`?ca=/path/ca.pem`). */
      readonly ca: string | null;
      /** `?skipTLSVerify=yes`: encrypt without checking the server's certificate. */
      readonly skipTlsVerify: boolean;
    };

export interface ParsedChannelUrl {
  readonly config: ChannelConfig;
  /** The URL with every secret replaced by "***": safe to store in the clear and to show. */
  readonly redacted: string;
}

/** A URL Slipway cannot use; the message says what to write instead. */
export class ChannelUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChannelUrlError';
  }
}

const HIDDEN = '***';

const HINTS: Partial<Record<ChannelKind, string>> = {
  ntfy: ' (or ntfy://user:password@host/topic, ntfy://:token@host/topic)',
  slack: ' (from https://hooks.slack.com/services/T000/B000/XXXX), or slack://T000/B000/XXXX',
  discord: ' (from https://discord.com/api/webhooks/WEBHOOK_ID/TOKEN)',
};

const yes = (v: string | null): boolean => v !== null && ['yes', 'true', '1', 'on'].includes(v.toLowerCase());
const list = (v: string | null): string[] =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
const dec = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** Query parameter by any of its names, case-insensitively (shoutrrr accepts aliases). */
function param(u: URL, ...names: string[]): string | null {
  const wanted = names.map((n) => n.toLowerCase());
  for (const [k, v] of u.searchParams) if (wanted.includes(k.toLowerCase())) return v;
  return null;
}

function fail(kind: ChannelKind, what: string): never {
  throw new ChannelUrlError(`${what}. A ${kind} channel URL looks like ${channelUrlExamples[kind]}${HINTS[kind] ?? ''}`);
}

const query = (u: URL): string => (u.search === '' ? '' : u.search);

export function parseChannelUrl(raw: string): ParsedChannelUrl {
  const text = raw.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    throw new ChannelUrlError(`"${text.slice(0, 40)}" is not a channel URL: start it with one of ${channelKinds.map((k) => `${k}://`).join(', ')}`);
  }
  const kind = (channelKinds as readonly string[]).includes(scheme) ? (scheme as ChannelKind) : null;
  if (kind === null) throw new ChannelUrlError(`Slipway has no "${scheme}" channel; use one of ${channelKinds.map((k) => `${k}://`).join(', ')}`);
  // The host as written: the URL parser lower-cases hosts and reads digits as IPv4 addresses
  // (a Discord webhook id is not one), so it parses the rest with a stand-in host.
  const rest = text.slice(scheme.length + 3);
  const authority = /^[^/?#]*/.exec(rest)?.[0] ?? '';
  const at = authority.lastIndexOf('@');
  const hostAndPort = authority.slice(at + 1);
  const portText = /:(\d+)$/.exec(hostAndPort)?.[1] ?? '';
  const rawHost = portText === '' ? hostAndPort : hostAndPort.slice(0, -(portText.length + 1));
  let u: URL;
  try {
    u = new URL(`http://${authority.slice(0, at + 1)}host.invalid${portText === '' ? '' : `:${portText}`}${rest.slice(authority.length)}`);
  } catch {
    fail(kind, 'The URL cannot be read (check for spaces or unescaped characters; escape "@" or ":" in secrets as %40 and %3A)');
  }
  if (rawHost === '' && kind !== 'ntfy') fail(kind, 'The host is missing');
  const user = u.username === '' ? null : dec(u.username);
  const password = u.password === '' ? null : dec(u.password);
  const hostPort = (): string => `${rawHost.toLowerCase()}${portText === '' ? '' : `:${portText}`}`;
  const segments = u.pathname.split('/').filter((s) => s !== '').map(dec);
  return configOf({ kind, u, rawHost, portText, user, password, hostPort, segments });
}

/** A channel URL read into parts; the host as written (see above), path segments and credentials decoded. */
interface UrlParts {
  readonly kind: ChannelKind;
  readonly u: URL;
  readonly rawHost: string;
  readonly portText: string;
  readonly user: string | null;
  readonly password: string | null;
  readonly hostPort: () => string;
  readonly segments: readonly string[];
}

/** Each kind's settings from the URL's parts, and the URL with its secret hidden. */
function configOf({ kind, u, rawHost, portText, user, password, hostPort, segments }: UrlParts): ParsedChannelUrl {
  switch (kind) {
    case 'matrix': {
      if (password === null) fail(kind, 'A Matrix channel needs an access token (or a password with a user) before the "@"');
      const rooms = list(param(u, 'rooms', 'room'));
      if (rooms.length === 0) fail(kind, 'Name at least one room with ?rooms=!roomid:server or #alias:server');
      const tls = !yes(param(u, 'disableTLS'));
      return {
        config: { kind, base: `${tls ? 'https' : 'http'}://${hostPort()}`, user, password, rooms },
        redacted: `matrix://${user === null ? '' : encodeURIComponent(user)}:${HIDDEN}@${hostPort()}/${query(u)}`,
      };
    }
    case 'ntfy': {
      const topic = segments[segments.length - 1];
      if (topic === undefined) fail(kind, 'Name the topic as the path');
      const scheme2 = (param(u, 'scheme') ?? 'https').toLowerCase();
      if (scheme2 !== 'https' && scheme2 !== 'http') fail(kind, '?scheme= must be https or http');
      const prefix = segments.slice(0, -1).map(encodeURIComponent).join('/');
      const prio = param(u, 'priority');
      const priority = prio === null ? null : ntfyPriority(prio);
      if (prio !== null && priority === null) fail(kind, '?priority= must be 1–5 or min, low, default, high, max');
      const auth = user !== null || password !== null ? `${user === null ? '' : encodeURIComponent(user)}:${HIDDEN}@` : '';
      return {
        config: { kind, base: `${scheme2}://${hostPort()}${prefix === '' ? '' : `/${prefix}`}`, topic, user, password, priority },
        redacted: `ntfy://${auth}${hostPort()}${u.pathname}${query(u)}`,
      };
    }
    case 'gotify': {
      const token = segments[segments.length - 1];
      if (token === undefined) fail(kind, 'Put the application token as the last path segment');
      const tls = !yes(param(u, 'disableTLS'));
      const prefix = segments.slice(0, -1).map(encodeURIComponent).join('/');
      const prio = Number(param(u, 'priority') ?? '0');
      if (!Number.isInteger(prio)) fail(kind, '?priority= must be a whole number');
      return {
        config: { kind, base: `${tls ? 'https' : 'http'}://${hostPort()}${prefix === '' ? '' : `/${prefix}`}`, token, priority: prio },
        redacted: `gotify://${hostPort()}/${prefix === '' ? '' : `${prefix}/`}${HIDDEN}${query(u)}`,
      };
    }
    case 'slack': {
      // New form: slack://hook:T-B-X@webhook; legacy: slack://T/B/X.
      let parts: string[];
      if (user === 'hook' && password !== null) parts = password.split('-');
      else if (user === null && password === null) parts = [rawHost, ...segments];
      else fail(kind, 'Use the incoming-webhook form; Slack bot tokens are not supported');
      if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_]+$/.test(p))) fail(kind, 'Give the three parts of the webhook path');
      return {
        config: { kind, path: `/services/${parts.join('/')}` },
        redacted: `slack://hook:${parts[0] ?? ''}-${parts[1] ?? ''}-${HIDDEN}@webhook${query(u)}`,
      };
    }
    case 'discord': {
      if (user === null) fail(kind, 'Put the webhook token before the "@"');
      if (!/^\d+$/.test(rawHost)) fail(kind, 'The webhook id (digits) goes after the "@"');
      return { config: { kind, id: rawHost, token: user }, redacted: `discord://${HIDDEN}@${rawHost}${query(u)}` };
    }
    case 'telegram': {
      const token = password === null ? user : `${user ?? ''}:${password}`;
      if (token === null || !/^\d+:[\w-]+$/.test(token)) fail(kind, 'Put the bot token (digits:letters, from @BotFather) before the "@"');
      const chats = list(param(u, 'chats', 'channels'));
      if (chats.length === 0) fail(kind, 'Name at least one chat with ?chats=@channel or a chat id');
      return { config: { kind, token, chats }, redacted: `telegram://${HIDDEN}@${rawHost}${query(u)}` };
    }
    case 'smtp':
      return smtpConfig({ kind, u, rawHost, portText, user, password, hostPort, segments });
  }
}

/** An SMTP channel: sender, recipients and how the connection is secured. */
function smtpConfig({ u, rawHost, portText, user, password, hostPort }: UrlParts): ParsedChannelUrl {
  const kind = 'smtp';
  const from = param(u, 'from', 'fromAddress');
  const to = list(param(u, 'to', 'toAddresses'));
  if (from === null || from === '') fail(kind, 'Give the sender with ?from=');
  if (to.length === 0) fail(kind, 'Give at least one recipient with ?to=');
  const enc = (param(u, 'encryption') ?? 'auto').toLowerCase();
  if (!['auto', 'none', 'explicittls', 'implicittls'].includes(enc)) fail(kind, '?encryption= must be Auto, None, ExplicitTLS or ImplicitTLS');
  const useStartTls = param(u, 'useStartTLS');
  const encryption = (useStartTls !== null && !yes(useStartTls) && enc === 'auto' ? 'none' : enc) as 'auto' | 'none' | 'explicittls' | 'implicittls';
  const ca = param(u, 'ca', 'caFile');
  if (ca !== null && !ca.startsWith('/') && !/^[a-z]:[\\/]/i.test(ca)) fail(kind, '?ca= must be the absolute path of a PEM file with the CA certificate to trust');
  const port = portText === '' ? 25 : Number(portText);
  const auth = user !== null ? `${encodeURIComponent(user)}${password === null ? '' : `:${HIDDEN}`}@` : '';
  return {
    config: { kind, host: rawHost.toLowerCase(), port, user, password, from, fromName: param(u, 'fromName'), to, encryption, ca, skipTlsVerify: yes(param(u, 'skipTLSVerify')) },
    redacted: `smtp://${auth}${hostPort()}/${query(u)}`,
  };
}

function ntfyPriority(v: string): number | null {
  const names = ['min', 'low', 'default', 'high', 'max'];
  const i = names.indexOf(v.toLowerCase());
  if (i >= 0) return i + 1;
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 && n <= 5 ? n : null;
}
