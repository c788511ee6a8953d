import type { DeliverySummary, DeliveryVerdict, SignatureState } from '../../../../preload/contract/deliveries';

export const verdictTone: Record<DeliveryVerdict, 'ok' | 'info' | 'warn' | 'error' | ''> = {
  accepted: 'ok',
  ignored: '',
  duplicate: '',
  own: '',
  invalid: 'warn',
  unauthorized: 'error',
  'too-large': 'warn',
  error: 'error',
};

/** The signature check in words; a sender's secret is set in Settings → Webhook → Signing secrets. */
export const signatureText: Record<SignatureState, string> = {
  valid: 'verified',
  'not-configured': 'not checked (no secret set for this sender)',
  missing: 'missing (a secret is set, the request was unsigned)',
  invalid: 'wrong (does not match the secret set)',
  replayed: 'not checked (a replay of a verified delivery)',
};

/** One line saying what a delivery did: "deploy web/dev 1.4.0", "update available …", or why not. */
export function outcome(d: DeliverySummary): string {
  const parts: string[] = [];
  for (const e of d.events) {
    if (e.kind === 'git') parts.push(`git ${e.repo} ${e.ref} @ ${e.commit.slice(0, 7)}`);
    else if (e.matches.length === 0) parts.push(`${e.repository}:${e.tag} — ${e.note ?? 'matched nothing'}`);
    else for (const m of e.matches) parts.push(`${m.action} ${m.project}/${m.stage} ${e.tag}`);
    if (e.kind === 'image' && e.created) parts.push(`created project ${e.created.project}`);
  }
  if (parts.length === 0) return d.reason ?? '';
  return parts.join('; ');
}
