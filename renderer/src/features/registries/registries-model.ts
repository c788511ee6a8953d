import { z } from 'zod';
import type { RegistryEntry, RegistryTestVerdict } from '../../../../preload/contract/registries';
import { ApiError, errorMessage } from '../../api/api-error';

export interface Chip {
  readonly className: string;
  readonly label: string;
}

const verdicts: Record<RegistryTestVerdict, Chip> = {
  ok: { className: 'chip chip-ok', label: 'Accepted' },
  unauthorized: { className: 'chip chip-error', label: 'Unauthorized' },
  unreachable: { className: 'chip chip-warn', label: 'Unreachable' },
  error: { className: 'chip chip-error', label: 'Failed' },
};

export const verdictChip = (v: RegistryTestVerdict): Chip => verdicts[v];

/** What a row says about its credentials: unusable (and why), the last test, or not tested yet. */
export function entryStatus(e: RegistryEntry): Chip & { readonly detail: string | null; readonly at: number | null } {
  if (e.problem !== null) return { className: 'chip chip-error', label: 'Cannot be used', detail: e.problem, at: null };
  if (e.lastTest !== null) return { ...verdictChip(e.lastTest.verdict), detail: e.lastTest.verdict === 'ok' ? null : e.lastTest.message, at: e.lastTest.at };
  return { className: 'chip chip-plain', label: 'Not tested', detail: null, at: null };
}

export type FormField = 'host' | 'username' | 'password';
export type FormErrors = Partial<Record<FormField | 'form', string>>;

const IssuesSchema = z.object({ issues: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() })) });
const FIELDS = new Set<string>(['host', 'username', 'password']);

/** A failed save or test as errors next to the fields they concern (the contract names them); anything else for the form. */
export function formErrors(error: unknown): FormErrors {
  if (error instanceof ApiError && error.code === 'INVALID_INPUT') {
    const parsed = IssuesSchema.safeParse(error.details);
    if (parsed.success) {
      const out: FormErrors = {};
      for (const issue of parsed.data.issues) {
        const field = String(issue.path[0] ?? '');
        const key = FIELDS.has(field) ? (field as FormField) : 'form';
        out[key] ??= issue.message;
      }
      if (Object.keys(out).length > 0) return out;
    }
  }
  return { form: errorMessage(error) };
}

/** Errors found before asking Slipway: empty fields. */
export function missingFields(f: { readonly host: string; readonly username: string; readonly password: string }): FormErrors {
  const out: FormErrors = {};
  if (f.host.trim() === '') out.host = 'Give the registry host, e.g. ghcr.io or localhost:5000.';
  if (f.username.trim() === '') out.username = 'Give the user name.';
  if (f.password === '') out.password = 'Give the password or access token.';
  return out;
}
