import { randomBytes } from 'node:crypto';

/** How long a download link works: long enough to click, short enough that a leaked one is dead. */
export const TICKET_TTL_MS = 60_000;
const MAX_OPEN = 1000;

/** A download route and its query without the ticket, parameters sorted: what a ticket is bound to. */
export function ticketTarget(pathname: string, params: URLSearchParams): string {
  const rest = [...params].filter(([k]) => k !== 'ticket' && k !== 'token').sort(([a, av], [b, bv]) => (a === b ? av.localeCompare(bv) : a.localeCompare(b)));
  return `${pathname}?${new URLSearchParams(rest).toString()}`;
}

/**
 * Short-lived, single-use download links: the window asks for one per download instead of putting
 * the long-lived API token in a URL (where history, logs and the Downloads list would keep it).
 */
export class DownloadTickets {
  private readonly open = new Map<string, { target: string; expires: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  issue(target: string): string {
    this.prune();
    while (this.open.size >= MAX_OPEN) this.open.delete(this.open.keys().next().value ?? '');
    const ticket = randomBytes(24).toString('base64url');
    this.open.set(ticket, { target, expires: this.now() + TICKET_TTL_MS });
    return ticket;
  }

  /** True once, for an unexpired ticket used on exactly the download it was issued for. */
  redeem(ticket: string, target: string): boolean {
    const t = this.open.get(ticket);
    if (t === undefined) return false;
    this.open.delete(ticket);
    return t.target === target && t.expires > this.now();
  }

  private prune(): void {
    const now = this.now();
    for (const [k, t] of this.open) if (t.expires <= now) this.open.delete(k);
  }
}
