/** What to do about a failure, for messages that say only what went wrong; null when the message already says it or nothing fits. */
export function nextStep(message: string): string | null {
  const m = message.toLowerCase();
  // A message that already names a remedy needs no second one.
  if (/\b(start docker|settings →|try again|give |use |add )/.test(m)) return null;
  if (/(docker\.sock|cannot connect to the docker daemon|engine (is )?unreachable|connect econnrefused.*(2375|2376|docker)|docker engine)/.test(m)) {
    return 'Start Docker, or set DOCKER_HOST (or Settings → Docker engine → Docker endpoint) to where it listens.';
  }
  if (/(\b401\b|unauthori[sz]ed|authentication required|no basic auth credentials|access denied|denied: requested access)/.test(m)) {
    return 'Add credentials for this registry in Settings → Registries (or run docker login), then try again.';
  }
  if (/(manifest unknown|repository .*not found|name unknown|\b404\b)/.test(m)) return 'Check the image name and tag: Deploy… lists the tags the registry has.';
  if (/(enotfound|etimedout|econnrefused|econnreset|fetch failed|socket hang up)/.test(m)) return 'Check the address, and that the host answers from this machine.';
  return null;
}
