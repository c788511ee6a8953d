import fs from 'node:fs';
import git from 'isomorphic-git';
import http from 'isomorphic-git/http/node';
import { hostOf } from './git-url';

/** A failure a user can act on; `kind` lets the window and tests tell them apart. */
export class StaticSourceError extends Error {
  constructor(
    readonly kind: 'auth' | 'unreachable' | 'not-found' | 'unknown-ref' | 'missing-folder' | 'too-large',
    message: string,
  ) {
    super(message);
    this.name = 'StaticSourceError';
  }
}

export interface GitAuth {
  readonly username: string;
  readonly password: string;
}

export interface Resolved {
  readonly commit: string;
  /** The full ref to fetch ("refs/heads/main"), or null for a commit sha given as is. */
  readonly fetchRef: string | null;
}

const SHA = /^[0-9a-f]{40}$/;

/** Turns isomorphic-git's and the network's errors into ones that say what to do. */
export function explainGitError(error: unknown, url: string, withAuth: boolean): Error {
  if (error instanceof StaticSourceError) return error;
  const e = error as { code?: string; data?: { statusCode?: number }; message?: string };
  const status = e.data?.statusCode;
  const host = hostOf(url);
  if (e.code === 'HttpError' && (status === 401 || status === 403)) {
    return new StaticSourceError(
      'auth',
      withAuth
        ? `authentication refused by ${host}: the token was not accepted. Check the project's token (or Settings → git credentials for ${host}).`
        : `authentication refused: add a token for ${host} (the project's token, or Settings → git credentials).`,
    );
  }
  if (e.code === 'HttpError' && status === 404) {
    return new StaticSourceError('not-found', `${url} was not found on ${host}${withAuth ? '' : ' (if it is private, add a token for ' + host + ')'}. Check the clone URL.`);
  }
  const net = e.code ?? '';
  if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH'].includes(net)) {
    return new StaticSourceError('unreachable', `the repository is unreachable: ${host} did not answer (${net}). Check the URL and that the server is up.`);
  }
  if (e.code === 'HttpError') return new StaticSourceError('unreachable', `the repository at ${url} answered HTTP ${String(status ?? '?')}; it does not look like a git server.`);
  return error instanceof Error ? error : new Error(String(error));
}

const onAuth = (auth: GitAuth | null) => (auth ? { onAuth: () => ({ username: auth.username, password: auth.password }) } : {});

/** The branches and tags the server has (one smart-HTTP request: what `git ls-remote` asks). */
export async function listRefs(url: string, auth: GitAuth | null): Promise<{ ref: string; oid: string; peeled?: string }[]> {
  try {
    return await git.listServerRefs({ http, url, protocolVersion: 1, peelTags: true, ...onAuth(auth) });
  } catch (error) {
    throw explainGitError(error, url, auth !== null);
  }
}

