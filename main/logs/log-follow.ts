import type Docker from 'dockerode';
import type { LogLineTuple, LogSource } from '../../preload/contract/logs';
import { followContainer, type Follower } from './container-follower';
import { LogBatcher, type BatcherOptions } from './log-batcher';

export interface LogOut {
  readonly instanceId: number | null;
  readonly lines: LogLineTuple[];
  readonly dropped: number;
  readonly notice: string | null;
}

/** The container a source means now: an instance (a stage's live one), or a compose stack's companion. */
export interface LogTarget {
  /** Changes when the source means another container (a swap). */
  readonly key: string;
  /** The instance, or null for a companion (not an instance). */
  readonly instanceId: number | null;
  readonly containerId: string | null;
  /** How notices name it: "instance 12 (1.4.0)", "service db". */
  readonly label: string;
  readonly createdAt: number;
}

export interface LogFollowDeps {
  /** The client of the engine the container runs on. */
  readonly docker: (containerId?: string) => Docker;
  /** What a source means now, or null. */
  readonly target: (source: LogSource) => LogTarget | null;
  readonly batcher: BatcherOptions;
}

/**
 * Follows a source: one instance, or a stage's live instance, switching when a blue-green swap
 * makes another one live. Output goes through a bounded batcher to `sink`.
 */
export class LogFollow {
  private current: { key: string; instanceId: number | null; follower: Follower | null } | null = null;
  private readonly batcher: LogBatcher;
  private closed = false;
  private first = true;
  private waitingNoticeSent = false;

  constructor(
    readonly source: LogSource,
    private readonly history: { readonly tail: number; readonly since?: number },
    private readonly deps: LogFollowDeps,
    private readonly sink: (out: LogOut) => void,
  ) {
    this.batcher = new LogBatcher((lines, dropped) => this.sink({ instanceId: this.current?.instanceId ?? null, lines, dropped, notice: null }), deps.batcher);
  }

  private notice(text: string): void {
    this.batcher.flush();
    this.sink({ instanceId: this.current?.instanceId ?? null, lines: [], dropped: 0, notice: text });
  }

  /** Looks again at what the source means and follows that (cheap when nothing changed). */
  async retarget(): Promise<void> {
    if (this.closed) return;
    const next = this.deps.target(this.source);
    if (next?.key === this.current?.key) return;
    const previous = this.current;
    previous?.follower?.stop();
    this.current = null;
    if (!next || next.containerId === null) {
      if (!this.waitingNoticeSent) {
        this.notice(this.source.kind === 'stage' ? 'No live instance on this stage yet; lines appear as soon as one is deployed.' : 'This instance has no container.');
        this.waitingNoticeSent = true;
      }
      return;
    }
    this.waitingNoticeSent = false;
    this.current = { key: next.key, instanceId: next.instanceId, follower: null };
    const first = this.first;
    this.first = false;
    if (!first || previous) this.notice(`Now following ${next.label}.`);
    const opts = first
      ? { tail: this.history.tail, since: this.history.since === undefined ? undefined : Math.floor(this.history.since / 1000), follow: true }
      : // After a swap: the new instance's output from its creation (start-up and health checks included).
        { tail: 'all' as const, since: Math.floor(next.createdAt / 1000), follow: true };
    try {
      const follower = await followContainer(this.deps.docker(next.containerId), next.containerId, opts, (lines) => this.batcher.push(lines));
      if (this.closed || this.current?.key !== next.key) {
        follower.stop();
        return;
      }
      this.current.follower = follower;
      void follower.done.then(() => {
        if (this.current?.follower === follower && !this.closed) {
          this.batcher.flush();
          this.notice(`${capitalised(next.label)} stopped writing output (it stopped or was removed).`);
        }
      });
    } catch (error) {
      this.current = null;
      this.notice(`Cannot read the output of ${next.label}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  close(): void {
    this.closed = true;
    this.current?.follower?.stop();
    this.current = null;
    this.batcher.close();
  }
}

const capitalised = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
