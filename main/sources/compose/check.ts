import { parseImageRef } from '../../oci-client/image-ref';
import { checkComposeFile, type ComposeProblem } from './compose-file';

export interface ComposeCheckAnswer {
  ok: boolean;
  problems: ComposeProblem[];
  tracked: string[];
  companions: string[];
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
  return { ok: true, problems: [], tracked, companions };
}
