import type { z } from 'zod';
import type { ThemeSchema } from '../../../preload/contract';

export type ThemePref = z.infer<typeof ThemeSchema>;
export type Theme = 'light' | 'dark';

export function resolveTheme(pref: ThemePref, prefersDark: boolean): Theme {
  if (pref === 'system') return prefersDark ? 'dark' : 'light';
  return pref;
}
