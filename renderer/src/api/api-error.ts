import type { ErrorCode, RpcError } from '../../../preload/contract';

/** A failed call as the UI sees it: a stable code to branch on and a sentence to show. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(error: RpcError) {
    super(error.message);
    this.name = 'ApiError';
    this.code = error.code;
    this.details = error.details;
  }
}

/** An expected "no" with its sentence (a test message not delivered, an engine not reachable), shown as it is. */
export class Refusal extends Error {
  override readonly name = 'Refusal';
}

/** The message to show for anything a call threw (bugs included), never a stack trace. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError || error instanceof Refusal) return error.message;
  if (error instanceof Error) return `Something went wrong: ${error.message}`;
  return 'Something went wrong.';
}
