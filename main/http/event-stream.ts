import type { ServerResponse } from 'node:http';
import type { AppEvent, PushPayload, PushTopic } from '../../preload/contract';
import type { EventBus } from '../events/bus';

const REPLAY_LIMIT = 500;

/**
 * Server-Sent Events for one browser: first the persisted events it missed
 * (id > since), then everything live. A heartbeat keeps proxies and idle timers honest.
 */
export function openEventStream(res: ServerResponse, bus: EventBus, replay: (afterId: number, limit: number) => AppEvent[], since: number): () => void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write('retry: 1000\n\n');
  const write = <T extends PushTopic>(topic: T, payload: PushPayload<T>): void => {
    const id = topic === 'event' ? `id: ${String((payload as AppEvent).id)}\n` : '';
    res.write(`${id}data: ${JSON.stringify({ topic, payload })}\n\n`);
  };
  let lastReplayed = since;
  if (since > 0) {
    for (const e of replay(since, REPLAY_LIMIT)) {
      write('event', e);
      lastReplayed = Math.max(lastReplayed, e.id);
    }
  }
  const off = bus.onPush((topic, payload) => {
    if (topic === 'event' && (payload as AppEvent).id <= lastReplayed) return;
    write(topic, payload);
  });
  const heartbeat = setInterval(() => res.write(': ping\n\n'), 15_000);
  heartbeat.unref();
  const close = (): void => {
    clearInterval(heartbeat);
    off();
  };
  res.on('close', close);
  return close;
}
