import { z } from 'zod';

/** Stable error codes. Renderer and scripts branch on these, never on messages. */
export const errorCodes = [
  'INVALID_INPUT',
  'UNKNOWN_METHOD',
  'NOT_FOUND',
  'CONFLICT',
  'PORT_TAKEN',
  'ENGINE_UNAVAILABLE',
  'REGISTRY_ERROR',
  'UNAUTHORIZED',
  'FORBIDDEN_PATH',
  'TOO_LARGE',
  'INTERNAL',
] as const;
export const ErrorCodeSchema = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const RpcErrorSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  details: z.unknown().optional(),
});
export type RpcError = z.infer<typeof RpcErrorSchema>;

/** Every call answers with a value or an error as data; nothing is thrown across the boundary. */
export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: RpcError };

export const ResultSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: RpcErrorSchema }),
]);
