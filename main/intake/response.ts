import type { DeliveryEvent, DeliveryVerdict } from '../../preload/contract';

/** The answer's documented shape: what was understood and what each match does (issue #4, item 5). */
export function responseBody(events: readonly DeliveryEvent[], ignored: string | null): Record<string, unknown> {
  const shown = events.map((e) =>
    e.kind === 'git'
      ? { kind: 'git', repo: e.repo, ref: e.ref, commit: e.commit }
      : {
          kind: 'image',
          repository: e.repository,
          tag: e.tag,
          ...(e.digest ? { digest: e.digest } : {}),
          matches: e.matches.map((m) => ({ project: m.project, stage: m.stage, action: m.action })),
        },
  );
  return ignored ? { events: shown, ignored } : { events: shown };
}

/** What Slipway answered for a recorded delivery (without the delivery id), rebuilt from the record. */
export function recordedResponse(verdict: DeliveryVerdict, reason: string | null, events: readonly DeliveryEvent[]): Record<string, unknown> {
  switch (verdict) {
    case 'accepted':
      return responseBody(events, reason);
    case 'ignored':
    case 'duplicate':
    case 'own':
      return { events: [], ignored: reason };
    default:
      return { error: reason };
  }
}
