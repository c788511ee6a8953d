export { parseWebhook } from './parse-webhook';
export { verifySignature, maskHeaders } from './signatures';
export type { SignatureVerdict, VendorSecrets } from './signatures';
export type { GitEvent, Parsed, TagEvent, Vendor } from './types';
