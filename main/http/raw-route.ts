import type { IncomingMessage, ServerResponse } from 'node:http';

/** A streaming HTTP route under /api/raw/ (file transfers) that does not fit JSON calls. Auth is checked before it runs. */
export interface RawRoute {
  readonly method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  readonly path: RegExp;
  handle(req: IncomingMessage, res: ServerResponse, match: RegExpExecArray, url: URL): Promise<void> | void;
}
