import { z } from 'zod';

/** A notice for the user: a native notification on the desktop, an in-app toast in a browser. */
export const ToastSchema = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  level: z.enum(['info', 'success', 'warn', 'error']),
  /** Renderer route to open when clicked, e.g. `/projects/3`. */
  route: z.string().nullable(),
  /** An optional button that calls a contract method. */
  action: z.object({ label: z.string(), method: z.string(), input: z.unknown() }).nullable(),
});
export type Toast = z.infer<typeof ToastSchema>;
