import type { TransferEndpoint } from '../../preload/contract/volumes';
import { AppError } from '../dispatch/app-error';
import type { PartialHandlers } from '../dispatch/dispatch';

/** Set by the shell once its loopback server for /api/raw/ routes listens (desktop); unused in a browser. */
export interface TransferHolder {
  current: TransferEndpoint | null;
}

export function transferHandlers(holder: TransferHolder): PartialHandlers<'system.transferEndpoint'> {
  return {
    'system.transferEndpoint': () => {
      if (!holder.current) throw new AppError('NOT_FOUND', 'File transfers are not available in this window yet. Restart Slipway if this persists.');
      return holder.current;
    },
  };
}
