import type { SendResult, Sender } from '../outbound-hooks/sender';
import type { ChannelConfig } from './channel-url';
import { sendEmail } from './email';
import type { ChannelMessage } from './message';
import { httpCalls, matrixLogin, matrixResolveAlias, matrixSend, type ChannelEndpoints, type HttpCall } from './requests';

export interface TransportDeps {
  readonly sender: Sender;
  readonly endpoints: ChannelEndpoints;
}

type Matrix = Extract<ChannelConfig, { kind: 'matrix' }>;

/** Sends a message to a channel: one or more HTTP requests, or one email. Stops at the first failure. */
export async function sendToChannel(deps: TransportDeps, c: ChannelConfig, m: ChannelMessage, messageId: string, timeoutMs: number, stop: AbortSignal): Promise<SendResult> {
  const call = (x: HttpCall): Promise<SendResult> => deps.sender({ ...x, timeoutMs, stop });
  if (c.kind === 'smtp') return sendEmail(c, m, messageId, timeoutMs, stop);
  if (c.kind === 'matrix') return sendMatrix(call, c, m, messageId);
  let last: SendResult | null = null;
  for (const x of httpCalls(c, m, deps.endpoints)) {
    last = await call(x);
    if (!last.ok) return last;
  }
  return last ?? failed('nothing to send');
}

async function sendMatrix(call: (x: HttpCall) => Promise<SendResult>, c: Matrix, m: ChannelMessage, messageId: string): Promise<SendResult> {
  let token = c.password;
  if (c.user !== null) {
    const login = await call(matrixLogin(c));
    if (!login.ok) return { ...login, error: `Matrix login as ${c.user} failed: ${login.error ?? ''}` };
    const t = field(login.responseSnippet, 'access_token');
    if (t === null) return failed(`the Matrix login answer had no access_token`, login);
    token = t;
  }
  let last: SendResult | null = null;
  for (const [i, room] of c.rooms.entries()) {
    let roomId = room;
    if (room.startsWith('#')) {
      const found = await call(matrixResolveAlias(c, room, token));
      if (!found.ok) return { ...found, error: `cannot find the Matrix room ${room}: ${found.error ?? ''}` };
      const id = field(found.responseSnippet, 'room_id');
      if (id === null) return failed(`the Matrix server did not name the room for ${room}`, found);
      roomId = id;
    }
    last = await call(matrixSend(c, roomId, token, m, `${messageId}.${String(i)}`));
    if (!last.ok) return last;
  }
  return last ?? failed('no room to send to');
}

/** A string field of a JSON answer, or null. */
function field(text: string | null, name: string): string | null {
  try {
    const v = (JSON.parse(text ?? '') as Record<string, unknown>)[name];
    return typeof v === 'string' && v !== '' ? v : null;
  } catch {
    return null;
  }
}

function failed(error: string, from?: SendResult): SendResult {
  return { status: from?.status ?? null, ok: false, error, responseSnippet: from?.responseSnippet ?? null, durationMs: from?.durationMs ?? 0, retryAfter: null, interrupted: false };
}
