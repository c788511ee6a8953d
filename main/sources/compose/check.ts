import { parseImageRef } from '../../oci-client/image-ref';
import { checkComposeFile, type ComposeProblem, type ComposeService } from './compose-file';

export interface ComposeCheckAnswer {
  ok: boolean;
  problems: ComposeProblem[];
  tracked: string[];
  companions: string[];
}

/**
 * One tracked service per stack for now: each deploy makes one instance (one container) that is
 * swapped blue-green. A second service from the same image is refused with what to do instead.
 */
export function trackedLimit(services: readonly ComposeService[]): ComposeProblem | null {
  const tracked = services.filter((s) => s.tracked);
  if (tracked.length <= 1) return null;
  const names = tracked.map((s) => `"${s.name}"`).join(' and ');
  return {
    service: tracked[1]?.name ?? null,
    line: null,
    message: `Services ${names} both use the project's image; Slipway swaps one tracked service per stack. Give the others a different image, or make them a project of their own.`,
  };
}

/** `compose.check`: the file checked against the project's repository, as a form shows it while the user types. */
export function checkCompose(input: { readonly compose: string; readonly image: string; readonly allowHostAccess: boolean }): ComposeCheckAnswer {
  let repository: string;
  try {
    repository = parseImageRef(input.image.trim()).name;
  } catch (error) {
    const message = `The image "${input.image}" is not a repository Slipway can read (${error instanceof Error ? error.message : String(error)}); e.g. "localhost:5000/acme/web".`;
    return { ok: false, problems: [{ service: null, line: null, message }], tracked: [], companions: [] };
  }
  const check = checkComposeFile(input.compose, { repository, allowHostAccess: input.allowHostAccess });
  if (!check.ok) return { ok: false, problems: [...check.problems], tracked: [], companions: [] };
  const tracked = check.services.filter((s) => s.tracked).map((s) => s.name);
  const companions = check.services.filter((s) => !s.tracked).map((s) => s.name);
  const limit = trackedLimit(check.services);
  return { ok: limit === null, problems: limit ? [limit] : [], tracked, companions };
}
