import { ContainerRunSchema, type ContainerRun } from '../../../../preload/contract/projects';

/** The "How it runs" form: argument lists one per line, aliases separated by commas or spaces. */
export interface RunForm {
  readonly command: string;
  readonly entrypoint: string;
  readonly user: string;
  readonly workingDir: string;
  readonly network: string;
  readonly aliases: string;
}

export function runForm(run: ContainerRun): RunForm {
  return {
    command: (run.command ?? []).join('\n'),
    entrypoint: (run.entrypoint ?? []).join('\n'),
    user: run.user ?? '',
    workingDir: run.workingDir ?? '',
    network: run.network?.name ?? '',
    aliases: (run.network?.aliases ?? []).join(', '),
  };
}

const lines = (text: string): string[] | undefined => {
  const args = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return args.length > 0 ? args : undefined;
};
const words = (text: string): string[] => text.split(/[\s,]+/).filter((w) => w !== '');
const text = (t: string): string | undefined => (t.trim() === '' ? undefined : t.trim());

/** Empty fields keep the image's own; the contract's rules judge the rest, field by field. */
export function runFromForm(f: RunForm): { readonly run: ContainerRun } | { readonly errors: Partial<Record<keyof RunForm, string>> } {
  const network = text(f.network);
  if (network === undefined && words(f.aliases).length > 0) return { errors: { aliases: 'Aliases need a network: give its name.' } };
  const parsed = ContainerRunSchema.safeParse({
    command: lines(f.command),
    entrypoint: lines(f.entrypoint),
    user: text(f.user),
    workingDir: text(f.workingDir),
    network: network === undefined ? undefined : { name: network, aliases: words(f.aliases) },
  });
  if (parsed.success) return { run: Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)) };
  const errors: Partial<Record<keyof RunForm, string>> = {};
  for (const issue of parsed.error.issues) {
    const [first, second] = issue.path;
    const field: keyof RunForm = first === 'network' ? (second === 'aliases' ? 'aliases' : 'network') : (first as keyof RunForm);
    errors[field] ??= issue.message;
  }
  return { errors };
}
