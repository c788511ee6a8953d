/** One challenge of a `WWW-Authenticate` header (RFC 7235), scheme lower-cased, parameter names lower-cased. */
export interface AuthChallenge {
  readonly scheme: string;
  readonly params: Readonly<Record<string, string>>;
}

const TOKEN = /[!#$%&'*+\-.^_`|~0-9A-Za-z]+/y;

/**
 * Parses every challenge in a header value. Copes with quoted commas (`scope="repository:a:pull,push"`),
 * several challenges in one value (`Basic realm="x", Bearer realm="y"`) and never throws.
 */
export function parseWwwAuthenticate(header: string): AuthChallenge[] {
  const out: { scheme: string; params: Record<string, string> }[] = [];
  let current: { scheme: string; params: Record<string, string> } | null = null;
  let i = 0;
  const skipSpace = (): void => {
    while (i < header.length && /[\s]/.test(header[i] ?? '')) i++;
  };
  while (i < header.length) {
    while (i < header.length && /[\s,]/.test(header[i] ?? '')) i++;
    if (i >= header.length) break;
    TOKEN.lastIndex = i;
    const m = TOKEN.exec(header);
    if (!m) {
      i++;
      continue;
    }
    const token = m[0];
    i += token.length;
    skipSpace();
    if (header[i] === '=' && current) {
      i++;
      skipSpace();
      let value = '';
      if (header[i] === '"') {
        i++;
        while (i < header.length && header[i] !== '"') {
          if (header[i] === '\\' && i + 1 < header.length) i++;
          value += header[i] ?? '';
          i++;
        }
        i++;
      } else {
        TOKEN.lastIndex = i;
        const v = TOKEN.exec(header);
        if (v) {
          value = v[0];
          i += value.length;
        }
      }
      current.params[token.toLowerCase()] = value;
    } else if (header[i] === '=') {
      // token68 or a parameter before any scheme: skip it.
      while (i < header.length && header[i] !== ',') i++;
    } else {
      current = { scheme: token.toLowerCase(), params: {} };
      out.push(current);
    }
  }
  return out;
}

export interface BearerChallenge {
  readonly scheme: 'bearer';
  readonly realm: string;
  readonly service: string | null;
  readonly scope: string | null;
  readonly error: string | null;
}
export interface BasicChallenge {
  readonly scheme: 'basic';
  readonly realm: string | null;
}

/** The challenge Slipway will answer: Bearer (with a realm) preferred over Basic; null when neither is offered. */
export function pickChallenge(header: string | null): BearerChallenge | BasicChallenge | null {
  if (header === null) return null;
  const all = parseWwwAuthenticate(header);
  const bearer = all.find((c) => c.scheme === 'bearer' && (c.params['realm'] ?? '') !== '');
  if (bearer) {
    return {
      scheme: 'bearer',
      realm: bearer.params['realm'] ?? '',
      service: bearer.params['service'] ?? null,
      scope: bearer.params['scope'] ?? null,
      error: bearer.params['error'] ?? null,
    };
  }
  const basic = all.find((c) => c.scheme === 'basic');
  return basic ? { scheme: 'basic', realm: basic.params['realm'] ?? null } : null;
}
