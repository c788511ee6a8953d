/** `refs/heads/x` → branch x, `refs/tags/x` → tag x. */
export function refParts(ref: string): { readonly branch?: string; readonly tag?: string } {
  if (ref.startsWith('refs/heads/')) return { branch: ref.slice('refs/heads/'.length) };
  if (ref.startsWith('refs/tags/')) return { tag: ref.slice('refs/tags/'.length) };
  return {};
}

/** The all-zero object id git hooks use for "this ref was deleted". */
export const isZeroSha = (sha: string | null | undefined): boolean => typeof sha === 'string' && /^0{7,}$/.test(sha);

export const isCommitId = (sha: string): boolean => /^[0-9a-f]{7,64}$/i.test(sha);
