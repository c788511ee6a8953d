import type { UpdateWindow } from '../../preload/contract/triggers';

/** One stage as the matcher sees it: the project's repository and the stage's tag filter and policy. */
export interface StageSubscription {
  readonly projectId: number;
  readonly project: string;
  /** Canonical repository, e.g. `localhost:5000/acme/web`. */
  readonly image: string;
  readonly stageId: number;
  readonly stage: string;
  readonly tagPattern: string;
  readonly semverRange: string | null;
  readonly autoDeploy: boolean;
  readonly pollEnabled: boolean;
  /** Auto-deploys wait for this window (absent or null: any time). */
  readonly updateWindow?: UpdateWindow | null;
}
