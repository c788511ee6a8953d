import { hash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { SettingsRepo } from '../store/settings-repo';

const KEY = 'webhookSecret';

/** The secret path segment of the inbound webhook URL: made on first start, replaceable at will. */
export class WebhookSecret {
  private value: string;
  /** The hash of the current secret, computed once per secret rather than per request. */
  private valueHash: Buffer;

  constructor(private readonly settings: SettingsRepo) {
    const stored = settings.getInternal(KEY);
    if (stored) {
      this.value = stored;
    } else {
      this.value = randomUUID();
      settings.setInternal(KEY, this.value);
    }
    this.valueHash = sha256(this.value);
  }

  get current(): string {
    return this.value;
  }

  regenerate(): string {
    this.value = randomUUID();
    this.valueHash = sha256(this.value);
    this.settings.setInternal(KEY, this.value);
    return this.value;
  }

  /** Constant-time: hashing first makes the compared lengths equal whatever was sent. */
  matches(candidate: string): boolean {
    return timingSafeEqual(sha256(candidate), this.valueHash);
  }
}

const sha256 = (s: string): Buffer => hash('sha256', s, 'buffer');
