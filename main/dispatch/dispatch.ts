import type { z } from 'zod';
import { isMethodName, methods, type MethodArgs, type MethodName, type MethodOutput, type Result } from '../../preload/contract';
import { AppError } from './app-error';

export type Handler<M extends MethodName> = (args: MethodArgs<M>) => MethodOutput<M> | Promise<MethodOutput<M>>;
export type Handlers = { readonly [M in MethodName]: Handler<M> };
export type PartialHandlers<K extends MethodName> = { readonly [M in K]: Handler<M> };
/** Handlers for every method of one contract group (`HandlersOf<typeof deployMethods>`): a method added there is a type error until it has a handler. */
export type HandlersOf<Group> = PartialHandlers<keyof Group & MethodName>;
export type Dispatch = (method: string, rawInput: unknown) => Promise<Result<unknown>>;

/** Turns zod issues into one sentence naming each bad field. */
export function describeIssues(error: z.ZodError): string {
  const parts = error.issues.slice(0, 5).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : 'input';
    return `${where}: ${issue.message}`;
  });
  const more = error.issues.length > 5 ? ` (and ${String(error.issues.length - 5)} more)` : '';
  return `${parts.join('; ')}${more}`;
}

/**
 * The one entry point for every transport (Electron IPC, HTTP). Validates input before
 * the handler runs and output before it leaves, and turns failures into values.
 */
export function createDispatch(handlers: Handlers, onBug: (method: string, error: unknown) => void): Dispatch {
  return async (method, rawInput) => {
    if (!isMethodName(method)) {
      return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `There is no method "${method}". docs/api.md lists them all.` } };
    }
    const def = methods[method];
    const parsed = def.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      return {
        ok: false,
        error: { code: 'INVALID_INPUT', message: describeIssues(parsed.error), details: { issues: parsed.error.issues } },
      };
    }
    try {
      const handler = handlers[method] as (args: unknown) => unknown;
      const value: unknown = await handler(parsed.data);
      return { ok: true, value: def.output.parse(value) };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toRpc() };
      onBug(method, error);
      const detail = error instanceof Error ? error.message : String(error);
      return {
        ok: false,
        error: { code: 'INTERNAL', message: `Slipway hit an unexpected problem in ${method}: ${detail}. The event log has the details.` },
      };
    }
  };
}
