import path from 'node:path';
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { TrayAction, TrayModel } from './tray-model';

export interface TrayActions {
  readonly open: (route: string | null) => void;
  readonly call: (method: string, input: unknown) => void;
  readonly togglePolling: () => void;
  readonly quit: () => void;
}

/** The tray icon (its colour says healthy / deploying / failed) and its menu. */
export class SlipwayTray {
  private readonly tray: Tray;

  constructor(
    private readonly iconDir: string,
    private readonly actions: TrayActions,
  ) {
    this.tray = new Tray(this.icon('healthy'));
    this.tray.on('click', () => actions.open(null));
    this.update({ state: 'healthy', projects: [] }, false);
  }

  update(model: TrayModel, pollingPaused: boolean): void {
    this.tray.setImage(this.icon(model.state));
    this.tray.setToolTip(`Slipway — ${model.state === 'healthy' ? 'all healthy' : model.state === 'deploying' ? 'deploying…' : 'a deploy failed'}`);
    const projects: MenuItemConstructorOptions[] = model.projects.map((p) => ({
      label: p.label,
      submenu: p.entries.map((e) => ({ label: e.label, enabled: e.enabled ?? true, click: e.action ? () => this.run(e.action!) : undefined })),
    }));
    const template: MenuItemConstructorOptions[] = [
      { label: 'Open Slipway', click: () => this.actions.open(null) },
      { type: 'separator' },
      ...projects,
      ...(projects.length > 0 ? [{ type: 'separator' as const }] : []),
      { label: 'Pause all polling', type: 'checkbox', checked: pollingPaused, click: this.actions.togglePolling },
      { type: 'separator' },
      { label: 'Quit Slipway', click: this.actions.quit },
    ];
    this.tray.setContextMenu(Menu.buildFromTemplate(template));
  }

  destroy(): void {
    this.tray.destroy();
  }

  private run(action: TrayAction): void {
    if (action.kind === 'open') this.actions.open(action.route);
    else this.actions.call(action.method, action.input);
  }

  private icon(state: TrayModel['state']): Electron.NativeImage {
    return nativeImage.createFromPath(path.join(this.iconDir, `tray-${state}.png`));
  }
}
