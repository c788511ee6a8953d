export { parseWebhook } from './parse-webhook';
export { verifySignature, maskHeaders } from './signatures';
export type { SecretKind, SignatureCheck, SignatureVerdict, VendorSecrets } from './signatures';
export { VENDORS } from './types';
export type { GitCommit, GitEvent, HeaderValues, Outcome, Parsed, TagEvent, Vendor, WebhookEvent, WebhookRequest } from './types';
