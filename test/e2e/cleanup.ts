import { e2eRuntime } from './runtime';

/** Calls the contract as a script would (for clean-up only: what a spec shows, it does through the window). */
export async function callApi<T>(method: string, input: unknown): Promise<T> {
  const rt = e2eRuntime();
  const res = await fetch(`${rt.apiUrl}/${method}`, { method: 'POST', headers: { authorization: `Bearer ${rt.token}`, 'content-type': 'application/json' }, body: JSON.stringify(input) });
  const body = (await res.json()) as { ok: boolean; value?: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${method}: ${body.error?.message ?? 'failed'}`);
  return body.value as T;
}

/** Removes a project the spec made, with its containers, so later specs start from what they expect. */
export async function removeProjectNamed(name: string): Promise<void> {
  const { projects } = await callApi<{ projects: { id: number; name: string }[] }>('projects.list', {});
  const p = projects.find((x) => x.name === name);
  if (p) await callApi('projects.remove', { id: p.id, purgeData: true });
}
