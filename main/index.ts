import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, net, protocol, type WebContents } from 'electron';
import { version } from '../package.json';
import { createApp, type App } from './app';
import { resolveDataDir } from './data-dir';
import { registerIpc, PUSH_CHANNEL } from './electron/ipc';
import { newToken } from './http/auth';
import { startApiServer, type ApiServer } from './http/server';
import { showNativeNotification } from './electron/native-notify';
import { safeStorageBox } from './electron/safe-storage-box';
import { PushQueue } from './electron/push-queue';
import { applySecurityRestrictions } from './electron/security';
import { isSamePage } from './electron/trusted-url';
import { APP_PAGE, APP_SCHEME, appFileFor, transferOrigins } from './electron/app-origin';
import { SlipwayTray } from './electron/tray';
import { applyTrayEvent, trayModel, type StageNews } from './electron/tray-model';
import type { Project } from '../preload/contract/projects';

// The desktop shell: window, tray, notifications and IPC. Everything else lives in app.ts.
const here = fileURLToPath(new URL('.', import.meta.url));
const rendererUrl = process.env['ELECTRON_RENDERER_URL'];
const rendererDir = path.join(here, '../renderer');
/** Exactly our page (a hash route may follow): not a prefix or substring another URL could contain. */
const isTrustedUrl = (url: string): boolean => isSamePage(url, rendererUrl ?? APP_PAGE);

// The window is served from app://slipway/ so its requests carry a real origin (file:// pages send "null").
// Must happen before the app is ready.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

let window: BrowserWindow | null = null;
let core: App | null = null;
let tray: SlipwayTray | null = null;
let transferServer: ApiServer | null = null;
const pushes = new PushQueue<{ topic: string; payload: unknown }>((p) => window?.webContents.send(PUSH_CHANNEL, p.topic, p.payload));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => showWindow());
  applySecurityRestrictions(isTrustedUrl);
  app.whenReady().then(start).catch((error: unknown) => {
    dialog.showErrorBox('Slipway could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });
}

async function start(): Promise<void> {
  protocol.handle(APP_SCHEME, (request) => {
    const file = appFileFor(request.url, rendererDir);
    return file === null ? new Response('not found', { status: 404 }) : net.fetch(pathToFileURL(file).href);
  });
  // Registry passwords go to the OS keychain where there is one; otherwise to the key file in the data directory.
  core = createApp({ dataDir: resolveDataDir({ electronUserData: app.getPath('userData') }), mode: 'desktop', version, secretBox: safeStorageBox() });
  const started = core;
  started.bus.onPush((topic, payload) => {
    pushes.push({ topic, payload });
    if (topic === 'toast') showNativeNotification(payload as Parameters<typeof showNativeNotification>[0], (route) => showWindow(route));
  });
  registerIpc(started.dispatch, (sender: WebContents, url) => sender === window?.webContents && isTrustedUrl(url));
  await started.start();
  for (const notice of started.startupNotices) console.warn(notice);
  // File transfers (volume downloads/uploads) stream over a loopback server only this window knows the token of.
  const token = newToken();
  transferServer = await startApiServer(
    { dispatch: started.dispatch, bus: started.bus, replay: (a, l) => started.replayEvents(a, l), token, staticRoot: null, rawRoutes: started.rawRoutes, corsOrigins: transferOrigins(rendererUrl), transferOnly: true, tickets: started.downloadTickets },
    '127.0.0.1',
    0,
  );
  started.transfer.current = { baseUrl: transferServer.origin, token };
  tray = new SlipwayTray(path.join(here, '../../build'), {
    open: (route) => showWindow(route),
    call: (method, input) => {
      void started.dispatch(method, input).then((r) => {
        if (!r.ok) void dialog.showMessageBox({ type: 'error', message: r.error.message });
      });
    },
    togglePolling: () => {
      void started.dispatch('settings.get', {}).then(async (r) => {
        if (r.ok) await started.dispatch('settings.update', { pollPaused: !(r.value as { pollPaused: boolean }).pollPaused });
      });
    },
    quit: () => app.quit(),
  });
  const news = new Map<number, StageNews>();
  let refresh: NodeJS.Timeout | null = null;
  const refreshTray = (): void => {
    refresh ??= setTimeout(() => {
      refresh = null;
      void Promise.all([started.dispatch('projects.list', {}), started.dispatch('settings.get', {})]).then(([p, s]) => {
        if (!p.ok || !s.ok) return;
        tray?.update(trayModel((p.value as { projects: Project[] }).projects, news), (s.value as { pollPaused: boolean }).pollPaused);
      });
    }, 250);
  };
  started.bus.onEvent((e) => {
    if (applyTrayEvent(news, e) || e.type.startsWith('project.') || e.type === 'settings.changed') refreshTray();
  });
  refreshTray();
  showWindow();
}

function showWindow(route: string | null = null): void {
  if (window && !window.isDestroyed()) {
    if (route) window.webContents.send(PUSH_CHANNEL, 'navigate', route);
    window.show();
    window.focus();
    return;
  }
  window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 560,
    show: false,
    title: 'Slipway',
    webPreferences: {
      preload: path.join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  const w = window;
  w.once('ready-to-show', () => w.show());
  w.webContents.on('did-start-loading', () => pushes.setReady(false));
  w.webContents.on('did-finish-load', () => pushes.setReady(true));
  w.on('closed', () => {
    pushes.setReady(false);
    window = null;
  });
  if (rendererUrl) void w.loadURL(rendererUrl);
  else void w.loadURL(APP_PAGE);
}

// Closing the window keeps Slipway in the tray; deployments keep running.
app.on('window-all-closed', () => undefined);

let quitting = false;
app.on('before-quit', (event) => {
  if (quitting || !core) return;
  event.preventDefault();
  const stopping = core;
  void (async () => {
    // Deployments outlive the window by design; quitting asks whether they should.
    const choice = await dialog.showMessageBox({
      type: 'question',
      message: 'Quit Slipway?',
      detail: 'Your deployments can keep answering on their stable URLs while Slipway is closed, or be stopped now.',
      buttons: ['Leave deployments running', 'Stop deployments', 'Cancel'],
      defaultId: 0,
      cancelId: 2,
    });
    if (choice.response === 2) return;
    quitting = true;
    if (choice.response === 1) await stopping.deployments.stopAll();
    tray?.destroy();
    await transferServer?.close();
    await stopping.stop();
    app.exit(0);
  })();
});
