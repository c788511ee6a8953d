import { useEffect } from 'react';
import { resolveTheme, type ThemePref } from '../state/theme-model';
import { useSettings } from '../state/settings-store';

const CACHE = 'slipway.theme';

/** Applies the theme from settings (cached locally so the first paint is already right). */
export function useTheme(): void {
  const pref = useSettings((s) => s.settings?.theme) ?? (localStorage.getItem(CACHE) as ThemePref | null) ?? 'system';
  useEffect(() => {
    localStorage.setItem(CACHE, pref);
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const apply = (): void => {
      document.documentElement.dataset['theme'] = resolveTheme(pref, media.matches);
    };
    apply();
    media.addEventListener('change', apply);
    return () => media.removeEventListener('change', apply);
  }, [pref]);
}
