import type { ErrorCode, RpcError } from '../../preload/contract';

/** An expected failure with a message a user can act on. Anything else thrown is a bug. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toRpc(): RpcError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export const notFound = (what: string, id: number | string): AppError =>
  new AppError('NOT_FOUND', `${what} ${String(id)} does not exist. Refresh the list and try again.`);
