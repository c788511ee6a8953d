import { describe, expect, it } from 'vitest';
import type { DeliverySummary } from '../../../../preload/contract/deliveries';
import { outcome } from './deliveries-model';

const d = (id: number, over: Partial<DeliverySummary> = {}): DeliverySummary => ({
  id, receivedAt: id, source: '127.0.0.1', vendor: 'generic', event: 'push', deliveryId: null, verdict: 'accepted', status: 202, reason: null, signature: null, events: [], replayOf: null, duplicateOf: null, bodyBytes: 10, ...over,
});

describe('deliveries model', () => {
  it('says what a delivery did', () => {
    const x = d(1, {
      events: [
        { kind: 'image', repository: 'localhost:5000/acme/web', tag: '1.4.0', digest: null, matches: [{ project: 'web', stage: 'dev', action: 'deploy', projectId: 1, stageId: 1, deployId: 3, notBefore: null }], created: null, note: null },
        { kind: 'image', repository: 'x/y', tag: '2', digest: null, matches: [], created: null, note: 'no project follows x/y' },
      ],
    });
    expect(outcome(x)).toBe('deploy web/dev 1.4.0; x/y:2 — no project follows x/y');
    expect(outcome(d(2, { reason: 'a ping' }))).toBe('a ping');
  });
});
