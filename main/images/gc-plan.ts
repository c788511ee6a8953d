/** An image Slipway pulled, as clean-up sees it. */
export interface PulledRef {
  readonly imageId: string;
  readonly repository: string;
  readonly digest: string;
}

export interface GcInput {
  readonly pulled: readonly PulledRef[];
  /** Image ids of every container on the engine, in any state, whoever made it. */
  readonly containerImages: ReadonlySet<string>;
  /** Digests a stage still needs: every instance not removed (live, warm, kept) and each stage's rollback target. */
  readonly neededDigests: ReadonlySet<string>;
}

/** The pulled images clean-up may remove: used by no container and needed by no stage. */
export function gcCandidates(input: GcInput): PulledRef[] {
  return input.pulled.filter((p) => !input.containerImages.has(p.imageId) && !input.neededDigests.has(p.digest));
}

/** Which of an image's references are Slipway's to remove: those of the repository it pulled it as. */
export function ownReferences(repository: string, aliases: readonly string[], refs: readonly string[]): string[] {
  const names = new Set([repository, ...aliases]);
  return refs.filter((r) => {
    const at = r.indexOf('@');
    const name = at >= 0 ? r.slice(0, at) : r.slice(0, r.lastIndexOf(':') > r.lastIndexOf('/') ? r.lastIndexOf(':') : r.length);
    return names.has(name);
  });
}
