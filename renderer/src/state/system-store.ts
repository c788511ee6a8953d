import { create } from 'zustand';
import type { EngineStatus, SystemStatus } from '../../../preload/contract';
import { errorMessage } from '../api/api-error';
import type { StreamState } from '../api/transport';
import { api } from './client-ref';

interface SystemState {
  readonly status: SystemStatus | null;
  readonly engine: EngineStatus | null;
  readonly stream: StreamState;
  readonly checking: boolean;
  readonly error: string | null;
  load: () => Promise<void>;
  checkEngine: () => Promise<void>;
  setEngine: (engine: EngineStatus) => void;
  setStream: (stream: StreamState) => void;
  setPollingPaused: (paused: boolean) => void;
}

export const useSystem = create<SystemState>()((set) => ({
  status: null,
  engine: null,
  stream: 'connecting',
  checking: false,
  error: null,
  async load() {
    try {
      const status = await api().call('system.status', {});
      set({ status, engine: status.engine, error: null });
    } catch (error) {
      set({ error: errorMessage(error) });
    }
  },
  async checkEngine() {
    set({ checking: true });
    try {
      const engine = await api().call('system.checkEngine', {});
      set({ engine, checking: false });
    } catch (error) {
      set({ checking: false, error: errorMessage(error) });
    }
  },
  setEngine: (engine) => set({ engine }),
  setStream: (stream) => set({ stream }),
  setPollingPaused: (paused) => set((s) => (s.status ? { status: { ...s.status, pollingPaused: paused } } : {})),
}));
