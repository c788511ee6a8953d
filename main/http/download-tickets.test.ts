import { describe, expect, it } from 'vitest';
import { DownloadTickets, TICKET_TTL_MS, ticketTarget } from './download-tickets';

const target = ticketTarget('/api/raw/volumes/file', new URLSearchParams('projectId=1&target=%2Fdata&path=a.txt'));

describe('DownloadTickets', () => {
  it('works once, for the download it was issued for', () => {
    const t = new DownloadTickets();
    const ticket = t.issue(target);
    expect(t.redeem(ticket, target)).toBe(true);
    expect(t.redeem(ticket, target)).toBe(false);
  });

  it('refuses another file, an unknown ticket and an expired one', () => {
    let now = 1000;
    const t = new DownloadTickets(() => now);
    const other = ticketTarget('/api/raw/volumes/file', new URLSearchParams('projectId=1&target=%2Fdata&path=b.txt'));
    expect(t.redeem(t.issue(target), other)).toBe(false);
    expect(t.redeem('made-up', target)).toBe(false);
    const late = t.issue(target);
    now += TICKET_TTL_MS;
    expect(t.redeem(late, target)).toBe(false);
  });

  it('binds to the query whatever its order, without the ticket or token', () => {
    expect(ticketTarget('/x', new URLSearchParams('b=2&a=1&ticket=t&token=k'))).toBe(ticketTarget('/x', new URLSearchParams('a=1&b=2')));
  });
});
