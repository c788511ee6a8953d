const HOUR = 3_600_000;

export type ActionVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * How often a log rule may act on one stage: not within its cooldown of the last action, and at
 * most N times in any hour (a rolling window), so a crash loop cannot become a restart storm.
 * Pure: time comes in as `now`.
 */
export class ActionLimiter {
  private readonly taken = new Map<string, number[]>();

  check(key: string, limits: { readonly maxPerHour: number; readonly cooldownMs: number }, now: number): ActionVerdict {
    const recent = (this.taken.get(key) ?? []).filter((t) => now - t < HOUR);
    this.taken.set(key, recent);
    const last = recent[recent.length - 1];
    if (last !== undefined && now - last < limits.cooldownMs) {
      return { ok: false, reason: `in cooldown for ${String(Math.ceil((limits.cooldownMs - (now - last)) / 1000))} s more` };
    }
    if (recent.length >= limits.maxPerHour) {
      const first = recent[0] ?? now;
      return { ok: false, reason: `already acted ${String(recent.length)} times in the last hour (at most ${String(limits.maxPerHour)}); next possible in ${String(Math.ceil((first + HOUR - now) / 60_000))} min` };
    }
    recent.push(now);
    return { ok: true };
  }
}
