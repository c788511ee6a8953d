import { ipcMain, type WebContents } from 'electron';
import type { Dispatch } from '../dispatch/dispatch';

export const INVOKE_CHANNEL = 'slipway:invoke';
export const PUSH_CHANNEL = 'slipway:push';

/** One IPC channel into the shared dispatch; only our own window may call it. */
export function registerIpc(dispatch: Dispatch, isTrustedSender: (sender: WebContents, url: string) => boolean): () => void {
  ipcMain.handle(INVOKE_CHANNEL, async (event, method: unknown, input: unknown) => {
    const url = event.senderFrame?.url ?? '';
    if (!isTrustedSender(event.sender, url)) {
      return { ok: false, error: { code: 'UNAUTHORIZED', message: 'Calls are accepted only from the Slipway window.' } };
    }
    if (typeof method !== 'string') return { ok: false, error: { code: 'INVALID_INPUT', message: 'method must be a string' } };
    return dispatch(method, input);
  });
  return () => ipcMain.removeHandler(INVOKE_CHANNEL);
}
