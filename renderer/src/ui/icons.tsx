import type { ReactElement } from 'react';

/** Stroke icons drawn inline (no image requests, so the CSP stays tight). Decorative: always aria-hidden. */
const paths = {
  projects: 'M3 7h7l2 2h9v10H3z M3 7V5h6l2 2',
  deliveries: 'M4 12h10 M10 6l6 6-6 6 M20 4v16',
  events: 'M4 6h16 M4 12h16 M4 18h10',
  settings: 'M12 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6z M19 12l2-1-1-3-2 .3-1.3-1.3.3-2-3-1-1 2h-2l-1-2-3 1 .3 2L6 7.3 4 7 3 10l2 1v2l-2 1 1 3 2-.3 1.3 1.3-.3 2 3 1 1-2h2l1 2 3-1-.3-2 1.3-1.3 2 .3 1-3-2-1z',
  copy: 'M8 8h11v12H8z M5 16V4h11',
  refresh: 'M20 11a8 8 0 1 0-2.3 5.7 M20 4v7h-7',
  plus: 'M12 5v14 M5 12h14',
  close: 'M6 6l12 12 M18 6L6 18',
  arrow: 'M5 12h14 M13 6l6 6-6 6',
  search: 'M11 4a7 7 0 1 0 0 14 7 7 0 0 0 0-14z M20 20l-4-4',
  external: 'M14 4h6v6 M20 4l-9 9 M18 14v6H4V6h6',
  download: 'M12 4v12 M6 10l6 6 6-6 M4 20h16',
  upload: 'M12 20V8 M6 14l6-6 6 6 M4 4h16',
  folder: 'M3 6h7l2 2h9v11H3z',
  file: 'M6 3h8l4 4v14H6z M14 3v4h4',
  play: 'M7 5l12 7-12 7z',
  pause: 'M8 5v14 M16 5v14',
  trash: 'M4 7h16 M9 7V4h6v3 M6 7l1 13h10l1-13',
  chevron: 'M9 6l6 6-6 6',
  back: 'M15 6l-6 6 6 6',
  git: 'M6 4v16 M6 8a3 3 0 1 0 0-.1 M18 8a3 3 0 1 0 0-.1 M18 11c0 4-6 3-12 7',
  poller: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z M12 7v5l3 2',
} as const;

export type IconName = keyof typeof paths;

export function Icon({ name, size = 16 }: { readonly name: IconName; readonly size?: number }): ReactElement {
  return (
    <svg className="icon" width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={paths[name]} fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
