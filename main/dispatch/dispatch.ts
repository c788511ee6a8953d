import { isMethodName, methods, type MethodArgs, type MethodName, type MethodOutput, type Result } from '../../preload/contract';
import { AppError } from './app-error';
import { describeIssues } from './describe-issues';

export type Handler<M extends MethodName> = (args: MethodArgs<M>) => MethodOutput<M> | Promise<MethodOutput<M>>;
export type Handlers = { readonly [M in MethodName]: Handler<M> };
export type PartialHandlers<K extends MethodName> = { readonly [M in K]: Handler<M> };
/** Handlers for every method of one contract group (`HandlersOf<typeof deployMethods>`): a method added there is a type error until it has a handler. */
export type HandlersOf<Group> = PartialHandlers<keyof Group & MethodName>;
export type Dispatch = (method: string, rawInput: unknown) => Promise<Result<unknown>>;

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
        error: { code: 'INVALID_INPUT', message: describeIssues(parsed.error, { schema: def.input, input: rawInput ?? {} }), details: { issues: parsed.error.issues } },
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
