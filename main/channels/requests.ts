import type { ChannelConfig } from './channel-url';
import { plainText, type ChannelMessage } from './message';

/** One HTTP request a channel makes. Pure data: the transport sends it. */
export interface HttpCall {
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Fixed public hosts of the webhook-style services; tests point them at loopback. */
export interface ChannelEndpoints {
  readonly slack: string;
  readonly discord: string;
  readonly telegram: string;
}

export const defaultEndpoints: ChannelEndpoints = {
  slack: 'https://hooks.slack.com',
  discord: 'https://discord.com',
  telegram: 'https://api.telegram.org',
};

const json = (body: unknown): { headers: Record<string, string>; body: string } => ({
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

const basic = (user: string | null, password: string | null): string =>
  `Basic ${Buffer.from(`${user ?? ''}:${password ?? ''}`).toString('base64')}`;

/** Matrix m.login.password, for a URL with a user (without one, the password is the access token). */
export function matrixLogin(c: Extract<ChannelConfig, { kind: 'matrix' }>): HttpCall {
  // https://spec.matrix.org/v1.11/client-server-api/#post_matrixclientv3login
  const j = json({ type: 'm.login.password', identifier: { type: 'm.id.user', user: c.user }, password: c.password, device_id: 'slipway' });
  return { method: 'POST', url: `${c.base}/_matrix/client/v3/login`, headers: j.headers, body: j.body };
}

/** A room alias (#name:server) to its room id. */
export function matrixResolveAlias(c: Extract<ChannelConfig, { kind: 'matrix' }>, alias: string, token: string): HttpCall {
  // https://spec.matrix.org/v1.11/client-server-api/#get_matrixclientv3directoryroomroomalias
  return { method: 'GET', url: `${c.base}/_matrix/client/v3/directory/room/${encodeURIComponent(alias)}`, headers: { authorization: `Bearer ${token}` }, body: '' };
}

/** Sends to one room; the transaction id makes a retried attempt idempotent on the server. */
export function matrixSend(c: Extract<ChannelConfig, { kind: 'matrix' }>, roomId: string, token: string, m: ChannelMessage, txnId: string): HttpCall {
  // https://spec.matrix.org/v1.11/client-server-api/#put_matrixclientv3roomsroomidsendeventtypetxnid
  const j = json({ msgtype: 'm.text', body: plainText(m) });
  return {
    method: 'PUT',
    url: `${c.base}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/${encodeURIComponent(txnId)}`,
    headers: { ...j.headers, authorization: `Bearer ${token}` },
    body: j.body,
  };
}

/**
 * The requests for every kind but Matrix (which needs answers between requests) and email.
 * Each follows the service's own documentation, cited per case.
 */
export function httpCalls(c: Exclude<ChannelConfig, { kind: 'matrix' | 'smtp' }>, m: ChannelMessage, endpoints: ChannelEndpoints): HttpCall[] {
  switch (c.kind) {
    case 'ntfy': {
      // https://docs.ntfy.sh/publish/#publish-as-json: POST the JSON to the server's root URL;
      // https://docs.ntfy.sh/publish/#authentication: Basic, or Bearer for an access token.
      const j = json({ topic: c.topic, title: m.title, message: m.text, ...(m.link !== null ? { click: m.link } : {}), ...(c.priority !== null ? { priority: c.priority } : {}) });
      const auth = c.user === null && c.password !== null ? `Bearer ${c.password}` : c.user !== null ? basic(c.user, c.password) : null;
      return [{ method: 'POST', url: `${c.base}/`, headers: { ...j.headers, ...(auth !== null ? { authorization: auth } : {}) }, body: j.body }];
    }
    case 'gotify': {
      // https://gotify.net/api-docs (POST /message, app token in X-Gotify-Key);
      // https://gotify.net/docs/msgextras (client::notification.click.url opens the link).
      const j = json({
        title: m.title,
        message: m.link === null ? m.text : `${m.text}\n${m.link}`,
        priority: c.priority,
        ...(m.link !== null ? { extras: { 'client::notification': { click: { url: m.link } } } } : {}),
      });
      return [{ method: 'POST', url: `${c.base}/message`, headers: { ...j.headers, 'x-gotify-key': c.token }, body: j.body }];
    }
    case 'slack': {
      // https://api.slack.com/messaging/webhooks: POST {"text": …} to the incoming webhook URL.
      const j = json({ text: plainText(m) });
      return [{ method: 'POST', url: `${endpoints.slack}${c.path}`, headers: j.headers, body: j.body }];
    }
    case 'discord': {
      // https://discord.com/developers/docs/resources/webhook#execute-webhook: POST /api/webhooks/{id}/{token}
      // with {"content": …} (at most 2000 characters); ?wait=true answers with the created message.
      const j = json({ content: plainText(m).slice(0, 2000) });
      return [{ method: 'POST', url: `${endpoints.discord}/api/webhooks/${c.id}/${encodeURIComponent(c.token)}?wait=true`, headers: j.headers, body: j.body }];
    }
    case 'telegram': {
      // https://core.telegram.org/bots/api#sendmessage: POST /bot<token>/sendMessage with {chat_id, text}.
      return c.chats.map((chat) => {
        const j = json({ chat_id: chat, text: plainText(m).slice(0, 4096) });
        return { method: 'POST' as const, url: `${endpoints.telegram}/bot${c.token}/sendMessage`, headers: j.headers, body: j.body };
      });
    }
  }
}
