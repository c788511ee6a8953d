import { describe, expect, it } from 'vitest';
import { maskedSecretEnv, nextEnv, openLevel } from './secret-env';

// A reversible stand-in for the secret box: what matters here is which values get sealed and kept.
const seal = (v: string): string => `sealed:${v}`;
const open = (v: string): string => {
  if (!v.startsWith('sealed:')) throw new Error('does not match the key file');
  return v.slice('sealed:'.length);
};

describe('nextEnv', () => {
  it('seals the secret values of a new project and keeps plain ones as given', () => {
    const next = nextEnv(null, { env: { MODE: 'dev' }, secretEnv: { TOKEN: 'abc' } }, seal);
    expect(next).toEqual({ env: { MODE: 'dev' }, secretEnv: { TOKEN: 'sealed:abc' } });
  });

  it('refuses null (keep) on a create: there is nothing saved', () => {
    expect(() => nextEnv(null, { secretEnv: { TOKEN: null } }, seal, 'stages.0.')).toThrow(/stages\.0\.secretEnv\.TOKEN: there is no saved value to keep; give the value/);
  });

  const saved = { env: { MODE: 'dev' }, secretEnv: { TOKEN: 'sealed:old', DB_PASSWORD: 'sealed:pw' } };

  it('keeps every saved secret when secretEnv is absent, also when env changes', () => {
    expect(nextEnv(saved, { env: { MODE: 'prod' } }, seal)).toEqual({ env: { MODE: 'prod' }, secretEnv: saved.secretEnv });
    expect(nextEnv(saved, {}, seal)).toEqual(saved);
  });

  it('keeps a secret sent back as null without re-sealing it, replaces one sent with a value, removes one left out', () => {
    const next = nextEnv(saved, { secretEnv: { TOKEN: null, API_KEY: 'new' } }, seal);
    expect(next.secretEnv).toEqual({ TOKEN: 'sealed:old', API_KEY: 'sealed:new' });
    expect(nextEnv(saved, { secretEnv: { TOKEN: 'rotated', DB_PASSWORD: null } }, seal).secretEnv).toEqual({ TOKEN: 'sealed:rotated', DB_PASSWORD: 'sealed:pw' });
    expect(nextEnv(saved, { secretEnv: {} }, seal).secretEnv).toEqual({});
  });

  it('turns a secret plain only when secretEnv leaves it out', () => {
    expect(() => nextEnv(saved, { env: { TOKEN: 'visible' } }, seal)).toThrow(/TOKEN is a secret variable\. To make it plain, send secretEnv without it/);
    expect(nextEnv(saved, { env: { TOKEN: 'visible' }, secretEnv: { DB_PASSWORD: null } }, seal)).toEqual({ env: { TOKEN: 'visible' }, secretEnv: { DB_PASSWORD: 'sealed:pw' } });
  });

  it('refuses a name in both env and secretEnv', () => {
    expect(() => nextEnv(null, { env: { X: '1' }, secretEnv: { X: '2' } }, seal)).toThrow(/env\.X: X is in both env and secretEnv/);
  });

  it('counts plain and secret variables together against the limit', () => {
    const many = (n: number, prefix: string): Record<string, string> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${String(i)}`, 'v']));
    expect(() => nextEnv(null, { env: many(300, 'P'), secretEnv: many(201, 'S') }, seal)).toThrow(/501 variables with the secret ones; at most 500/);
    expect(Object.keys(nextEnv(null, { env: many(300, 'P'), secretEnv: many(200, 'S') }, seal).secretEnv)).toHaveLength(200);
  });
});

describe('openLevel', () => {
  it('gives the container plain and opened secret values', () => {
    expect(openLevel({ env: { A: '1' }, secretEnv: { B: 'sealed:2' } }, open, 'project web')).toEqual({ A: '1', B: '2' });
  });

  it('names the variable it cannot open, so the user knows what to enter again', () => {
    expect(() => openLevel({ env: {}, secretEnv: { B: 'garbage' } }, open, 'stage web / dev')).toThrow(/secret variable B of stage web \/ dev cannot be opened \(does not match the key file\)/);
  });
});

describe('maskedSecretEnv', () => {
  it('shows names only', () => {
    const masked = maskedSecretEnv({ TOKEN: 'sealed:abc' });
    expect(masked).toEqual({ TOKEN: null });
    expect(JSON.stringify(masked)).not.toContain('abc');
  });
});
