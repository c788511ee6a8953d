export const TOKEN_KEY = 'slipway.token';

export interface TokenEnv {
  readonly search: string;
  readonly storage: Pick<Storage, 'getItem' | 'setItem'>;
  /** Called with the address without the token, so it never stays in the address bar or history. */
  readonly replaceUrl: (search: string) => void;
}

/** Pure part: the token from `?token=` wins over the stored one; returns the search string without it. */
export function takeToken(search: string, stored: string | null): { readonly token: string | null; readonly search: string | null } {
  const params = new URLSearchParams(search);
  const fromUrl = params.get('token');
  if (fromUrl === null || fromUrl === '') return { token: stored, search: null };
  params.delete('token');
  const rest = params.toString();
  return { token: fromUrl, search: rest === '' ? '' : `?${rest}` };
}

/** Reads the API token once at start-up, keeps it in sessionStorage and drops it from the address bar. */
export function bootstrapToken(env: TokenEnv): string | null {
  const { token, search } = takeToken(env.search, env.storage.getItem(TOKEN_KEY));
  if (token !== null) env.storage.setItem(TOKEN_KEY, token);
  if (search !== null) env.replaceUrl(search);
  return token;
}

export function browserToken(): string | null {
  return bootstrapToken({
    search: window.location.search,
    storage: window.sessionStorage,
    replaceUrl: (search) => window.history.replaceState(window.history.state, '', `${window.location.pathname}${search}${window.location.hash}`),
  });
}
