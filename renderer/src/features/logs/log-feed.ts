import type { LogBatch } from '../../../../preload/contract/logs';
import type { ApiClient } from '../../api/client';
import { LogBuffer } from './log-buffer';

/** Batches that arrived before their subscription's answer (the stream and calls race), held briefly. */
const early = new Map<string, { batches: LogBatch[]; at: number }>();
const sessions = new Map<string, LogSession>();
const EARLY_MS = 5000;

/** One subscription's lines, kept for the view. */
export class LogSession {
  readonly buffer: LogBuffer;
  private readonly listeners = new Set<() => void>();
  instanceId: number | null = null;

  constructor(capacity?: number) {
    this.buffer = new LogBuffer(capacity);
  }

  receive(b: LogBatch): void {
    if (b.instanceId !== null) this.instanceId = b.instanceId;
    if (b.dropped > 0) {
      this.buffer.dropped += b.dropped;
      this.buffer.notice(b.lines[0]?.[0] ?? Date.now(), `… ${b.dropped.toLocaleString()} lines dropped: they came faster than this window could take them.`);
    }
    if (b.lines.length > 0) this.buffer.append(b.lines);
    if (b.notice !== null) this.buffer.notice(Date.now(), b.notice);
    for (const l of this.listeners) l();
  }

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  version = (): number => this.buffer.version;
}

export function attachSession(subscriptionId: string, session: LogSession): () => void {
  sessions.set(subscriptionId, session);
  const held = early.get(subscriptionId);
  early.delete(subscriptionId);
  for (const b of held?.batches ?? []) session.receive(b);
  return () => sessions.delete(subscriptionId);
}

/** Routes every `logs` push to its session (or holds it until the session is attached). */
export function startLogFeed(client: ApiClient): () => void {
  return client.subscribe('logs', (batch) => {
    const s = sessions.get(batch.subscriptionId);
    if (s) return s.receive(batch);
    const now = Date.now();
    for (const [id, e] of early) if (now - e.at > EARLY_MS) early.delete(id);
    const held = early.get(batch.subscriptionId) ?? { batches: [], at: now };
    held.batches.push(batch);
    early.set(batch.subscriptionId, held);
  });
}
