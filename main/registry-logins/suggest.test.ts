import { describe, expect, it } from 'vitest';
import { HealthCheckSchema } from '../../preload/contract/projects';
import { pickerTags, suggestHealth, suggestPort } from './suggest';

describe('suggestPort', () => {
  it('prefers a usual HTTP port', () => {
    expect(suggestPort([22, 3000])).toBe(3000); // e.g. Gitea: SSH and web
    expect(suggestPort([443, 80])).toBe(80);
    expect(suggestPort([8080, 9090])).toBe(8080);
  });
  it('otherwise takes the lowest port that is not a known non-HTTP service', () => {
    expect(suggestPort([5432, 7000, 9100])).toBe(7000);
    expect(suggestPort([4567])).toBe(4567);
  });
  it('falls back to the lowest port, and to null without EXPOSE', () => {
    expect(suggestPort([6379, 5432])).toBe(5432);
    expect(suggestPort([])).toBeNull();
  });
});

describe('suggestHealth', () => {
  const hc = (o: Partial<{ intervalMs: number; timeoutMs: number; startPeriodMs: number; retries: number }> = {}) => ({
    test: ['CMD-SHELL', 'wget -qO- http://127.0.0.1:8080/health'],
    intervalMs: o.intervalMs ?? null,
    timeoutMs: o.timeoutMs ?? null,
    startPeriodMs: o.startPeriodMs ?? null,
    retries: o.retries ?? null,
  });

  it("uses the image's HEALTHCHECK, waiting at least a minute", () => {
    expect(suggestHealth(hc({ intervalMs: 1000, retries: 2 }), 8080)).toEqual({ kind: 'docker', timeoutMs: 60_000 });
  });
  it("waits long enough for Docker's defaults and a start period", () => {
    // 30 s start + 30 s × (3 + 1) + 30 s timeout
    expect(suggestHealth(hc({ startPeriodMs: 30_000 }), 80)).toEqual({ kind: 'docker', timeoutMs: 180_000 });
  });
  it('never suggests more than the contract allows', () => {
    const s = suggestHealth(hc({ intervalMs: 300_000, retries: 10 }), 80);
    expect(s).toEqual({ kind: 'docker', timeoutMs: 600_000 });
    expect(HealthCheckSchema.safeParse(s).success).toBe(true);
  });
  it('suggests GET / accepting any answer below 500 without a HEALTHCHECK', () => {
    const s = suggestHealth(null, 8080);
    expect(s).toEqual({ kind: 'http', path: '/', timeoutMs: 30_000, anyStatus: true });
    expect(HealthCheckSchema.parse(s)).toEqual(s);
  });
  it('suggests nothing without a HEALTHCHECK or a port', () => {
    expect(suggestHealth(null, null)).toBeNull();
  });
});

describe('pickerTags', () => {
  it('orders versions first by semver, then the rest, and cuts to the limit', () => {
    const r = pickerTags(['latest', '1.2.0', '1.10.0', 'dev-a', '1.9.1', 'v2.0.0-rc.1'], [], 4);
    expect(r.tags.map((t) => t.tag)).toEqual(['v2.0.0-rc.1', '1.10.0', '1.9.1', '1.2.0']);
    expect(r.total).toBe(6);
    expect(r.truncated).toBe(true);
    expect(r.tags.every((t) => t.digest === null && t.updatedAt === null)).toBe(true);
  });
  it('uses push times and digests the registry gave', () => {
    const r = pickerTags(
      ['main', 'feature-x', 'old'],
      [
        { tag: 'feature-x', at: '2024-05-02T10:00:00Z', digest: 'sha256:' + 'b'.repeat(64) },
        { tag: 'main', at: '2024-05-01T10:00:00Z', digest: null },
      ],
      10,
    );
    expect(r.tags).toEqual([
      { tag: 'feature-x', digest: 'sha256:' + 'b'.repeat(64), updatedAt: Date.parse('2024-05-02T10:00:00Z') },
      { tag: 'main', digest: null, updatedAt: Date.parse('2024-05-01T10:00:00Z') },
      { tag: 'old', digest: null, updatedAt: null },
    ]);
    expect(r.truncated).toBe(false);
  });
});
