import { engineStateLine, type EngineStatus } from '../preload/contract/system';

export interface BannerInfo {
  readonly version: string;
  readonly uiUrl: string;
  readonly webhookUrl: string;
  readonly dataDir: string;
  readonly engine: EngineStatus;
}

/** What `slipway serve` prints once it listens: where the UI is, and whether it can deploy at all. */
export function servingBanner(b: BannerInfo): string {
  return [
    `Slipway ${b.version} is running.`,
    `  UI:       ${b.uiUrl}`,
    `  Webhook:  ${b.webhookUrl}`,
    `  Data:     ${b.dataDir}`,
    `  ${engineStateLine(b.engine, 'headless')}`,
    '',
  ].join('\n');
}
