import { describe, expect, it } from 'vitest';
import { AppError } from '../dispatch/app-error';
import { checkEntryName, volumeSegments } from './safe-path';

const refused = (p: string): AppError => {
  try {
    volumeSegments(p);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error(`"${p}" was accepted`);
};

describe('volumeSegments', () => {
  it('splits plain relative paths', () => {
    expect(volumeSegments('')).toEqual([]);
    expect(volumeSegments('a')).toEqual(['a']);
    expect(volumeSegments('a/b c/d.txt')).toEqual(['a', 'b c', 'd.txt']);
    expect(volumeSegments('logs/')).toEqual(['logs']);
    expect(volumeSegments('..hidden/x..y')).toEqual(['..hidden', 'x..y']);
  });

  it('refuses ".." anywhere', () => {
    for (const p of ['..', '../etc/passwd', 'a/../../b', 'a/..', 'a/b/../..']) {
      const e = refused(p);
      expect(e.code).toBe('FORBIDDEN_PATH');
      expect(e.message).toContain('".."');
    }
  });

  it('refuses absolute paths', () => {
    for (const p of ['/etc/passwd', '/', 'C:/Windows', 'c:\\x']) expect(refused(p).message).toMatch(/absolute/);
  });

  it('refuses encoded separators and dots', () => {
    for (const p of ['a%2fb', '..%2Fetc', '%2e%2e/etc', 'a%5Cb', 'x%00']) expect(refused(p).message).toMatch(/encoded/);
  });

  it('refuses backslashes, NUL bytes, empty and "." names', () => {
    expect(refused('a\\..\\b').message).toMatch(/backslash/);
    expect(refused('a\0b').message).toMatch(/NUL/);
    expect(refused('a//b').message).toMatch(/empty/);
    expect(refused('./a').message).toMatch(/empty or "\."/);
    expect(refused('x'.repeat(256)).message).toMatch(/255/);
  });
});

describe('checkEntryName', () => {
  it('accepts one name and refuses paths', () => {
    expect(checkEntryName('report.txt')).toBe('report.txt');
    expect(() => checkEntryName('a/b')).toThrow(/single name/);
    expect(() => checkEntryName('..')).toThrow(AppError);
    expect(() => checkEntryName('')).toThrow(/single name/);
  });
});
