import type { TransferEndpoint } from '../../preload/contract/volumes';
import { AppError } from '../dispatch/app-error';
import type { PartialHandlers } from '../dispatch/dispatch';
import { ticketTarget, type DownloadTickets } from '../http/download-tickets';

/** Set by the shell once its loopback server for /api/raw/ routes listens (desktop); unused in a browser. */
export interface TransferHolder {
  current: TransferEndpoint | null;
}

export function transferHandlers(holder: TransferHolder, tickets: DownloadTickets): PartialHandlers<'system.transferEndpoint' | 'system.downloadUrl'> {
  return {
    'system.downloadUrl': ({ path, params }) => {
      if (!holder.current) throw new AppError('NOT_FOUND', 'File transfers are not available in this window yet. Restart Slipway if this persists.');
      const q = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]));
      const ticket = tickets.issue(ticketTarget(path, q));
      q.set('ticket', ticket);
      return { url: `${holder.current.baseUrl}${path}?${q.toString()}` };
    },
    'system.transferEndpoint': () => {
      if (!holder.current) throw new AppError('NOT_FOUND', 'File transfers are not available in this window yet. Restart Slipway if this persists.');
      return holder.current;
    },
  };
}
