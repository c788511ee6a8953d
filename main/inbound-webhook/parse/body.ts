import type { Headers } from './headers';
import { mediaTypeOf } from './headers';

export type JsonObject = Record<string, unknown>;

export type DecodedBody =
  | { readonly ok: true; readonly payload: JsonObject; readonly form: boolean }
  | { readonly ok: false; readonly status: 400 | 415; readonly reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export const FORM = 'application/x-www-form-urlencoded';

export function isJsonMediaType(mediaType: string): boolean {
  return mediaType === 'application/json' || mediaType === 'text/json' || mediaType.endsWith('+json');
}

export function decodeUtf8(body: Buffer): string | null {
  try {
    return utf8.decode(body);
  } catch {
    return null;
  }
}

export type FormPayload = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: string } | null;

/**
 * The `payload=` field of a form-encoded hook (Gitea and GitHub offer this). Null when the body has no
 * `payload` field, so that `curl -d '{…}'` (form content type, JSON body) still reads as JSON.
 */
export function formPayload(text: string): FormPayload {
  const values = new URLSearchParams(text).getAll('payload');
  if (values.length === 0) return null;
  if (values.length > 1) return { ok: false, reason: 'the form body has more than one "payload" field' };
  return { ok: true, text: values[0] ?? '' };
}

/** Reads the body as a JSON object (directly or from a form's `payload`), or says why it cannot. */
export function decodeBody(headers: Headers, body: Buffer): DecodedBody {
  const mediaType = mediaTypeOf(headers);
  const isForm = mediaType === FORM;
  if (mediaType !== '' && !isForm && !isJsonMediaType(mediaType)) {
    return { ok: false, status: 415, reason: `Content-Type "${mediaType}" is not supported; send application/json` };
  }
  const text = decodeUtf8(body);
  if (text === null) return { ok: false, status: 400, reason: 'the body is not valid UTF-8' };
  let jsonText = text;
  let form = false;
  if (isForm) {
    const field = formPayload(text);
    if (field && !field.ok) return { ok: false, status: 400, reason: field.reason };
    if (field) {
      jsonText = field.text;
      form = true;
    }
  }
  if (jsonText.trim() === '') return { ok: false, status: 400, reason: 'the body is empty; expected a JSON object' };
  let value: unknown;
  try {
    value = JSON.parse(jsonText);
  } catch (error) {
    const detail = error instanceof Error ? error.message : 'unreadable';
    return { ok: false, status: 400, reason: `the body is not valid JSON (${detail})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, status: 400, reason: 'the body must be a JSON object' };
  }
  return { ok: true, payload: value as JsonObject, form };
}
