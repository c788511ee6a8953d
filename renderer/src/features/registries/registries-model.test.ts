import { describe, expect, it } from 'vitest';
import type { RegistryEntry } from '../../../../preload/contract/registries';
import { ApiError } from '../../api/api-error';
import { entryStatus, formErrors, missingFields, verdictChip } from './registries-model';

const entry = (o: Partial<RegistryEntry> = {}): RegistryEntry => ({
  host: 'ghcr.io',
  username: 'acme',
  hasSecret: true,
  problem: null,
  lastTest: null,
  updatedAt: 1,
  ...o,
});

describe('entryStatus', () => {
  it('puts a problem with the stored password first', () => {
    const s = entryStatus(entry({ problem: 'run chmod 600', lastTest: { verdict: 'ok', message: 'fine', at: 5 } }));
    expect(s).toMatchObject({ label: 'Cannot be used', detail: 'run chmod 600', className: 'chip chip-error' });
  });
  it('shows the last test, with its message only when it failed', () => {
    expect(entryStatus(entry({ lastTest: { verdict: 'ok', message: 'accepted', at: 5 } }))).toMatchObject({ label: 'Accepted', detail: null, at: 5 });
    expect(entryStatus(entry({ lastTest: { verdict: 'unauthorized', message: 'update them', at: 6 } }))).toMatchObject({
      label: 'Unauthorized',
      detail: 'update them',
      at: 6,
    });
  });
  it('says when the credentials were never tested', () => {
    expect(entryStatus(entry())).toMatchObject({ label: 'Not tested', detail: null, at: null });
  });
  it('gives every verdict its own chip', () => {
    expect(new Set((['ok', 'unauthorized', 'unreachable', 'error'] as const).map((v) => verdictChip(v).label)).size).toBe(4);
  });
});

describe('formErrors', () => {
  it('puts contract validation messages next to their fields', () => {
    const e = new ApiError({
      code: 'INVALID_INPUT',
      message: 'host: leave out the scheme; password: give the password',
      details: {
        issues: [
          { path: ['host'], message: 'leave out the scheme' },
          { path: ['host'], message: 'second message is dropped' },
          { path: ['password'], message: 'give the password' },
        ],
      },
    });
    expect(formErrors(e)).toEqual({ host: 'leave out the scheme', password: 'give the password' });
  });
  it('keeps other failures for the form', () => {
    expect(formErrors(new ApiError({ code: 'INTERNAL', message: 'The password was not saved: run chmod 600' }))).toEqual({
      form: 'The password was not saved: run chmod 600',
    });
    expect(formErrors(new ApiError({ code: 'INVALID_INPUT', message: 'input: bad', details: { issues: [{ path: [], message: 'give both' }] } }))).toEqual({
      form: 'give both',
    });
  });
});

describe('missingFields', () => {
  it('names each empty field; a password of spaces counts as given', () => {
    expect(missingFields({ host: ' ', username: '', password: '' })).toEqual({
      host: expect.stringContaining('ghcr.io') as unknown,
      username: 'Give the user name.',
      password: 'Give the password or access token.',
    });
    expect(missingFields({ host: 'ghcr.io', username: 'a', password: '  ' })).toEqual({});
  });
});
