import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { version } from '../package.json';
import { createApp } from './app';
import { servingBanner } from './cli-banner';
import { parseCli, usage, UsageError, type ServeArgs } from './cli-args';
import { resolveDataDir } from './data-dir';
import { newToken } from './http/auth';
import { startApiServer } from './http/server';
import { removeRuntimeFile, writeRuntimeFile } from './runtime-file';

/** The built renderer: next to the bundle (out/renderer), or out/renderer when run from sources. */
function rendererDir(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  return import.meta.url.endsWith('.ts') ? path.resolve(here, '..', 'out', 'renderer') : path.resolve(here, '..', 'renderer');
}

async function serve(args: ServeArgs): Promise<void> {
  const dataDir = resolveDataDir({ flag: args.dataDir });
  const app = createApp({ dataDir, mode: 'headless', version, webhookPort: args.webhookPort, dockerHost: args.dockerHost });
  for (const notice of app.startupNotices) process.stderr.write(`${notice}\n`);
  await app.start();
  const token = newToken();
  const api = await startApiServer(
    {
      dispatch: app.dispatch,
      bus: app.bus,
      replay: (afterId, limit) => app.replayEvents(afterId, limit),
      token,
      staticRoot: rendererDir(),
      rawRoutes: app.rawRoutes,
      tickets: app.downloadTickets,
    },
    args.host,
    args.port,
  );
  app.transfer.current = { baseUrl: api.origin, token };
  // Links in channel messages open the window; the token stays out of them (a browser that has it keeps it).
  app.channels.setWindowUrl(api.origin);
  const uiUrl = `${api.origin}/?token=${token}`;
  const write = (): void => writeRuntimeFile(dataDir, { pid: process.pid, uiUrl, apiUrl: api.apiUrl, token, webhookUrl: app.listener.url() });
  write();
  // The webhook URL changes when the secret is regenerated; keep runtime.json truthful.
  app.bus.onEvent((e) => {
    if (e.type === 'webhook.regenerated') write();
  });
  process.stdout.write(servingBanner({ version, uiUrl, webhookUrl: app.listener.url(), dataDir, engine: app.engine.status }));

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) {
      process.stderr.write(`Second ${signal}: exiting now.\n`);
      process.exit(1);
    }
    stopping = true;
    process.stdout.write(`${signal}: stopping…\n`);
    void (async () => {
      await api.close();
      await app.stop();
      removeRuntimeFile(dataDir, process.pid);
      process.exit(0);
    })();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

export async function main(argv: readonly string[]): Promise<void> {
  try {
    const args = parseCli(argv);
    switch (args.command) {
      case 'help':
        process.stdout.write(`${usage}\n`);
        return;
      case 'version':
        process.stdout.write(`${version}\n`);
        return;
      case 'proxy': {
        const entry: { runProxy: (argv: string[]) => Promise<void> } = await import('./proxy/entry');
        await entry.runProxy([...args.argv]);
        return;
      }
      case 'serve':
        await serve(args);
        return;
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${usage}\n`);
      process.exit(2);
    }
    process.stderr.write(`slipway: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