/** A branch, a tag or a full commit sha → the commit. */
export async function resolveRef(url: string, ref: string, auth: GitAuth | null): Promise<Resolved> {
  if (SHA.test(ref.toLowerCase())) return { commit: ref.toLowerCase(), fetchRef: null };
  const refs = await listRefs(url, auth);
  const short = ref.replace(/^refs\/(heads|tags)\//, '');
  const found = refs.find((r) => r.ref === ref) ?? refs.find((r) => r.ref === `refs/heads/${short}`) ?? refs.find((r) => r.ref === `refs/tags/${short}`);
  if (!found) {
    const branches = refs.filter((r) => r.ref.startsWith('refs/heads/')).map((r) => r.ref.slice(11));
    const list = branches.length > 0 ? `; its branches: ${branches.slice(0, 10).join(', ')}${branches.length > 10 ? ' …' : ''}` : '; it has no branches yet';
    throw new StaticSourceError('unknown-ref', `unknown branch or ref "${ref}": not a branch, tag or full commit sha of ${url}${list}.`);
  }
  return { commit: found.peeled ?? found.oid, fetchRef: found.ref };
}

async function hasCommit(gitdir: string, commit: string, cache: object): Promise<boolean> {
  try {
    await git.readCommit({ fs, gitdir, oid: commit, cache });
    return true;
  } catch {
    return false;
  }
}

async function localRef(gitdir: string, ref: string): Promise<string | null> {
  try {
    return await git.resolveRef({ fs, gitdir, ref });
  } catch {
    return null;
  }
}

/**
 * Makes `commit` present in the bare cache repository `gitdir`. The first fetch of a ref is shallow
 * (depth 1); later ones are incremental: the cache keeps the ref's last fetched tip as a local ref,
 * which the fetch offers as "have", so the server sends only the new commits' objects (a depth-1
 * fetch would send the whole tree again). A sha given as is needs a full fetch of the branches and
 * tags (servers need not allow asking for an arbitrary sha).
 */
export async function fetchCommit(gitdir: string, url: string, resolved: Resolved, auth: GitAuth | null, cache: object): Promise<void> {
  if (!fs.existsSync(`${gitdir}/HEAD`)) {
    await git.init({ fs, gitdir, bare: true });
    await git.addRemote({ fs, gitdir, remote: 'origin', url, force: true });
  }
  if (await hasCommit(gitdir, resolved.commit, cache)) return;
  try {
    if (resolved.fetchRef) {
      const have = await localRef(gitdir, resolved.fetchRef);
      const incremental = have !== null && (await hasCommit(gitdir, have, cache));
      const fetched = await git.fetch({ fs, http, gitdir, url, ref: resolved.fetchRef, remoteRef: resolved.fetchRef, singleBranch: true, ...(incremental ? {} : { depth: 1 }), tags: false, cache, ...onAuth(auth) });
      if (fetched.fetchHead) await git.writeRef({ fs, gitdir, ref: resolved.fetchRef, value: fetched.fetchHead, force: true });
    }
    // A sha given as is, or a pinned commit the branch has already moved past: everything the server offers.
    if (!resolved.fetchRef || !(await hasCommit(gitdir, resolved.commit, cache))) {
      await git.fetch({ fs, http, gitdir, url, singleBranch: false, tags: true, cache, ...onAuth(auth) });
    }
  } catch (error) {
    throw explainGitError(error, url, auth !== null);
  }
  if (!(await hasCommit(gitdir, resolved.commit, cache))) {
    throw new StaticSourceError('unknown-ref', `unknown ref: commit ${resolved.commit} is not in ${url} (not on any branch or tag the server offers).`);
  }
}

export interface CommitInfo {
  readonly message: string;
  readonly author: string;
}

export async function commitInfo(gitdir: string, commit: string, cache: object): Promise<CommitInfo> {
  const c = await git.readCommit({ fs, gitdir, oid: commit, cache });
  return { message: c.commit.message.split('\n')[0]?.trim() ?? '', author: c.commit.author.name };
}

export interface TreeFile {
  /** Path relative to the served folder, "/"-separated. */
  readonly path: string;
  readonly oid: string;
}

/** Every regular file under `folder` at `commit`; symlinks and submodules are left out (they could point outside). */
export async function filesUnder(gitdir: string, commit: string, folder: string, cache: object): Promise<TreeFile[]> {
  const clean = folder.replace(/^\/+|\/+$/g, '');
  let root: string;
  try {
    root = clean === '' ? (await git.readCommit({ fs, gitdir, oid: commit, cache })).commit.tree : (await git.readTree({ fs, gitdir, oid: commit, filepath: clean, cache })).oid;
  } catch (error) {
    if ((error as { code?: string }).code === 'NotFoundError' || (error as { code?: string }).code === 'ObjectTypeError') {
      throw new StaticSourceError('missing-folder', `missing folder: "/${clean}" does not exist at commit ${commit.slice(0, 7)}. Check the project's folder or the repository.`);
    }
    throw error;
  }
  const out: TreeFile[] = [];
  const walk = async (oid: string, prefix: string): Promise<void> => {
    const { tree } = await git.readTree({ fs, gitdir, oid, cache });
    for (const e of tree) {
      const p = prefix === '' ? e.path : `${prefix}/${e.path}`;
      if (e.type === 'tree') await walk(e.oid, p);
      else if (e.type === 'blob' && (e.mode === '100644' || e.mode === '100755')) out.push({ path: p, oid: e.oid });
    }
  };
  await walk(root, '');
  return out;
}

export async function readBlob(gitdir: string, oid: string, cache: object): Promise<Uint8Array> {
  return (await git.readBlob({ fs, gitdir, oid, cache })).blob;
}
