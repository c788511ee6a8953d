import type { GitCredential } from '../../../preload/contract/git-credentials';
import { notFound } from '../../dispatch/app-error';
import type { PartialHandlers } from '../../dispatch/dispatch';
import type { EventBus } from '../../events/bus';
import { type SecretBox, SecretBoxError } from '../../secrets/secret-box';
import type { Db } from '../../store/db';
import type { GitAuth } from './git-source';

interface Row {
  host: string;
  username: string;
  secret: string;
  created_at: number;
  updated_at: number;
}

/**
 * Settings → Git credentials: a user name and token per git host, sealed at rest, for static
 * projects that have no token of their own. Opened on use, never sent back.
 */
export class GitCredentials {
  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
    private readonly bus: EventBus,
    private readonly now: () => number = Date.now,
  ) {}

  list(): GitCredential[] {
    return this.db.prepare<[], Row>('SELECT * FROM git_credentials ORDER BY host').all().map((r) => this.entry(r));
  }

  save(input: { readonly host: string; readonly username: string; readonly token: string }): GitCredential {
    const existed = this.row(input.host) !== null;
    const now = this.now();
    this.db
      .prepare(
        `INSERT INTO git_credentials(host, username, secret, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(host) DO UPDATE SET username = excluded.username, secret = excluded.secret, updated_at = excluded.updated_at`,
      )
      .run(input.host, input.username, this.box.encrypt(input.token), now, now);
    this.bus.emit({ type: 'git.credentials-saved', message: `${existed ? 'Updated' : 'Saved'} git credentials for ${input.host} (user ${input.username})`, data: { host: input.host, username: input.username } });
    return this.entry(this.row(input.host)!);
  }

  remove(host: string): void {
    if (this.db.prepare('DELETE FROM git_credentials WHERE host = ?').run(host).changes === 0) throw notFound('Saved git credentials for host', host);
    this.bus.emit({ type: 'git.credentials-removed', message: `Removed the saved git credentials for ${host}`, data: { host } });
  }

  /** The credentials for a host, or null when none are saved or they cannot be opened (then the fetch says "add a token"). */
  auth(host: string): GitAuth | null {
    const r = this.row(host.toLowerCase());
    if (!r) return null;
    try {
      return { username: r.username, password: this.box.decrypt(r.secret) };
    } catch (error) {
      if (error instanceof SecretBoxError) return null;
      throw error;
    }
  }

  private row(host: string): Row | null {
    return this.db.prepare<[string], Row>('SELECT * FROM git_credentials WHERE host = ?').get(host) ?? null;
  }

  private entry(r: Row): GitCredential {
    let problem: string | null = null;
    try {
      this.box.decrypt(r.secret);
    } catch (error) {
      if (!(error instanceof SecretBoxError)) throw error;
      problem = `${error.message}; save the token again`;
    }
    return { host: r.host, username: r.username, hasToken: true, problem, updatedAt: r.updated_at };
  }
}

export function gitCredentialHandlers(c: GitCredentials): PartialHandlers<'gitCredentials.list' | 'gitCredentials.save' | 'gitCredentials.remove'> {
  return {
    'gitCredentials.list': () => ({ credentials: c.list() }),
    'gitCredentials.save': (input) => c.save(input),
    'gitCredentials.remove': ({ host }) => {
      c.remove(host);
      return { ok: true };
    },
  };
}
