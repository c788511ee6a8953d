import { describe, expect, it } from 'vitest';
import { blankRow, replaceRow, rowsOf, setSecret, toEnvInput, type EnvRow } from './env-rows';

const row = (name: string, value: string, secret = false, saved = false): EnvRow => ({ ...blankRow(), name, value, secret, saved });

describe('env rows', () => {
  it('shows plain values and saved secrets by name only, sorted', () => {
    const rows = rowsOf({ MODE: 'dev' }, { API_TOKEN: null });
    expect(rows.map((r) => [r.name, r.value, r.secret, r.saved])).toEqual([
      ['API_TOKEN', '', true, true],
      ['MODE', 'dev', false, false],
    ]);
  });

  it('sends a saved secret back as null (keep), a typed one as its value, plain ones in env', () => {
    const rows = [row('API_TOKEN', '', true, true), row('DB_PASSWORD', 'typed', true), row('MODE', 'dev')];
    expect(toEnvInput(rows)).toEqual({ env: { MODE: 'dev' }, secretEnv: { API_TOKEN: null, DB_PASSWORD: 'typed' } });
  });

  it('a replaced secret takes the new value; making a saved secret plain needs the value again', () => {
    const saved = row('API_TOKEN', '', true, true);
    expect(toEnvInput([{ ...replaceRow(saved), value: 'new' }])).toEqual({ env: {}, secretEnv: { API_TOKEN: 'new' } });
    const plain = setSecret(saved, false);
    expect(plain).toMatchObject({ secret: false, saved: false, value: '' });
    expect(setSecret(row('X', 'typed'), true)).toMatchObject({ secret: true, value: 'typed' });
  });

  it('skips blank rows and names the rows with bad or repeated names', () => {
    const bad = row('1X', 'v');
    const twice = row('A', '2');
    const unnamed = row('', 'v');
    const out = toEnvInput([row('', ''), row('A', '1'), bad, twice, unnamed]);
    if (!('errors' in out)) throw new Error('expected errors');
    expect(out.errors.get(bad.key)).toMatch(/not a variable name/);
    expect(out.errors.get(twice.key)).toMatch(/listed twice/);
    expect(out.errors.get(unnamed.key)).toMatch(/Give the variable a name/);
    expect(out.errors.size).toBe(3);
  });
});
