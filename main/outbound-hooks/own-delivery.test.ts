import { describe, expect, it } from 'vitest';
import { isOwnDelivery } from './own-delivery';

describe('isOwnDelivery', () => {
  it('recognises either marker, in any header case', () => {
    expect(isOwnDelivery({ 'user-agent': 'Slipway-Hookshot/0.1.0' })).toBe(true);
    expect(isOwnDelivery({ 'User-Agent': 'Slipway-Hookshot/2.0' })).toBe(true);
    expect(isOwnDelivery({ 'x-slipway-hook-id': '3', 'user-agent': 'curl/8' })).toBe(true);
    expect(isOwnDelivery({ 'X-Slipway-Hook-Id': ['3'] })).toBe(true);
  });

  it('does not claim other senders', () => {
    expect(isOwnDelivery({})).toBe(false);
    expect(isOwnDelivery({ 'user-agent': 'GitHub-Hookshot/abc', 'x-github-delivery': 'x' })).toBe(false);
    expect(isOwnDelivery({ 'user-agent': 'Go-http-client/1.1', 'webhook-id': 'msg_1', 'webhook-signature': 'v1,x' })).toBe(false);
    expect(isOwnDelivery({ 'x-slipway-hook-id': [] })).toBe(false);
    expect(isOwnDelivery({ 'user-agent': undefined })).toBe(false);
  });
});
