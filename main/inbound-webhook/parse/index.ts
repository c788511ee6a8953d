export { parseWebhook } from './parse-webhook';
export { verifySignature, maskHeaders } from './signatures';
export type { VendorSecrets } from './signatures';
export type { GitEvent, Parsed, TagEvent } from './types';
