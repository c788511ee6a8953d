import { z } from 'zod';

export const Empty = z.object({}).strict();
export const Id = z.number().int().positive();
export const Port = z.number().int().min(1).max(65535);
export const PortOrAny = z.number().int().min(0).max(65535);
export const Timestamp = z.number().int().nonnegative().describe('milliseconds since the Unix epoch');
export const Ok = z.object({ ok: z.literal(true) });

/** The inputs of the many methods that take one thing by its id. */
export const ById = z.object({ id: Id }).strict();
export const ByStage = z.object({ stageId: Id }).strict();
export const ByProject = z.object({ projectId: Id }).strict();
export const ByDelivery = z.object({ deliveryId: Id }).strict();

/** The OCI distribution-spec tag grammar: `[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}`. */
export const TAG_PATTERN = /^[\w][\w.-]{0,127}$/;

/** Why a string can never be an image tag (OCI rules), or null when it can be one. */
export function tagProblem(tag: string): string | null {
  if (TAG_PATTERN.test(tag)) return null;
  const rule = 'a tag uses only letters, digits, "_", "." and "-", does not start with "." or "-", and has at most 128 characters (the OCI rule)';
  const bad = [...new Set(tag.match(/[^\w.-]/gu) ?? [])].map((c) => JSON.stringify(c));
  let why: string;
  if (tag.length === 0) why = 'it is empty';
  else if (bad.length > 0) why = `it contains ${bad.slice(0, 5).join(', ')}`;
  else if (tag.length > 128) why = `it is ${String(tag.length)} characters long`;
  else why = `it starts with "${tag.charAt(0)}"`;
  return `"${tag.length > 40 ? `${tag.slice(0, 40)}…` : tag}" can never be an image tag: ${why}; ${rule}.`;
}

/** An image tag, checked against the OCI grammar at the boundary so a tag that cannot exist is never queued. */
export const ImageTag = z.string().superRefine((tag, ctx) => {
  const problem = tagProblem(tag);
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
});
