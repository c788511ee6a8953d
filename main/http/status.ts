import type { ErrorCode } from '../../preload/contract';

/** HTTP status for scripts that look at it; the body is the full Result either way. */
export const statusForCode: Record<ErrorCode, number> = {
  INVALID_INPUT: 400,
  UNKNOWN_METHOD: 404,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PORT_TAKEN: 409,
  ENGINE_UNAVAILABLE: 503,
  REGISTRY_ERROR: 502,
  UNAUTHORIZED: 401,
  FORBIDDEN_PATH: 403,
  TOO_LARGE: 413,
  INTERNAL: 500,
};
