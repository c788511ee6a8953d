import type { Migration } from '../migrate';
import { sealForStore } from '../../secrets/store-box';

/** The user name and password of a URL written as `http://user:pw@host/…`, and the URL without them; null when it has none. */
export function splitUrlCredentials(url: string): { url: string; credentials: string } | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.username === '' && parsed.password === '') return null;
  // As node:http sent them before (its `auth` option): percent-decoded, joined by ":".
  const credentials = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
  parsed.username = '';
  parsed.password = '';
  return { url: parsed.href, credentials };
}

/**
 * Secret environment variables (a sealed `secret_env` next to the plain `env` of projects and stages), and
 * hook URLs with credentials: earlier versions accepted `http://user:pw@…` and sent it as Basic auth. The
 * credentials move to a sealed `basic_auth` column (still sent as `Authorization: Basic`), the URL is
 * stored and listed without them, and events that quoted the old URL are rewritten without them.
 */
export const secretEnvHookCredentials: Migration = {
  name: 'secret-env-hook-credentials',
  up: (db, { box }) => {
    db.exec(`
      ALTER TABLE projects ADD COLUMN secret_env TEXT NOT NULL DEFAULT '{}'; -- name → sealed value
      ALTER TABLE stages ADD COLUMN secret_env TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE hooks ADD COLUMN basic_auth TEXT;                         -- sealed "user:password", or NULL
    `);
    const setHook = db.prepare<[string, string, number]>('UPDATE hooks SET url = ?, basic_auth = ? WHERE id = ?');
    const scrubEvents = db.prepare<[string, string, string, string, string, string]>(
      'UPDATE events SET message = replace(message, ?, ?), data = replace(data, ?, ?) WHERE instr(message, ?) > 0 OR instr(data, ?) > 0',
    );
    for (const hook of db.prepare<[], { id: number; url: string }>("SELECT id, url FROM hooks WHERE kind = 'webhook'").all()) {
      const split = splitUrlCredentials(hook.url);
      if (split === null) continue;
      setHook.run(split.url, sealForStore(box, split.credentials), hook.id);
      scrubEvents.run(hook.url, split.url, hook.url, split.url, hook.url, hook.url);
    }
  },
};
