import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

// Only these two functions cross into the page; channel names match main/electron/ipc.ts.
const api = {
  invoke: (method: string, input: unknown): Promise<unknown> => ipcRenderer.invoke('slipway:invoke', method, input),
  on: (topic: string, listener: (payload: unknown) => void): (() => void) => {
    const handler = (_event: IpcRendererEvent, t: unknown, payload: unknown): void => {
      if (t === topic) listener(payload);
    };
    ipcRenderer.on('slipway:push', handler);
    return () => {
      ipcRenderer.removeListener('slipway:push', handler);
    };
  },
};

contextBridge.exposeInMainWorld('slipway', api);
