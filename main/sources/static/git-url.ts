/**
 * Clone URLs as forges write them differ in case, credentials, a trailing `.git` or `/`. A push
 * matches a static project when the normalised clone URLs are equal, or when the host and the full
 * repository name ("acme/site") are.
 */
export interface RepoKey {
  /** host[:port], lower-cased */
  readonly host: string;
  /** path without leading "/" and trailing ".git", lower-cased, e.g. "acme/site" */
  readonly fullName: string;
}

export function repoKey(url: string): RepoKey | null {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  const fullName = decodeURIComponent(u.pathname)
    .replace(/\/+$/, '')
    .replace(/\.git$/i, '')
    .replace(/^\/+/, '')
    .toLowerCase();
  if (fullName === '') return null;
  return { host: u.host.toLowerCase(), fullName };
}

/** "host/full/name": the key stored with a project and compared with pushes. */
export function urlKey(url: string): string | null {
  const k = repoKey(url);
  return k ? `${k.host}/${k.fullName}` : null;
}

export interface PushedRepo {
  /** The forge's full name, e.g. "acme/site". */
  readonly repo: string;
  /** Clone URL (or web URL) the forge sent, if any. */
  readonly repoUrl?: string | null | undefined;
}

/** Does this push concern the project whose clone URL is `projectUrl`? */
export function pushMatches(projectUrl: string, push: PushedRepo): boolean {
  const mine = repoKey(projectUrl);
  if (!mine) return false;
  const theirs = push.repoUrl ? repoKey(push.repoUrl) : null;
  if (theirs && theirs.host === mine.host && theirs.fullName === mine.fullName) return true;
  // Host + full name: the URL the forge sent may be its web URL or use another path prefix.
  return theirs !== null && theirs.host === mine.host && push.repo.toLowerCase().replace(/\.git$/, '') === mine.fullName;
}

/** The host a token or per-host credentials are for, e.g. "git.example.com". */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
